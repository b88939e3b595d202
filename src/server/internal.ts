// Small helpers shared inside src/server; not exported from the package. Imports nothing.

export function noop(): void {}

/** True for promises and other thenables; lets sync handlers skip a promise layer. */
export function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return value !== null && typeof value === 'object' && typeof (value as PromiseLike<T>).then === 'function';
}
