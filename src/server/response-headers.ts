// A FastResponse's `headers`: a stand-in for undici's Headers kept as a flat list of lower-case
// names and values, which `serve` writes as is. get/has/set/append/delete (what middleware do to a
// response: add a header, read one) work on the list with undici's rules (names lower-cased,
// values trimmed, repeats folded with ', ' — '; ' for cookie —, set-cookie kept apart); anything
// else (iteration, getSetCookie, a name or value undici would refuse, undici reading it) builds the
// real Headers from the list, and from then on every call goes to it.
import { headerKey, httpTrim } from './internal';
import { delegateToNative } from './native-stand-in';

const NativeHeaders: typeof Headers = globalThis.Headers;

/** `[name, value, name, value, …]`, names lower case; emptied once the real Headers exists. */
const kList = Symbol('matryoshka.responseHeaders');
const kReal = Symbol('matryoshka.realHeaders');

type HeadersInit = ConstructorParameters<typeof Headers>[0];

function realOf(self: ResponseHeaders): Headers {
  let real = self[kReal];
  if (real === undefined) {
    real = new NativeHeaders();
    const list = self[kList];
    for (let i = 0; i < list.length; i += 2) real.append(list[i], list[i + 1]);
    self[kReal] = real;
    self[kList] = [];
  }
  return real;
}

/** The lower-case name, or undefined when undici must judge it. */
function nameOf(self: ResponseHeaders, name: string): string | undefined {
  return self[kReal] === undefined ? headerKey(name) : undefined;
}

/** The trimmed value, or undefined for one undici would refuse (or that is not a ByteString). */
function valueOf(value: string): string | undefined {
  if (typeof value !== 'string') return undefined;
  const v = httpTrim(value);
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 0 || c === 10 || c === 13 || c > 255) return undefined;
  }
  return v;
}

function remove(list: string[], name: string): void {
  for (let i = list.length - 2; i >= 0; i -= 2) if (list[i] === name) list.splice(i, 2);
}

function append(list: string[], name: string, value: string): void {
  if (name !== 'set-cookie') {
    for (let i = 0; i < list.length; i += 2) {
      if (list[i] !== name) continue;
      list[i + 1] = `${list[i + 1]}${name === 'cookie' ? '; ' : ', '}${value}`;
      return;
    }
  }
  list.push(name, value);
}

class ResponseHeaders {
  [kList]: string[];
  [kReal]: Headers | undefined;
  constructor(list: string[], real: Headers | undefined) {
    this[kList] = list;
    this[kReal] = real;
  }
  get(name: string): string | null {
    const key = nameOf(this, name);
    if (key === undefined) return realOf(this).get(name);
    let found: string | null = null;
    const list = this[kList];
    for (let i = 0; i < list.length; i += 2) {
      if (list[i] === key) found = found === null ? list[i + 1] : `${found}, ${list[i + 1]}`;
    }
    return found;
  }
  has(name: string): boolean {
    const key = nameOf(this, name);
    return key === undefined ? realOf(this).has(name) : this[kList].includes(key);
  }
  set(name: string, value: string): void {
    const key = nameOf(this, name);
    const v = valueOf(value);
    if (key === undefined || v === undefined) return realOf(this).set(name, value);
    remove(this[kList], key);
    this[kList].push(key, v);
  }
  append(name: string, value: string): void {
    const key = nameOf(this, name);
    const v = valueOf(value);
    if (key === undefined || v === undefined) return realOf(this).append(name, value);
    append(this[kList], key, v);
  }
  delete(name: string): void {
    const key = nameOf(this, name);
    if (key === undefined) return realOf(this).delete(name);
    remove(this[kList], key);
  }
}

delegateToNative(ResponseHeaders, NativeHeaders, new NativeHeaders(), realOf, true);

/**
 * Headers for a FastResponse from its init, plus `content-type` when the body implies one and the
 * init has none. A Headers init (or anything unusual) gets undici's own Headers.
 */
export function responseHeaders(init: HeadersInit, defaultType: string | undefined): Headers {
  if (init === undefined || init === null) {
    // The common case (`new FastResponse('text')`): the list is known good, nothing to check.
    const list = defaultType === undefined ? [] : ['content-type', defaultType];
    return new ResponseHeaders(list, undefined) as unknown as Headers;
  }
  const self = new ResponseHeaders([], undefined);
  const headers = self as unknown as Headers;
  if (init instanceof NativeHeaders || typeof init !== 'object') {
    self[kReal] = new NativeHeaders(init);
  } else if (Array.isArray(init)) {
    for (const pair of init as unknown[]) {
      if (!Array.isArray(pair) || pair.length !== 2) {
        self[kReal] = new NativeHeaders(init); // undici throws the error it would
        break;
      }
      headers.append(pair[0] as string, pair[1] as string);
    }
  } else if (Object.getOwnPropertySymbols(init).length > 0 || Symbol.iterator in init) {
    self[kReal] = new NativeHeaders(init);
  } else for (const name of Object.keys(init)) headers.append(name, (init as Record<string, string>)[name]);
  if (defaultType !== undefined && !headers.has('content-type')) headers.set('content-type', defaultType);
  return headers;
}

/** The flat list behind `headers` when nothing has built the real Headers yet; else undefined. */
export function headerListOf(headers: Headers): readonly string[] | undefined {
  const self = headers as unknown as Partial<ResponseHeaders>;
  const list = self[kList];
  return list !== undefined && self[kReal] === undefined ? list : undefined;
}

/** The undici Headers behind `headers` (built now if needed), or `headers` itself. */
export function nativeResponseHeaders(headers: Headers): Headers {
  return (headers as unknown as Partial<ResponseHeaders>)[kList] === undefined
    ? headers
    : realOf(headers as unknown as ResponseHeaders);
}
