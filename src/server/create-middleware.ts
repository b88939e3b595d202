// Shelf's createMiddleware: middleware from up to three hooks, without writing the wrapping by hand.
import { isPromiseLike } from './internal';
import type { HttpHandler, HttpMiddleware, RequestInfo } from './types';

type MaybePromise<T> = T | Promise<T>;

/** Hooks of {@link createMiddleware}; each is optional. */
export interface MiddlewareHooks {
  /** Runs first. A Response short-circuits: the inner handler and `responseHandler` are skipped. Return nothing to go on. */
  requestHandler?: (request: Request, info: RequestInfo) => MaybePromise<Response | null | undefined | void>;
  /** Sees the inner handler's response and returns the one to send (the same or another). */
  responseHandler?: (response: Response, request: Request, info: RequestInfo) => MaybePromise<Response>;
  /**
   * Sees errors of the inner handler only (not of the other two hooks) and returns a response, or
   * rethrows. Its response does not go through `responseHandler`.
   */
  errorHandler?: (error: unknown, request: Request, info: RequestInfo) => MaybePromise<Response>;
}

/**
 * Builds middleware from a request hook, a response hook and an error hook.
 *
 * @example
 * ```ts
 * const auth = createMiddleware({
 *   requestHandler: (request) =>
 *     request.headers.get('authorization') === 'Bearer s3cret' ? undefined : new Response('Unauthorized', { status: 401 }),
 *   responseHandler: (response) => { response.headers.set('cache-control', 'no-store'); return response; },
 *   errorHandler: (error) => Response.json({ error: String(error) }, { status: 502 }),
 * });
 * ```
 */
export function createMiddleware(hooks: MiddlewareHooks = {}): HttpMiddleware {
  const { requestHandler, responseHandler, errorHandler } = hooks;
  return (inner: HttpHandler): HttpHandler => {
    const runInner = (request: Request, info: RequestInfo): Response | Promise<Response> => {
      let out: Response | Promise<Response>;
      try {
        out = inner(request, info);
      } catch (err) {
        if (!errorHandler) throw err;
        return errorHandler(err, request, info);
      }
      if (isPromiseLike(out)) {
        if (!responseHandler && !errorHandler) return out;
        // then(onResponse, onError): onError sees the inner handler's rejection, never onResponse's.
        return out.then(
          responseHandler && ((response) => responseHandler(response, request, info)),
          errorHandler && ((err: unknown) => errorHandler(err, request, info)),
        );
      }
      return responseHandler ? responseHandler(out, request, info) : out;
    };
    if (!requestHandler) return runInner;
    return (request, info) => {
      const early = requestHandler(request, info);
      if (isPromiseLike(early)) return early.then((response) => response ?? runInner(request, info));
      return early ?? runInner(request, info);
    };
  };
}
