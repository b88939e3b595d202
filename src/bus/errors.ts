import { MatryoshkaError } from '../core';

/**
 * A request type was posted with no publication: the bus does not know its topic. Add
 * `{ topic, requestType }` to the `ExternalBus`'s `publications`.
 */
export class MissingPublicationError extends MatryoshkaError {
  constructor(readonly requestType: string) {
    super(
      `No publication for request type ${requestType}: add { topic: '…', requestType: ${requestType} } ` +
        `to the ExternalBus's publications before posting it.`,
    );
  }
}

/**
 * A request could not be turned into a message (or a message back into a request): its mapper
 * threw, or the request is not JSON-safe (a BigInt, a cycle). Nothing was stored.
 */
export class MessageMappingError extends MatryoshkaError {
  constructor(
    readonly requestType: string,
    readonly direction: 'toMessage' | 'toRequest',
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Could not map ${requestType} ${direction === 'toMessage' ? 'to a message' : 'from a message'}: ${detail}. ` +
        `Make the request's fields JSON-safe, or register a MessageMapper for ${requestType} with ` +
        `MessageMapperRegistry.register(${requestType}, mapper).`,
      options,
    );
  }
}

/**
 * A message could not be handed to the broker (not confirmed, connection lost, transport closed).
 * The message stays in the outbox, undispatched; the sweeper (or `clearOutbox`) dispatches it later.
 */
export class ProducerError extends MatryoshkaError {
  constructor(
    readonly topic: string,
    readonly messageId: string | undefined,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Could not publish${messageId ? ` message ${messageId}` : ''} to topic '${topic}': ${detail}. ` +
        `It stays in the outbox undispatched; the sweeper or clearOutbox will dispatch it once the broker is reachable.`,
      options,
    );
  }
}

/** A transport was used wrongly: consuming an undeclared queue, using it after `close()`. */
export class TransportError extends MatryoshkaError {}
