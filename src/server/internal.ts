// Small helpers shared inside src/server; not exported from the package. Imports nothing.

export function noop(): void {}

/** True for promises and other thenables; lets sync handlers skip a promise layer. */
export function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return value !== null && typeof value === 'object' && typeof (value as PromiseLike<T>).then === 'function';
}

/** A header name as HTTP allows it (RFC 9110 token). */
export const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

const isHttpSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

/** The value without leading and trailing HTTP whitespace, as undici normalises header values. */
export function httpTrim(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isHttpSpace(value.charCodeAt(start))) start++;
  while (end > start && isHttpSpace(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}
