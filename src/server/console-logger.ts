// Default loggers for the server layer. Shelf's adapter prints errors to the console by default; a
// 500 that leaves no trace anywhere is worse than a line on stderr.
import type { Logger } from '../core';

const noop = (): void => undefined;

function line(objOrMsg: object | string, msg?: string): unknown[] {
  return typeof objOrMsg === 'string' ? [objOrMsg] : msg === undefined ? [objOrMsg] : [msg, objOrMsg];
}

/** Errors and warnings to the console, nothing else: the default logger of `serve` and `commandRoutes`. */
export const consoleErrorLogger: Logger = Object.freeze({
  debug: noop,
  info: noop,
  warn: (objOrMsg: object | string, msg?: string) => console.warn(...line(objOrMsg, msg)),
  error: (objOrMsg: object | string, msg?: string) => console.error(...line(objOrMsg, msg)),
});

/** Info lines (the message only) to stdout, errors to stderr: the default logger of `logRequests`. */
export const consoleLineLogger: Logger = Object.freeze({
  debug: noop,
  info: (objOrMsg: object | string, msg?: string) =>
    console.log(typeof objOrMsg === 'string' ? objOrMsg : (msg ?? '')),
  warn: (objOrMsg: object | string, msg?: string) => console.warn(...line(objOrMsg, msg)),
  error: (objOrMsg: object | string, msg?: string) => console.error(...line(objOrMsg, msg)),
});
