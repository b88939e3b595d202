import { randomUUID } from 'node:crypto';

/**
 * Anything sent through a {@link CommandProcessor}. `TResult` is what the pipeline resolves to.
 * Each request has an `id` (a UUID) used in logs, monitor events and by the bus.
 *
 * The id is drawn on first read, so a send that never logs, monitors or posts it never pays for
 * it; once read it is an own property of the request and never changes. `JSON.stringify(request)`
 * and `util.inspect(request)` always show it. A subclass may define its own `id` (a field or a
 * constructor parameter property); it then replaces the drawn one.
 */
export abstract class Request<TResult = void> {
  declare readonly id: string;

  /** Type-level marker so `ResultOf` can infer TResult; never set at run time. */
  declare readonly __result?: TResult;

  /** The request's own fields, its `id` first (drawn now if it has not been read yet). */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { id: this.id }; // drawn (and made an own field) before the copy
    Object.assign(json, this);
    // The copy is a new object, so JSON.stringify cannot see a field pointing back at this request
    // as a cycle: it would call toJSON again without end. Say what JSON.stringify says of cycles.
    for (const key in json) {
      if (json[key] === this)
        throw new TypeError(
          `Converting circular structure to JSON: ${this.constructor.name}.${key} is the request itself`,
        );
    }
    return json;
  }

  /** `util.inspect` / `console.log` show the id like any other field. */
  [Symbol.for('nodejs.util.inspect.custom')](): this {
    void this.id;
    return this;
  }
}

// The id as an accessor on the prototype: no field, no UUID per request until someone reads it.
// Reading draws one and stores it as an own, enumerable property; writing (a subclass's own `id`,
// or a mapper restoring a message's id) stores the given one.
function ownId(request: object, id: string): void {
  Object.defineProperty(request, 'id', { value: id, writable: true, enumerable: true, configurable: true });
}
Object.defineProperty(Request.prototype, 'id', {
  configurable: true,
  enumerable: false,
  get(this: object): string {
    const id = randomUUID();
    ownId(this, id);
    return id;
  },
  set(this: object, id: string) {
    ownId(this, id);
  },
});

/**
 * A request with exactly one handler: `processor.send(command)` resolves to its result.
 *
 * @example
 * ```ts
 * class GreetCommand extends Command<string> { constructor(readonly name: string) { super(); } }
 * ```
 */
export abstract class Command<TResult = void> extends Request<TResult> {}

/**
 * A notification with zero or more handlers: `processor.publish(event)` reaches every subscriber.
 *
 * @example
 * ```ts
 * class OrderPlaced extends Event { constructor(readonly orderId: number) { super(); } }
 * ```
 */
export abstract class Event extends Request<void> {}

/** The result type of a request: `ResultOf<Command<number>>` is `number`. */
export type ResultOf<R> = R extends Request<infer T> ? T : never;

/** A request class (its constructor), used as a registry key. */
export type RequestClass<R extends Request<any> = Request<any>> = abstract new (...args: any[]) => R;
