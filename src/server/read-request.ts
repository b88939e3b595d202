// A WHATWG Request over node's IncomingMessage that builds nothing it is not asked for: method and
// url are plain reads, headers are a view over rawHeaders (request-headers.ts), and the undici Request
// (with its body stream) exists only once someone touches the body. `instanceof Request` holds.
import type { IncomingMessage } from 'node:http';
import { PayloadTooLargeError } from './errors';
import { delegateToNative } from './native-stand-in';
import { nativeHeaders, requestHeaders } from './request-headers';

const NativeRequest: typeof Request = globalThis.Request;

const kLazy = Symbol('matryoshka.lazyRequest');

/** Per-request state shared by the lazy request and the adapter. */
export interface LazyState {
  readonly incoming: IncomingMessage;
  /** `http://host` + target, not yet normalised. */
  readonly href: string;
  readonly hasBody: boolean;
  readonly maxBodyBytes: number;
  url: URL | undefined;
  /** The pathname, cached by pathOf. */
  path: string | undefined;
  headers: Headers | undefined;
  real: Request | undefined;
  /** Set when the body outgrew maxBodyBytes; the adapter then answers 413. */
  tooLarge: boolean;
}

function parsed(state: LazyState): URL {
  return (state.url ??= new URL(state.href));
}

function bodyStream(state: LazyState): ReadableStream<Uint8Array> {
  const req = state.incoming;
  let received = 0;
  let finished = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const fail = (err: unknown): void => {
        if (finished) return;
        finished = true;
        controller.error(err);
      };
      req.on('data', (chunk: Buffer) => {
        if (finished) return;
        received += chunk.length;
        if (received > state.maxBodyBytes) {
          state.tooLarge = true;
          req.pause(); // stop reading: the rest of the body is never pulled off the socket
          fail(new PayloadTooLargeError(state.maxBodyBytes));
          return;
        }
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
        if ((controller.desiredSize ?? 1) <= 0) req.pause();
      });
      req.once('end', () => {
        if (finished) return;
        finished = true;
        controller.close();
      });
      req.once('error', fail);
      req.once('close', () => {
        if (!req.complete) fail(new Error('request aborted before the body was complete'));
      });
    },
    pull() {
      req.resume();
    },
    cancel() {
      finished = true;
      req.resume(); // let node discard the rest so the connection can be reused
    },
  });
}

function materialize(state: LazyState): Request {
  if (state.real === undefined) {
    const init: RequestInit & { duplex?: 'half' } = {
      method: state.incoming.method,
      headers: nativeHeaders(state.headers ?? (state.headers = requestHeaders(state.incoming.rawHeaders))),
    };
    if (state.hasBody) {
      init.body = bodyStream(state);
      init.duplex = 'half';
    }
    state.real = new NativeRequest(parsed(state).href, init);
  }
  return state.real;
}

class LazyRequest {
  [kLazy]: LazyState;
  constructor(state: LazyState) {
    this[kLazy] = state;
  }
  get method(): string {
    return this[kLazy].incoming.method ?? 'GET';
  }
  get url(): string {
    return parsed(this[kLazy]).href;
  }
  get headers(): Headers {
    const state = this[kLazy];
    return (state.headers ??= requestHeaders(state.incoming.rawHeaders));
  }
}

// Everything else goes to the real Request, built on demand; its internal symbols too, so that
// undici itself accepts it (new Request(lazy), fetch(lazy)).
delegateToNative(LazyRequest, NativeRequest, new NativeRequest('http://localhost/'), (self) =>
  materialize(self[kLazy]),
);

/** A lazy WHATWG Request over `state.incoming`. */
export function lazyRequest(state: LazyState): Request {
  return new LazyRequest(state) as unknown as Request;
}

// A raw path made only of these characters, with no dot segment, is already what the WHATWG URL
// parser would produce, so the router and logger can skip parsing it. A table, not a regex: this
// runs on every request.
const PATH_CHARS = ((): Uint8Array => {
  const table = new Uint8Array(128);
  for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_~!$&'()*+,;=:@/")
    table[c.charCodeAt(0)] = 1;
  return table;
})();

/** `/` then only PATH_CHARS, and no segment starting with a dot. */
function isPlainPath(raw: string): boolean {
  if (raw.charCodeAt(0) !== 47 /* / */) return false;
  let previous = 47;
  for (let i = 1; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c > 127 || PATH_CHARS[c] === 0 || (c === 46 /* . */ && previous === 47)) return false;
    previous = c;
  }
  return true;
}

/** The undecoded path of a request, without the query: cheap for requests made by `serve`. */
export function pathOf(request: Request): string {
  const state = (request as unknown as Partial<LazyRequest>)[kLazy];
  if (state === undefined) return new URL(request.url).pathname;
  if (state.path !== undefined) return state.path;
  const target = state.incoming.url ?? '';
  const q = target.indexOf('?');
  const raw = q < 0 ? target : target.slice(0, q);
  return (state.path = isPlainPath(raw) ? raw : parsed(state).pathname);
}
