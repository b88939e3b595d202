// The CommandProcessor behind HTTP routes: request → command → processor → status code.
import type { Logger } from '../core';
// The errors module only: importing the processor itself would load tsyringe for every server user.
import { MissingHandlerError } from '../processor/errors';
import type { Request as MatryoshkaRequest } from '../requests/request';
import { consoleErrorLogger } from './console-logger';
import { PayloadTooLargeError, RequestValidationError } from './errors';
import { FastResponse } from './fast-response';
import { pathOf } from './read-request';
import { Router } from './router';
import type { HttpHandler, RequestInfo } from './types';

/** What commandRoutes needs of a processor (a CommandProcessor has it). */
export interface CommandSender {
  send(command: MatryoshkaRequest<any>, options?: { signal?: AbortSignal }): Promise<unknown>;
  publish(event: MatryoshkaRequest<any>, options?: { signal?: AbortSignal }): Promise<void>;
}

/** One route of {@link commandRoutes}. */
export interface CommandRoute {
  /** HTTP method, e.g. 'POST'. */
  readonly method: string;
  /** Router path pattern, `:param` segments allowed (`/orders/:id/cancel`). */
  readonly path: string;
  /**
   * Builds the command (or event) from the request, usually from `await request.json()` and
   * `info.params`. Throw RequestValidationError for a 400 with your reason.
   */
  readonly toCommand: (
    request: Request,
    info: RequestInfo,
  ) => MatryoshkaRequest<any> | Promise<MatryoshkaRequest<any>>;
  /** true: `processor.publish` the result (an event) and answer 204; default: `processor.send` it. */
  readonly publish?: boolean;
}

/** Options of {@link commandRoutes}. */
export interface CommandRoutesOptions {
  /** Where 500s are logged (the error, method and path); default: errors to the console. */
  logger?: Logger;
}

const JSON_TYPE = { 'content-type': 'application/json' };
const problem = (status: number, error: string): Response => FastResponse.json({ error }, { status });

/**
 * Puts a CommandProcessor behind HTTP routes. Per request: `toCommand` builds the command, the
 * processor sends it (or publishes it, for `publish: true`), and the outcome becomes a status:
 *
 * | outcome | response |
 * |---|---|
 * | a result | 200, the result as JSON |
 * | `undefined` or `null` result; a published event | 204, no body |
 * | body not valid JSON (SyntaxError from `toCommand`), RequestValidationError | 400 `{"error": reason}` |
 * | MissingHandlerError | 404 `{"error":"Not Found"}` |
 * | body over the limit (PayloadTooLargeError) | 413 `{"error":"Payload Too Large"}` |
 * | anything else | 500 `{"error":"Internal Server Error"}`, the error logged, never sent |
 *
 * Unknown paths get 404 and known paths with another method 405 (it is a {@link Router}); the
 * client going away aborts the send (`info.signal` is passed as the send's signal).
 *
 * @example
 * ```ts
 * const api = commandRoutes(processor, [
 *   { method: 'POST', path: '/greetings', toCommand: async (req) => new GreetCommand((await req.json()).name) },
 *   { method: 'POST', path: '/orders/:id/placed', publish: true, toCommand: (_req, info) => new OrderPlaced(Number(info.params.id)) },
 * ]);
 * await serve(new Cascade().add(api).add(staticFiles).handler);
 * ```
 */
export function commandRoutes(
  processor: CommandSender,
  routes: readonly CommandRoute[],
  options: CommandRoutesOptions = {},
): HttpHandler {
  const logger = options.logger ?? consoleErrorLogger;
  const router = new Router();

  const serverError = (request: Request, err: unknown): Response => {
    const path = pathOf(request);
    logger.error({ err, method: request.method, path }, `command route failed: ${request.method} ${path}`);
    return problem(500, 'Internal Server Error');
  };

  for (const route of routes) {
    router.add(route.method, route.path, async (request, info) => {
      let command: MatryoshkaRequest<any>;
      try {
        command = await route.toCommand(request, info);
      } catch (err) {
        if (err instanceof RequestValidationError) return problem(400, err.message);
        // by name too: body.json() may throw a SyntaxError from another realm (undici's)
        if (err instanceof SyntaxError || (err as Error)?.name === 'SyntaxError')
          return problem(400, 'request body is not valid JSON');
        if (err instanceof PayloadTooLargeError) return problem(413, 'Payload Too Large');
        return serverError(request, err);
      }
      try {
        if (route.publish) {
          await processor.publish(command, { signal: info.signal });
          return new FastResponse(null, { status: 204 });
        }
        const result = await processor.send(command, { signal: info.signal });
        if (result === undefined || result === null) return new FastResponse(null, { status: 204 });
        return new FastResponse(JSON.stringify(result), { status: 200, headers: JSON_TYPE });
      } catch (err) {
        if (err instanceof RequestValidationError) return problem(400, err.message);
        if (err instanceof MissingHandlerError) return problem(404, 'Not Found');
        if (
          err instanceof AggregateError &&
          err.errors.length > 0 &&
          err.errors.every((e) => e instanceof RequestValidationError)
        ) {
          return problem(400, (err.errors[0] as Error).message);
        }
        return serverError(request, err);
      }
    });
  }
  return router.handler;
}
