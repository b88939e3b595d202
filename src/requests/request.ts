import { randomUUID } from 'node:crypto';

/**
 * Anything sent through a {@link CommandProcessor}. `TResult` is what the pipeline resolves to.
 * Each request gets a fresh `id` (a UUID) used in logs and monitor events.
 */
export abstract class Request<TResult = void> {
  declare readonly id: string;

  // Assigned in the constructor rather than as a field initialiser: cheaper across many subclasses.
  constructor() {
    (this as { id: string }).id = randomUUID();
  }

  /** Type-level marker so `ResultOf` can infer TResult; never set at run time. */
  declare readonly __result?: TResult;
}

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
