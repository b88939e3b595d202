import { RequestHandler } from '../requests';

/**
 * Gives a handler class hierarchy its own copy of `RequestHandler`'s `handle` and `fallback`, so
 * the `super.handle(request)` every step makes runs code that has seen only that hierarchy's dolls.
 *
 * Why: `super.handle` in any step lands on the one `RequestHandler.prototype.handle`. V8 keeps one
 * set of type feedback per function, so once an app has more than four doll classes its
 * `this.successor` load and `next.handle` call are megamorphic — never inlined, looked up through a
 * global cache on every step. A copy per hierarchy is monomorphic again. (In a micro-benchmark of
 * the bare pattern that was ~110 ns of a 4-step send; on bench/dispatch, which also runs the
 * built-in steps, 20–40 ns, and the bench no longer falls into its slow state: docs/benchmarks.md.)
 *
 * How: an object holding the copies is put between the hierarchy's root prototype (the one whose
 * prototype is `RequestHandler.prototype`) and `RequestHandler.prototype`. `instanceof`, statics,
 * constructors and every method stay as they were; only `Object.getPrototypeOf(Root.prototype)`
 * shows the extra object. The copies are compiled with `new Function` (a closure made by a factory
 * would share its feedback with its siblings); where code generation is refused, or the prototype
 * is frozen, nothing changes.
 */
export function giveOwnBaseMethods(handlerClass: abstract new (...args: any[]) => unknown): void {
  const root = rootPrototype(handlerClass.prototype as object);
  if (!root) return;
  let own: object;
  try {
    own = ownBase();
  } catch {
    return; // no code generation here: the shared methods do the same work
  }
  try {
    Object.setPrototypeOf(root, own);
  } catch {
    // A frozen or sealed prototype keeps the shared methods.
  }
}

const OWN_BASE = Symbol('matryoshka.ownBaseMethods');

/** The prototype in `proto`'s chain whose own prototype is `RequestHandler.prototype`. */
function rootPrototype(proto: object | null): object | undefined {
  const base = RequestHandler.prototype;
  for (let p = proto; p && p !== base; p = Object.getPrototypeOf(p)) {
    const parent = Object.getPrototypeOf(p);
    if (parent === base) return p;
    if (parent && Object.prototype.hasOwnProperty.call(parent, OWN_BASE)) return undefined; // done already
  }
  return undefined;
}

// The same bodies as RequestHandler's (request-handler.ts): keep the two in step.
const SOURCE = `
return {
  handle(request) {
    const next = this.successor;
    return next ? next.handle(request) : Promise.resolve(undefined);
  },
  fallback(request) {
    const next = this.successor;
    return next ? next.fallback(request) : Promise.resolve(undefined);
  },
};`;

function ownBase(): object {
  const methods = new Function(SOURCE)() as Pick<RequestHandler<any>, 'handle' | 'fallback'>;
  const own = Object.create(RequestHandler.prototype) as object;
  Object.defineProperties(own, {
    handle: { value: methods.handle, writable: true, configurable: true },
    fallback: { value: methods.fallback, writable: true, configurable: true },
    [OWN_BASE]: { value: true },
  });
  return own;
}
