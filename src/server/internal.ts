// Small helpers shared inside src/server; not exported from the package.
import { fastStateOf } from './fast-response';

export function noop(): void {}

/** True for promises and other thenables; lets sync handlers skip a promise layer. */
export function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return value !== null && typeof value === 'object' && typeof (value as PromiseLike<T>).then === 'function';
}

/** Releases the body of a response that will not be sent (a cascaded 404, a replaced response). */
export function discardBody(response: unknown): void {
  if (!(response instanceof Response)) return;
  const fast = fastStateOf(response);
  if (fast !== undefined && fast.real === undefined) return; // nothing was built, nothing to release
  if (!response.bodyUsed) response.body?.cancel().catch(noop);
}
