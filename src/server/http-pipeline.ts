// Shelf's Pipeline: a list of middleware composed around a handler once, not per request.
import type { HttpHandler, HttpMiddleware } from './types';

/**
 * Composes middleware around a handler. The first middleware added is the outermost: it sees the
 * request first and the response last. Pipelines are immutable (each `addMiddleware` returns a new
 * one), and a pipeline is itself usable as middleware (`pipeline.middleware`, or pass it to
 * another pipeline's `addMiddleware`).
 *
 * @example
 * ```ts
 * const app = new HttpPipeline()
 *   .addMiddleware(logRequests())
 *   .addMiddleware(auth)
 *   .addHandler(router);
 * await serve(app, { port: 8080 });
 * ```
 */
export class HttpPipeline {
  constructor(private readonly middlewares: readonly HttpMiddleware[] = []) {}

  /** A new pipeline with `middleware` inside the ones already added. */
  addMiddleware(middleware: HttpMiddleware | HttpPipeline): HttpPipeline {
    const mw = middleware instanceof HttpPipeline ? middleware.middleware : middleware;
    return new HttpPipeline([...this.middlewares, mw]);
  }

  /** The handler made by wrapping `handler` (or `{ handler }`, e.g. a Router) in every middleware. */
  addHandler(handler: HttpHandler | { readonly handler: HttpHandler }): HttpHandler {
    let composed = typeof handler === 'function' ? handler : handler.handler;
    for (let i = this.middlewares.length - 1; i >= 0; i--) composed = this.middlewares[i](composed);
    return composed;
  }

  /** This pipeline as one middleware. */
  get middleware(): HttpMiddleware {
    return (inner) => this.addHandler(inner);
  }
}
