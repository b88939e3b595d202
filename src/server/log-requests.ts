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
export function logRequests(options: LogRequestsOptions = {}): HttpMiddleware {
  const logger = options.logger ?? consoleLineLogger;
  const line = (request: Request, response: Response, started: number): Response => {
    const elapsedMs = Math.round((performance.now() - started) * 1000) / 1000;
    const method = request.method;
    const path = pathOf(request);
    const status = response?.status;
    logger.info({ method, path, status, elapsedMs }, `${method} ${path} ${status} ${elapsedMs}ms`);
    return response;
  };
  const failed = (request: Request, err: unknown, started: number): never => {
    const elapsedMs = Math.round((performance.now() - started) * 1000) / 1000;
    const method = request.method;
    const path = pathOf(request);
    logger.error({ err, method, path, elapsedMs }, `${method} ${path} failed after ${elapsedMs}ms`);
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
