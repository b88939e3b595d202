import { MatryoshkaError } from '../core';

/**
 * Thrown by a handler to have its message requeued (now, or after `delayMs`) instead of treated as
 * failed: Brighter's `DeferMessageAction`. The requeue counts as a delivery (`handledCount` + 1)
 * and against the subscription's `requeueCount`.
 *
 * @example
 * ```ts
 * if (!(await stock.ready(command.sku))) throw new DeferMessage(5_000);
 * ```
 */
export class DeferMessage extends MatryoshkaError {
  constructor(
    readonly delayMs?: number,
    message = `Deferred${delayMs ? ` for ${delayMs} ms` : ''}.`,
  ) {
    super(message);
  }
}

/**
 * Thrown by a handler to dead-letter its message at once, with `reason` in the dead letter's
 * headers: Brighter's `RejectMessageAction`.
 *
 * @example
 * ```ts
 * if (!command.orderId) throw new RejectMessage('PlaceOrder without an orderId');
 * ```
 */
export class RejectMessage extends MatryoshkaError {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** A Dispatcher that cannot work as configured: a bad subscription option, naming it. */
export class DispatcherConfigurationError extends MatryoshkaError {}

/**
 * Something went wrong around the handlers, reported through `dispatcher.onError`: a lost broker
 * connection, a failed reconnection or settlement. `subscription` names where; `cause` holds the
 * original error.
 */
export class DispatcherError extends MatryoshkaError {
  constructor(
    readonly subscription: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`Dispatcher subscription "${subscription}": ${message}`, options);
  }
}
