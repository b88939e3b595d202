// The head of a response as it goes on the wire, by Shelf's rules (docs/server.md, "Responses pass
// through unchanged"): the handler's headers as a flat list, with the framing headers made to agree
// with the body actually sent, and the adapter's defaults added where the handler gave none.
import { fastStateOf } from './fast-response';
import { noop } from './internal';
import { headerListOf } from './response-headers';

type Body = string | Uint8Array | ReadableStream<Uint8Array> | null;

/** What `writeResponse` needs to send one response. */
export interface ResponseHead {
  readonly status: number;
  readonly statusText: string;
  /** Flat `[name, value, name, value, …]`, as `writeHead` takes them. */
  readonly headers: string[];
  /** What to send after the head: null for nothing (HEAD, 204, 304, a null body). */
  readonly body: Body;
  /** False when the connection must close after this response. */
  readonly keepAlive: boolean;
  /** True when a stream must produce exactly its declared content-length. */
  readonly strictLength: boolean;
}

const NativeResponse: typeof Response = globalThis.Response;
const TEXT_PLAIN = 'text/plain;charset=UTF-8';

// undici keeps the original string/bytes of a Response body next to its stream; writing that
// directly skips the stream machinery. Found by probing; test/server/native-stand-in.test.ts pins
// it, and an undici without it falls back to reading the stream.
const kNativeState = ((): symbol | undefined => {
  const probe = new NativeResponse('x');
  const sym = Object.getOwnPropertySymbols(probe).find((s) => s.description === 'state');
  return sym && (probe as any)[sym]?.body?.source === 'x' ? sym : undefined;
})();

/** The head and body to send for `response`, answering a HEAD request when `head`. */
export function responseHead(response: Response, head: boolean, poweredBy: string | null): ResponseHead {
  const headers: string[] = [];
  let body: Body;
  let hasType: boolean;
  const fast = fastStateOf(response);
  if (fast !== undefined && fast.real === undefined) {
    body = fast.body;
    const list = fast.headers && headerListOf(fast.headers);
    if (list !== undefined) for (let i = 0; i < list.length; i++) headers.push(list[i]);
    else flattenInit(fast.headers ?? fast.init?.headers, headers);
    hasType = fast.headers !== undefined; // a built Headers already carries the default content-type
  } else {
    response.headers.forEach((value, name) => headers.push(name, value));
    body = nativeBody(response);
    hasType = true; // undici set it already if the body implies one
  }
  const status = response.status;
  const noBody = status < 200 || status === 204 || status === 304;
  const found = scan(headers);
  const framing = frame(headers, found, body, head, noBody);
  if (typeof body === 'string' && !hasType && !found.type) headers.push('content-type', TEXT_PLAIN);
  if (!found.poweredBy && poweredBy !== null) headers.push('x-powered-by', poweredBy);
  if (noBody || head || body === null) {
    if (body !== null && typeof body === 'object' && !(body instanceof Uint8Array)) body.cancel().catch(noop);
    body = null;
  }
  return {
    status,
    statusText: response.statusText,
    headers,
    body,
    keepAlive: found.keepAlive && framing.keepAlive,
    strictLength: framing.strictLength,
  };
}

interface Found {
  /** Index of the handler's content-length name in the flat list, or -1. */
  length: number;
  /** Index of the handler's transfer-encoding name, or -1. */
  coding: number;
  type: boolean;
  poweredBy: boolean;
  /** False when the handler said `connection: close`. */
  keepAlive: boolean;
}

/**
 * Finds the headers the rules look at, and drops `connection` and `keep-alive`: they describe the
 * handler's own connection (an upstream's, when its headers were copied), not this one;
 * `connection: close` is honoured.
 */
function scan(headers: string[]): Found {
  const found: Found = { length: -1, coding: -1, type: false, poweredBy: false, keepAlive: true };
  for (let i = 0; i < headers.length; i += 2) {
    const name = headers[i];
    if (name.length === 14) {
      if (name.toLowerCase() === 'content-length') found.length = i;
    } else if (name.length === 12) {
      const lower = name.toLowerCase();
      found.type ||= lower === 'content-type';
      found.poweredBy ||= lower === 'x-powered-by';
    } else if (name.length === 17) {
      if (name.toLowerCase() === 'transfer-encoding') found.coding = i;
    } else if (name.length === 10) {
      const lower = name.toLowerCase();
      if (lower === 'connection' || lower === 'keep-alive') {
        if (lower === 'connection' && /(?:^|,)\s*close\s*(?:,|$)/i.test(headers[i + 1]))
          found.keepAlive = false;
        headers.splice(i, 2);
        i -= 2;
      }
    }
  }
  return found;
}

/** Makes content-length and transfer-encoding agree with the body that will be sent. */
function frame(
  headers: string[],
  found: Found,
  body: Body,
  head: boolean,
  noBody: boolean,
): { keepAlive: boolean; strictLength: boolean } {
  let keepAlive = true;
  let { length: lengthAt, coding: codingAt } = found;
  if (codingAt >= 0) {
    const coding = headers[codingAt + 1].trim().toLowerCase();
    if (coding === 'identity') {
      headers.splice(codingAt, 2); // no coding at all: framed below like any other body
      if (lengthAt > codingAt) lengthAt -= 2;
      codingAt = -1;
    } else {
      // Only a final `chunked` delimits the body; any other coding ends it at connection close.
      if (!/(?:^|,)\s*chunked$/.test(coding)) keepAlive = false;
      if (lengthAt >= 0) headers.splice(lengthAt, 2); // never a length beside a transfer coding
      return { keepAlive, strictLength: false };
    }
  }
  if (noBody) return { keepAlive, strictLength: false };
  const length = knownLength(body);
  if (lengthAt < 0) {
    // A body of known size gets its length (HEAD shows it too); only streams go chunked.
    if (length !== undefined) headers.push('content-length', String(length));
    return { keepAlive, strictLength: false };
  }
  if (head) return { keepAlive, strictLength: false }; // a HEAD response keeps the handler's value
  if (body === null) {
    // A null body keeps the handler's value; a non-zero one must not reach the next response.
    return { keepAlive: headers[lengthAt + 1].trim() === '0', strictLength: false };
  }
  if (length !== undefined) headers[lengthAt + 1] = String(length); // the real length wins
  return { keepAlive, strictLength: length === undefined };
}

function flattenInit(init: ConstructorParameters<typeof Headers>[0], into: string[]): void {
  if (init === undefined) return;
  if (init instanceof Headers) init.forEach((value, name) => into.push(name, value));
  else if (Array.isArray(init)) {
    for (const [name, value] of init as [string, string][]) into.push(name, value);
  } else {
    for (const name of Object.keys(init)) into.push(name, (init as Record<string, string>)[name]);
  }
}

/** The byte length of a string or bytes body (0 for none); undefined for a stream. */
function knownLength(body: Body): number | undefined {
  if (typeof body === 'string') return Buffer.byteLength(body);
  if (body instanceof Uint8Array) return body.byteLength;
  return body === null ? 0 : undefined;
}

/** A native Response's body: its original string or bytes when undici kept them, else its stream. */
function nativeBody(response: Response): Body {
  if (kNativeState !== undefined) {
    const state = (response as any)[kNativeState]?.body;
    if (state === null || state === undefined) return null;
    const src = state.source;
    if ((typeof src === 'string' || src instanceof Uint8Array) && !response.bodyUsed && !state.stream?.locked)
      return src;
  }
  return response.body;
}
