/**
 * The logger shape Matryoshka writes to: pino's. Pass a pino logger, `console`-backed adapter, or
 * anything with these four methods. Each takes either a message, or an object then a message.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 * new CommandProcessor({ subscribers, logger: pino() });
 * ```
 */
export interface Logger {
  debug(objOrMsg: object | string, msg?: string): void;
  info(objOrMsg: object | string, msg?: string): void;
  warn(objOrMsg: object | string, msg?: string): void;
  error(objOrMsg: object | string, msg?: string): void;
}

const noop = (): void => undefined;

/** A logger that drops everything: the default, so a library is silent until asked. */
export const silentLogger: Logger = Object.freeze({ debug: noop, info: noop, warn: noop, error: noop });
