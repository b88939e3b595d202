// The request's `headers` as `serve` hands them out: a stand-in for undici's Headers that answers
// `get` and `has` straight from node's rawHeaders (what middleware mostly do: one lookup per
// request) and builds the real Headers only for anything else (iteration, a change, undici itself
// reading it). Repeats fold as Headers.append folds them: ', ', and '; ' for cookie.
import { headerKey, httpTrim } from './internal';
import { delegateToNative } from './native-stand-in';

const NativeHeaders: typeof Headers = globalThis.Headers;

const kRaw = Symbol('matryoshka.rawHeaders');
const kReal = Symbol('matryoshka.realHeaders');

/** undici Headers folded from rawHeaders, without transfer-encoding (the body arrives decoded). */
export function foldHeaders(raw: string[]): Headers {
  const headers = new NativeHeaders();
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    if (name.length === 17 && name.toLowerCase() === 'transfer-encoding') continue;
    headers.append(name, raw[i + 1]); // append folds repeats with ', ' (cookie with '; ', set-cookie kept apart)
  }
  return headers;
}

function realOf(self: RequestHeaders): Headers {
  return (self[kReal] ??= foldHeaders(self[kRaw]));
}

/** The folded value of `name` (lower case, a token) in `raw`, or null. */
function lookup(raw: string[], name: string): string | null {
  if (name === 'transfer-encoding') return null;
  let value: string | null = null;
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i];
    if (key.length !== name.length || key.toLowerCase() !== name) continue;
    const v = httpTrim(raw[i + 1]);
    value = value === null ? v : `${value}${name === 'cookie' ? '; ' : ', '}${v}`;
  }
  return value;
}

class RequestHeaders {
  /** node's rawHeaders. */
  [kRaw]: string[];
  [kReal]: Headers | undefined;
  constructor(raw: string[]) {
    this[kRaw] = raw;
    this[kReal] = undefined;
  }
  get(name: string): string | null {
    const key = this[kReal] === undefined ? headerKey(name) : undefined;
    return key === undefined ? realOf(this).get(name) : lookup(this[kRaw], key);
  }
  has(name: string): boolean {
    const key = this[kReal] === undefined ? headerKey(name) : undefined;
    return key === undefined ? realOf(this).has(name) : lookup(this[kRaw], key) !== null;
  }
}

// Everything else (set, append, delete, forEach, entries, getSetCookie, undici's internal symbols)
// goes to the real Headers, built on demand.
delegateToNative(RequestHeaders, NativeHeaders, new NativeHeaders(), realOf, true);

/** Headers over `raw` (node's `rawHeaders`), `instanceof Headers`, built lazily. */
export function requestHeaders(raw: string[]): Headers {
  return new RequestHeaders(raw) as unknown as Headers;
}

/** The undici Headers behind `headers` (built now if needed), or `headers` itself. */
export function nativeHeaders(headers: Headers): Headers {
  return (headers as unknown as Partial<RequestHeaders>)[kRaw] === undefined
    ? headers
    : realOf(headers as unknown as RequestHeaders);
}
