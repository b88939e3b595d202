import { MatryoshkaError } from '../core';

/** `FailoverHub.getInstance` for a name that was never created (or was removed). */
export class UnknownInstanceError extends MatryoshkaError {
  constructor(
    readonly instance: string,
    readonly known: readonly string[],
  ) {
    super(
      `No failover instance named '${instance}'; available: ${known.length ? known.join(', ') : '(none)'}.`,
    );
  }
}

/**
 * No FailoverClient (or FailoverHub for a named instance) is registered in the pipeline's container.
 * Register one with `container.registerInstance(FailoverClient, client)`.
 */
export class FailoverClientNotRegisteredError extends MatryoshkaError {}
