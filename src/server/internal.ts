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

/**
 * Makes `impl` a stand-in for the native class `native` (`Request`, `Response`): `instanceof`
 * holds, and every method and getter `impl.prototype` does not define itself, plus the internal
 * symbols undici reads off `sample`, is forwarded to the real object `realOf(this)` builds.
 * (A function declaration: its export is set before `fast-response`, which imports this file and
 * is imported by it, runs.)
 */
export function delegateToNative<Self>(
  impl: abstract new (...args: any[]) => Self,
  native: abstract new (...args: any[]) => object,
  sample: object,
  realOf: (self: Self) => any,
): void {
  const proto = impl.prototype as object;
  const nativeProto = native.prototype as object;
  Object.setPrototypeOf(proto, nativeProto);
  for (const name of Object.getOwnPropertyNames(nativeProto)) {
    if (name === 'constructor' || Object.prototype.hasOwnProperty.call(proto, name)) continue;
    const desc = Object.getOwnPropertyDescriptor(nativeProto, name)!;
    if (typeof desc.value === 'function') {
      Object.defineProperty(proto, name, {
        configurable: true,
        writable: true,
        value(this: Self, ...args: unknown[]) {
          return realOf(this)[name](...args);
        },
      });
    } else if (desc.get) {
      Object.defineProperty(proto, name, {
        configurable: true,
        get(this: Self) {
          return realOf(this)[name];
        },
      });
    }
  }
  for (const sym of Object.getOwnPropertySymbols(sample)) {
    Object.defineProperty(proto, sym, {
      configurable: true,
      get(this: Self) {
        return realOf(this)[sym];
      },
    });
  }
}
