// A FastResponse's `headers`: a stand-in for undici's Headers kept as a flat list of lower-case
// names and values, which `serve` writes as is. get/has/set/append/delete (what middleware do to a
// response: add a header, read one) work on the list with undici's rules (names lower-cased,
// values trimmed, repeats folded with ', ' — '; ' for cookie —, set-cookie kept apart); anything
// else (iteration, getSetCookie, a name or value undici would refuse, undici reading it) builds the
// real Headers from the list, and from then on every call goes to it.
import { httpTrim, TOKEN } from './internal';
import { delegateToNative } from './native-stand-in';

const NativeHeaders: typeof Headers = globalThis.Headers;

const kList = Symbol('matryoshka.responseHeaders');

// A value undici would refuse (or that is not a ByteString): left to undici, which throws.
const BAD_VALUE = /[\0\r\n\u0100-\uffff]/;

interface ListState {
  /** `[name, value, name, value, …]`, names lower case; dropped once `real` exists. */
  list: string[];
  real: Headers | undefined;
}

type HeadersInit = ConstructorParameters<typeof Headers>[0];

function realOf(state: ListState): Headers {
  if (state.real === undefined) {
    const real = new NativeHeaders();
    const list = state.list;
    for (let i = 0; i < list.length; i += 2) real.append(list[i], list[i + 1]);
    state.real = real;
    state.list = [];
  }
  return state.real;
}

/** The lower-case name, or undefined when undici must judge it. */
function nameOf(state: ListState, name: string): string | undefined {
  return state.real === undefined && typeof name === 'string' && TOKEN.test(name)
    ? name.toLowerCase()
    : undefined;
}

function valueOf(value: string): string | undefined {
  if (typeof value !== 'string') return undefined;
  const v = httpTrim(value);
  return BAD_VALUE.test(v) ? undefined : v;
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
  [kList]: ListState;
  constructor(state: ListState) {
    this[kList] = state;
  }
  get(name: string): string | null {
    const state = this[kList];
    const key = nameOf(state, name);
    if (key === undefined) return realOf(state).get(name);
    let found: string | null = null;
    const list = state.list;
    for (let i = 0; i < list.length; i += 2) {
      if (list[i] === key) found = found === null ? list[i + 1] : `${found}, ${list[i + 1]}`;
    }
    return found;
  }
  has(name: string): boolean {
    const state = this[kList];
    const key = nameOf(state, name);
    return key === undefined ? realOf(state).has(name) : state.list.includes(key);
  }
  set(name: string, value: string): void {
    const state = this[kList];
    const key = nameOf(state, name);
    const v = valueOf(value);
    if (key === undefined || v === undefined) return realOf(state).set(name, value);
    remove(state.list, key);
    state.list.push(key, v);
  }
  append(name: string, value: string): void {
    const state = this[kList];
    const key = nameOf(state, name);
    const v = valueOf(value);
    if (key === undefined || v === undefined) return realOf(state).append(name, value);
    append(state.list, key, v);
  }
  delete(name: string): void {
    const state = this[kList];
    const key = nameOf(state, name);
    if (key === undefined) return realOf(state).delete(name);
    remove(state.list, key);
  }
}

delegateToNative(ResponseHeaders, NativeHeaders, new NativeHeaders(), (self) => realOf(self[kList]), true);

/**
 * Headers for a FastResponse from its init, plus `content-type` when the body implies one and the
 * init has none. A Headers init (or anything unusual) gets undici's own Headers.
 */
export function responseHeaders(init: HeadersInit, defaultType: string | undefined): Headers {
  const state: ListState = { list: [], real: undefined };
  const headers = new ResponseHeaders(state) as unknown as Headers;
  if (init instanceof NativeHeaders || (init !== undefined && init !== null && typeof init !== 'object')) {
    state.real = new NativeHeaders(init);
  } else if (Array.isArray(init)) {
    for (const pair of init as unknown[]) {
      if (!Array.isArray(pair) || pair.length !== 2) {
        state.real = new NativeHeaders(init); // undici throws the error it would
        break;
      }
      headers.append(pair[0] as string, pair[1] as string);
    }
  } else if (init) {
    if (Object.getOwnPropertySymbols(init).length > 0 || Symbol.iterator in init)
      state.real = new NativeHeaders(init);
    else for (const name of Object.keys(init)) headers.append(name, (init as Record<string, string>)[name]);
  }
  if (defaultType !== undefined && !headers.has('content-type')) headers.set('content-type', defaultType);
  return headers;
}

/** The flat list behind `headers` when nothing has built the real Headers yet; else undefined. */
export function headerListOf(headers: Headers): readonly string[] | undefined {
  const state = (headers as unknown as Partial<ResponseHeaders>)[kList];
  return state !== undefined && state.real === undefined ? state.list : undefined;
}

/** The undici Headers behind `headers` (built now if needed), or `headers` itself. */
export function nativeResponseHeaders(headers: Headers): Headers {
  const state = (headers as unknown as Partial<ResponseHeaders>)[kList];
  return state === undefined ? headers : realOf(state);
}
