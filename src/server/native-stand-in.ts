// How FastResponse and the request `serve` reads stand in for undici's Request and Response: the
// stand-in's prototype inherits from the native one, so `instanceof` holds, and what it does not
// implement itself is forwarded to a real object built on demand, undici's internal symbols
// included, so undici's own methods accept the stand-in. Both reliances on undici are pinned by
// test/server/native-stand-in.test.ts, which fails loudly if an undici update changes them.

/**
 * Makes `impl` a stand-in for the native class `native` (`Request`, `Response`): `instanceof`
 * holds, and every method and getter `impl.prototype` does not define itself, plus the internal
 * symbols undici reads off `sample`, is forwarded to the real object `realOf(this)` builds. When
 * `iterable` (Headers), iteration and `util.inspect` are forwarded too.
 */
export function delegateToNative<Self>(
  impl: abstract new (...args: any[]) => Self,
  native: abstract new (...args: any[]) => object,
  sample: object,
  realOf: (self: Self) => any,
  iterable = false,
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
  if (iterable) {
    Object.defineProperty(proto, Symbol.iterator, {
      configurable: true,
      writable: true,
      value(this: Self) {
        return realOf(this)[Symbol.iterator]();
      },
    });
    Object.defineProperty(proto, Symbol.for('nodejs.util.inspect.custom'), {
      configurable: true,
      writable: true,
      value(this: Self, _depth: number, options: object, inspect: (v: unknown, o: object) => string) {
        return inspect(realOf(this), options);
      },
    });
  }
}
