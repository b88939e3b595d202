/**
 * A handler: takes a WHATWG `Request` (plus what the adapter knows about it) and returns a
 * `Response`, synchronously or not. Everything in this layer is a handler or wraps one.
 *
 * @example
 * ```ts
 * const hello: HttpHandler = () => new Response('Hello, World!');
 * ```
 */
export type HttpHandler = (request: Request, info: RequestInfo) => Response | Promise<Response>;

/**
 * Middleware: a function that wraps a handler in another handler (Shelf's `Middleware`).
 *
 * @example
 * ```ts
 * const timing: HttpMiddleware = (inner) => async (request, info) => {
 *   const started = performance.now();
 *   const response = await inner(request, info);
 *   response.headers.set('server-timing', `app;dur=${performance.now() - started}`);
 *   return response;
 * };
 * ```
 */
export type HttpMiddleware = (inner: HttpHandler) => HttpHandler;

/**
 * What the adapter knows about a request beyond the WHATWG `Request`. Passed to every handler
 * alongside the request; routers hand inner handlers a copy with `params` filled in.
 *
 * @example
 * ```ts
 * const whoAmI: HttpHandler = (_request, info) =>
 *   Response.json({ from: info.remoteAddress, user: info.params.id, tenant: info.context.get('tenant') });
 * ```
 */
export interface RequestInfo {
  /** The request target exactly as received on the wire, e.g. `/users/7?x=1` (not decoded). */
  readonly rawUrl: string;
  /** The peer's IP address; undefined once the socket is gone or outside `serve`. */
  readonly remoteAddress: string | undefined;
  /** The peer's port. */
  readonly remotePort: number | undefined;
  /** Path parameters captured by a `Router` (`/users/:id` → `{ id: '7' }`), decoded. Empty otherwise. */
  readonly params: Readonly<Record<string, string>>;
  /**
   * A per-request map shared by every handler and middleware of this request (and the copies a
   * router makes): the place for middleware to leave values for inner handlers (user, tenant, …).
   * Keys are free-form; prefix them with your package name to avoid collisions.
   */
  readonly context: Map<string, unknown>;
  /** Aborted when the client goes away before the response is complete. */
  readonly signal: AbortSignal;
}
