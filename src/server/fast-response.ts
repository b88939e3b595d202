// A lightweight `Response`: undici builds a ReadableStream for every body it is given (~15 µs on
// Node 20), which dominates a small request. FastResponse keeps the body as given and only builds
// the real Response when something asks for the stream (body, text(), clone(), …). `serve` writes
// an untouched FastResponse straight to the socket.

import { noop } from './internal';
import { delegateToNative } from './native-stand-in';
import { nativeResponseHeaders, responseHeaders } from './response-headers';

const NativeResponse: typeof Response = globalThis.Response;

const kFast = Symbol('matryoshka.fastResponse');

/**
 * What a Response body may be. Taken from the Response constructor rather than named `BodyInit`,
 * so the published types need only `@types/node`, not the DOM lib.
 */
type ResponseBody = ConstructorParameters<typeof Response>[0];

/** The state behind a FastResponse; the adapter reads it directly. */
export interface FastState {
  readonly body: string | Uint8Array | null;
  readonly init: ResponseInit | undefined;
  readonly status: number;
  readonly statusText: string;
  /** Built on first `headers` access. */
  headers: Headers | undefined;
  /** Built on first body access. */
  real: Response | undefined;
}

const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);
const TEXT_PLAIN = 'text/plain;charset=UTF-8';

function toBytes(body: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (body instanceof Uint8Array) return body;
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  return new Uint8Array(body.slice(0));
}

function materialize(state: FastState): Response {
  if (state.real === undefined) {
    state.real = new NativeResponse(state.body as ResponseBody, {
      status: state.status,
      statusText: state.statusText,
      headers: state.headers ? nativeResponseHeaders(state.headers) : state.init?.headers,
    });
  }
  return state.real;
}

class FastResponseImpl {
  [kFast]: FastState;

  constructor(body?: ResponseBody, init?: ResponseInit) {
    const status = init?.status ?? 200;
    // Same checks as the Response constructor, so a FastResponse is never more permissive.
    if (!Number.isInteger(status) || status < 200 || status > 599) {
      throw new RangeError(`init["status"] must be in the range of 200 to 599, inclusive.`);
    }
    let own: string | Uint8Array | null = null;
    let real: Response | undefined;
    if (body === null || body === undefined) own = null;
    else if (typeof body === 'string') own = body;
    else if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) own = toBytes(body);
    // Blobs, forms, streams: the real Response knows their content-type and framing.
    else real = new NativeResponse(body, init);
    if ((own !== null || real?.body) && NULL_BODY_STATUS.has(status)) {
      throw new TypeError('Response constructor: Invalid response status code ' + status);
    }
    this[kFast] = { body: own, init, status, statusText: init?.statusText ?? '', headers: undefined, real };
  }

  static json(data: unknown, init?: ResponseInit): Response {
    const text = JSON.stringify(data);
    if (text === undefined) throw new TypeError('Value is not JSON serializable');
    const headers = new Headers(init?.headers);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    return new FastResponseImpl(text, { ...init, headers }) as unknown as Response;
  }

  get status(): number {
    return this[kFast].status;
  }
  get ok(): boolean {
    const s = this[kFast].status;
    return s >= 200 && s < 300;
  }
  get statusText(): string {
    return this[kFast].statusText;
  }
  get headers(): Headers {
    const state = this[kFast];
    if (state.headers) return state.headers;
    if (state.real) return state.real.headers;
    const type = typeof state.body === 'string' ? TEXT_PLAIN : undefined;
    return (state.headers = responseHeaders(state.init?.headers, type));
  }
  get type(): Response['type'] {
    return 'default';
  }
  get url(): string {
    return '';
  }
  get redirected(): boolean {
    return false;
  }
}

// Everything else (body, bodyUsed, text(), clone(), …) goes to the real Response, built on demand;
// undici's own code (new Response(res.body, res), Response.prototype.clone.call(res), …) reaches for
// internal symbols, which get the real Response's too.
delegateToNative(FastResponseImpl, NativeResponse, new NativeResponse(null), (self) =>
  materialize(self[kFast]),
);
Object.setPrototypeOf(FastResponseImpl, NativeResponse);

/** The FastResponse state behind `response`, or undefined for any other Response. */
export function fastStateOf(response: Response): FastState | undefined {
  return (response as unknown as Partial<FastResponseImpl>)[kFast];
}

/**
 * A drop-in `Response` (same constructor, `instanceof Response`, same methods) that defers building
 * undici's body stream until something reads the body. `serve` writes it without ever building the
 * stream, which makes small responses several times cheaper. Use it on hot paths; plain `Response`
 * works everywhere too.
 *
 * @example
 * ```ts
 * const hello: HttpHandler = () => new FastResponse('Hello, World!');
 * const data: HttpHandler = () => FastResponse.json({ ok: true }, { status: 201 });
 * ```
 */
export const FastResponse = FastResponseImpl as unknown as {
  new (body?: ResponseBody, init?: ResponseInit): Response;
  readonly prototype: Response;
  json(data: unknown, init?: ResponseInit): Response;
  error(): Response;
  redirect(url: string | URL, status?: number): Response;
};

/** Releases the body of a response that will not be sent (a cascaded 404, a replaced response). */
export function discardBody(response: unknown): void {
  if (!(response instanceof NativeResponse)) return;
  const fast = fastStateOf(response);
  if (fast !== undefined && fast.real === undefined) return; // nothing was built, nothing to release
  if (!response.bodyUsed) response.body?.cancel().catch(noop);
}
