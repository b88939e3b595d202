// Shelf's Cascade: try handlers in turn until one gives an answer that is not "not mine".
import { ServerConfigurationError } from './errors';
import { discardBody } from './fast-response';
import { isPromiseLike } from './internal';
import type { HttpHandler, RequestInfo } from './types';

/** Options of {@link Cascade}: which responses mean "try the next handler". Give at most one. */
export interface CascadeOptions {
  /** Statuses that cascade; default 404 and 405. */
  statusCodes?: Iterable<number>;
  /** A predicate instead of a status list. */
  shouldCascade?: (response: Response) => boolean;
}

const DEFAULT_STATUSES = [404, 405];

/**
 * Calls each handler in turn and returns the first response that should not cascade (by default:
 * anything but 404 or 405); the last handler's response is returned whatever it is. Errors thrown by
 * a handler propagate at once. Every handler sees the same Request: one that reads the body and then
 * cascades leaves nothing for the next.
 *
 * @example
 * ```ts
 * const app = new Cascade().add(staticFiles).add(api.handler).handler;
 * const strict = new Cascade({ statusCodes: [404] }).add(a).add(b).handler;
 * ```
 */
export class Cascade {
  private readonly cascades: (response: Response) => boolean;

  constructor(
    private readonly options: CascadeOptions = {},
    private readonly handlers: readonly HttpHandler[] = [],
  ) {
    if (options.statusCodes !== undefined && options.shouldCascade !== undefined) {
      throw new ServerConfigurationError('Cascade takes statusCodes or shouldCascade, not both');
    }
    if (options.shouldCascade) this.cascades = options.shouldCascade;
    else {
      const statuses = new Set(options.statusCodes ?? DEFAULT_STATUSES);
      this.cascades = (response) => statuses.has(response.status);
    }
  }

  /** A new Cascade that also tries `handler` (or `{ handler }`, e.g. a Router) after the others. */
  add(handler: HttpHandler | { readonly handler: HttpHandler }): Cascade {
    return new Cascade(this.options, [
      ...this.handlers,
      typeof handler === 'function' ? handler : handler.handler,
    ]);
  }

  /** The cascade as one handler; throws ServerConfigurationError when nothing was added. */
  get handler(): HttpHandler {
    const handlers = this.handlers;
    const cascades = this.cascades;
    if (handlers.length === 0) throw new ServerConfigurationError('a Cascade needs at least one handler');
    const last = handlers.length - 1;
    const from = (index: number, request: Request, info: RequestInfo): Response | Promise<Response> => {
      for (let i = index; i < last; i++) {
        const out = handlers[i](request, info);
        if (isPromiseLike(out)) {
          return Promise.resolve(out).then((response) => {
            if (!cascades(response)) return response;
            discardBody(response);
            return from(i + 1, request, info);
          });
        }
        if (!cascades(out)) return out;
        discardBody(out);
      }
      return handlers[last](request, info);
    };
    return (request, info) => from(0, request, info);
  }
}
