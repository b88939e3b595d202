// The RequestInfo that serve passes along, plus helpers for routers and for tests.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestInfo } from './types';

/** The params of an info no router has filled in (and of a route without parameters). */
export const EMPTY_PARAMS: Readonly<Record<string, string>> = Object.freeze({});

class ServerRequestInfo implements RequestInfo {
  // Made on first use and shared by every copy of the info (copies point at the first one, `root`),
  // so a request whose handlers never look allocates neither.
  #context: Map<string, unknown> | undefined = undefined;
  #abort: AbortController | undefined = undefined;
  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly root: ServerRequestInfo | undefined,
    readonly params: Readonly<Record<string, string>>,
  ) {}
  get rawUrl(): string {
    return this.req.url ?? '/';
  }
  get remoteAddress(): string | undefined {
    return this.req.socket.remoteAddress;
  }
  get remotePort(): number | undefined {
    return this.req.socket.remotePort;
  }
  get context(): Map<string, unknown> {
    const root = this.root ?? this;
    return (root.#context ??= new Map());
  }
  get signal(): AbortSignal {
    const root = this.root ?? this;
    if (!root.#abort) {
      // Made on demand: most handlers never look, and a listener per request is not free.
      const abort = (root.#abort = new AbortController());
      const res = this.res;
      if (res.destroyed && !res.writableFinished) abort.abort(new Error('client disconnected'));
      else
        res.once('close', () => {
          if (!res.writableFinished) abort.abort(new Error('client disconnected'));
        });
    }
    return root.#abort.signal;
  }
  withParams(params: Readonly<Record<string, string>>): RequestInfo {
    return new ServerRequestInfo(this.req, this.res, this.root ?? this, params);
  }
}

/** The info `serve` gives the handler for one request. */
export function serverRequestInfo(req: IncomingMessage, res: ServerResponse): RequestInfo {
  return new ServerRequestInfo(req, res, undefined, EMPTY_PARAMS);
}

/**
 * A copy of `info` with other path parameters; context and signal stay shared. Routers use it.
 *
 * @example
 * ```ts
 * return inner(request, withParams(info, { ...info.params, id: '7' }));
 * ```
 */
export function withParams(info: RequestInfo, params: Readonly<Record<string, string>>): RequestInfo {
  if (info instanceof ServerRequestInfo) return info.withParams(params);
  // Any other RequestInfo: keep its getters (context, signal) by delegating through the prototype.
  return Object.create(info, { params: { value: params, enumerable: true } }) as RequestInfo;
}

/**
 * A RequestInfo for calling a handler directly, without a server (unit tests, in-process calls).
 *
 * @example
 * ```ts
 * const response = await app(new Request('http://test/users/7'), createRequestInfo());
 * ```
 */
export function createRequestInfo(init: Partial<RequestInfo> = {}): RequestInfo {
  return {
    rawUrl: init.rawUrl ?? '/',
    remoteAddress: init.remoteAddress,
    remotePort: init.remotePort,
    params: init.params ?? EMPTY_PARAMS,
    context: init.context ?? new Map(),
    signal: init.signal ?? new AbortController().signal,
  };
}
