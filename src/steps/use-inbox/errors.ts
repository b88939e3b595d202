import { MatryoshkaError } from '../../core';

/**
 * `@UseInbox` with `action: 'throw'` met a request id that was already handled under its context
 * key. The Dispatcher dead-letters the message (Brighter's `OnceOnlyException`).
 */
export class OnceOnlyError extends MatryoshkaError {
  constructor(
    readonly requestId: string,
    readonly contextKey: string,
    readonly requestType: string,
  ) {
    super(
      `${requestType} ${requestId} was already handled under inbox context key "${contextKey}"; ` +
        `UseInbox({ action: 'throw' }) refuses a second handling (use action 'warn' to skip it quietly).`,
    );
  }
}

/** A UseInbox step or inbox that cannot work as configured: no inbox on the processor, a bad option or table name. */
export class InboxConfigurationError extends MatryoshkaError {}
