// Small helpers shared inside src/server; not exported from the package. Imports nothing.

export function noop(): void {}

/** True for promises and other thenables; lets sync handlers skip a promise layer. */
export function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return value !== null && typeof value === 'object' && typeof (value as PromiseLike<T>).then === 'function';
}

/** A header name as HTTP allows it (RFC 9110 token). */
export const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

// Header names already checked, each with its lower-case form. Middleware use the same few names on
// every request, so one map lookup replaces a regex test and a toLowerCase; bounded, so names
// coming from clients cannot grow it without limit.
const headerKeys = new Map<string, string>();
const MAX_HEADER_KEYS = 512;

/** The lower-case form of `name` when it is a valid header name (a token), else undefined. */
export function headerKey(name: unknown): string | undefined {
  if (typeof name !== 'string') return undefined;
  let key = headerKeys.get(name);
  if (key === undefined) {
    if (!TOKEN.test(name)) return undefined;
    key = name.toLowerCase();
    if (headerKeys.size >= MAX_HEADER_KEYS) headerKeys.clear();
    headerKeys.set(name, key);
  }
  return key;
}

const isHttpSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

/** The value without leading and trailing HTTP whitespace, as undici normalises header values. */
export function httpTrim(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isHttpSpace(value.charCodeAt(start))) start++;
  while (end > start && isHttpSpace(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}
