// Shelf's logRequests: one line per request, and errors logged on their way out.
import { performance } from 'node:perf_hooks';
import type { Logger } from '../core';
import { consoleLineLogger } from './console-logger';
import { isPromiseLike } from './internal';
import { pathOf } from './read-request';
import type { HttpMiddleware } from './types';

/** Options of {@link logRequests}. */
export interface LogRequestsOptions {
  /** Where lines go; default: info lines to stdout, errors to stderr. */
  logger?: Logger;
}

/**
 * Logs one line per request — method, status, path (without the query) and elapsed time — at info
 * level with the same fields as an object (`{ method, path, status, elapsedMs }`). An error from the
 * inner handler is logged at error level (`{ err, method, path, elapsedMs }`) and rethrown.
 *
 * @example
 * ```ts
 * const app = new HttpPipeline().addMiddleware(logRequests({ logger: pino() })).addHandler(handler);
 * // info: GET /users/7 200 1.2ms
 * ```
 */
/**
 * `us / 1000` written as `String(us / 1000)` writes it, for a whole number of microseconds `us`.
 * Built from integers: turning a fractional double into a string costs a few µs per request on a
 * busy server (V8 keeps every such string in its number-to-string cache, so each one outlives the
 * young generation), where small integers come straight from that cache.
 */
export function formatMs(us: number): string {
  // Up to 1e12 µs (11 days) the decimal digits of us are exactly those of the double us / 1000.
  if (!(Number.isInteger(us) && us >= 0 && us <= 1e12)) return String(us / 1000);
  const whole = Math.floor(us / 1000);
  const frac = us - whole * 1000;
  if (frac === 0) return `${whole}`;
  const digits = frac < 10 ? `00${frac}` : frac < 100 ? `0${frac}` : `${frac}`;
  // Number#toString drops trailing zeros: 0.12, not 0.120.
  return `${whole}.${frac % 100 === 0 ? digits[0] : frac % 10 === 0 ? digits.slice(0, 2) : digits}`;
}

export function logRequests(options: LogRequestsOptions = {}): HttpMiddleware {
  const logger = options.logger ?? consoleLineLogger;
  const line = (request: Request, response: Response, started: number): Response => {
    const us = Math.round((performance.now() - started) * 1000);
    const elapsedMs = us / 1000;
    const method = request.method;
    const path = pathOf(request);
    const status = response?.status;
    logger.info({ method, path, status, elapsedMs }, `${method} ${path} ${status} ${formatMs(us)}ms`);
    return response;
  };
  const failed = (request: Request, err: unknown, started: number): never => {
    const us = Math.round((performance.now() - started) * 1000);
    const elapsedMs = us / 1000;
    const method = request.method;
    const path = pathOf(request);
    logger.error({ err, method, path, elapsedMs }, `${method} ${path} failed after ${formatMs(us)}ms`);
    throw err;
  };
  return (inner) => (request, info) => {
    const started = performance.now();
    let out: Response | Promise<Response>;
    try {
      out = inner(request, info);
    } catch (err) {
      return failed(request, err, started);
    }
    // Closures only for a handler that answers later; a sync chain allocates none.
    return isPromiseLike(out)
      ? out.then(
          (response) => line(request, response, started),
          (err: unknown) => failed(request, err, started),
        )
      : line(request, out, started);
  };
}
