import type { Message } from './message';

/**
 * What a transport knows of a subscription's queue: the queue is bound to `topic`, and its
 * dead letters go to `<queue>.dlq`. Declaring is idempotent; queues are durable and outlive
 * the consumers.
 */
export interface QueueSpec {
  queue: string;
  topic: string;
}

/** The `header.bag` entry of a dead letter holding its reason's `error` (an error name). */
export const DEAD_LETTER_ERROR_HEADER = 'dead-letter-error';
/** The `header.bag` entry of a dead letter holding its reason's `message` (scrubbed of secrets). */
export const DEAD_LETTER_MESSAGE_HEADER = 'dead-letter-message';

/** Why a message was dead-lettered; travels in the dead letter's headers (scrubbed of secrets). */
export interface DeadLetterReason {
  /** An error's name, or 'RejectMessage', 'MessageMappingError', 'RequeueLimitReached'. */
  error: string;
  message: string;
}

/**
 * One delivery of a message to a consumer. Exactly one of `ack`, `requeue` or `deadLetter` settles
 * it; until then the transport holds it (a consumer that dies leaves it to be redelivered).
 */
export interface Delivery {
  readonly message: Message;
  /** The transport delivered this message before (a consumer died holding it). */
  readonly redelivered: boolean;
  /** Done: the message leaves the queue. */
  ack(): Promise<void>;
  /**
   * Back onto the work queue as a new delivery with `handledCount` + 1, after `delayMs`
   * (0: at once). The copy is stored before the original is acknowledged, so a crash in between
   * duplicates rather than loses.
   */
  requeue(delayMs: number): Promise<void>;
  /** Onto `<queue>.dlq` with the reason in its headers, then acknowledged. */
  deadLetter(reason: DeadLetterReason): Promise<void>;
}

/** A running consumer of one queue. */
export interface Consumption {
  /** Stops taking new deliveries; deliveries already handed out can still be settled. */
  cancel(): Promise<void>;
}

/** Options of {@link Transport.consume}. */
export interface ConsumeOptions {
  /** At most this many deliveries unsettled at once. */
  prefetch: number;
  /** The consumption ended without `cancel()`: its channel or connection was lost. */
  onLost?: (error: Error) => void;
}

/** Handles one delivery; the consumer settles the delivery itself before resolving. */
export type DeliveryHandler = (delivery: Delivery) => Promise<void>;

/**
 * A broker connection, both sides: the producer half (`send`) used by `ExternalBus`, the consumer
 * half (`declareQueue`, `consume`) used by the `Dispatcher`. `InMemoryTransport` is the embedded
 * default with the same semantics; `RabbitMQTransport` is the real broker.
 */
export interface Transport {
  /** Short name for logs and telemetry (`messaging.system`): 'rabbitmq', 'in-memory'. */
  readonly system: string;
  /** Publishes `message` to its header's topic; resolves once the broker has confirmed it. */
  send(message: Message): Promise<void>;
  /** Declares the queue bound to its topic, and its dead-letter queue. Idempotent. */
  declareQueue(spec: QueueSpec): Promise<void>;
  /**
   * Starts consuming `queue` with manual acknowledgement: at most `prefetch` deliveries are
   * unsettled at once. `onLost` is called once if the consumption ends without `cancel()` (the
   * broker connection or channel went away); the Dispatcher then consumes again.
   */
  consume(queue: string, options: ConsumeOptions, handler: DeliveryHandler): Promise<Consumption>;
  /** Closes channels, then the connection. No open handle remains. */
  close(): Promise<void>;
}
