import type { Message } from '../../message';
import {
  DEAD_LETTER_ERROR_HEADER,
  DEAD_LETTER_MESSAGE_HEADER,
  type Consumption,
  type DeadLetterReason,
  type Delivery,
  type DeliveryHandler,
  type QueueSpec,
  type Transport,
} from '../../transport';
import { ProducerError, TransportError } from '../../errors';
import { copyMessage, InMemoryBroker, type BrokerConsumer, type QueuedMessage } from './in-memory-broker';

/** Options of {@link InMemoryTransport}. */
export interface InMemoryTransportOptions {
  /** The queues to connect to; share one broker between transports to make them compete. Default: a new one. */
  broker?: InMemoryBroker;
}

interface Held {
  queue: string;
  entry: QueuedMessage;
  consumer: BrokerConsumer;
}

/**
 * The embedded transport, both sides, in one process with a broker's semantics: a topic exchange
 * (`*` and `#` wildcards) routing to durable queues, competing consumers served round-robin,
 * `prefetch` honoured, manual acknowledgement, requeue with delay, dead letters on `<queue>.dlq`.
 * `send` resolves at once (the message is in every bound queue). A message sent to a topic no
 * queue is bound to is dropped, as RabbitMQ drops it.
 *
 * Each instance is one connection: `close()` hands the deliveries its consumers still hold back
 * to their queues (`redelivered: true`), moves its pending delayed requeues onto their queues at
 * once and clears every timer. `connect()` opens another connection to the same queues.
 *
 * @example
 * ```ts
 * const transport = new InMemoryTransport();
 * await transport.declareQueue({ queue: 'orders', topic: 'orders.place' });
 * await transport.send(message);
 * await transport.consume('orders', { prefetch: 10 }, async (delivery) => { …; await delivery.ack(); });
 * ```
 */
export class InMemoryTransport implements Transport {
  readonly system = 'in-memory';
  readonly broker: InMemoryBroker;
  private readonly held = new Set<Held>();
  private readonly delayed = new Map<ReturnType<typeof setTimeout>, () => void>();
  private readonly consumers: Array<{ queue: string; consumer: BrokerConsumer }> = [];
  private closed = false;

  constructor(options: InMemoryTransportOptions = {}) {
    this.broker = options.broker ?? new InMemoryBroker();
  }

  /** Another connection to the same queues: its consumers compete with this one's. */
  connect(): InMemoryTransport {
    return new InMemoryTransport({ broker: this.broker });
  }

  async send(message: Message): Promise<void> {
    if (this.closed)
      throw new ProducerError(message.header.topic, message.header.id, 'the transport is closed');
    this.broker.publish(message);
  }

  async declareQueue(spec: QueueSpec): Promise<void> {
    this.assertOpen(`declare queue '${spec.queue}'`);
    this.broker.declare(spec.queue, spec.topic);
    this.broker.declare(`${spec.queue}.dlq`);
  }

  /** The dead-lettered messages of `queue` (those waiting in `<queue>.dlq`), oldest first. */
  deadLetters(queue: string): Message[] {
    return this.broker.peek(`${queue}.dlq`);
  }

  /** The messages waiting in `queue`, not yet delivered (for tests). */
  waiting(queue: string): Message[] {
    return this.broker.peek(queue);
  }

  async consume(
    queue: string,
    options: { prefetch: number },
    handler: DeliveryHandler,
  ): Promise<Consumption> {
    this.assertOpen(`consume queue '${queue}'`);
    if (!this.broker.has(queue)) {
      throw new TransportError(
        `Cannot consume queue '${queue}': it is not declared. Call declareQueue first.`,
      );
    }
    if (!Number.isInteger(options.prefetch) || options.prefetch < 1) {
      throw new TransportError(
        `prefetch for queue '${queue}' must be a positive integer, got ${options.prefetch}`,
      );
    }
    const consumer: BrokerConsumer = {
      prefetch: options.prefetch,
      unsettled: 0,
      active: true,
      deliver: (entry) => this.deliver(queue, entry, consumer, handler),
    };
    const registration = { queue, consumer };
    this.consumers.push(registration);
    this.broker.addConsumer(queue, consumer);
    return {
      cancel: async () => {
        consumer.active = false;
        this.broker.removeConsumer(queue, consumer);
      },
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const { queue, consumer } of this.consumers) {
      consumer.active = false;
      this.broker.removeConsumer(queue, consumer);
    }
    for (const [timer, flush] of this.delayed) {
      clearTimeout(timer);
      flush();
    }
    this.delayed.clear();
    // Unsettled deliveries go back to the front of their queues, as a broker does when a channel closes.
    for (const held of [...this.held].reverse()) {
      this.broker.enqueue(held.queue, { message: held.entry.message, redelivered: true }, true);
    }
    this.held.clear();
  }

  private deliver(
    queue: string,
    entry: QueuedMessage,
    consumer: BrokerConsumer,
    handler: DeliveryHandler,
  ): void {
    const held: Held = { queue, entry, consumer };
    this.held.add(held);
    const settle = (): boolean => {
      if (!this.held.delete(held)) return false; // settled already, or handed back at close
      consumer.unsettled--;
      this.broker.settled();
      return true;
    };
    const message = entry.message;
    const delivery: Delivery = {
      message,
      redelivered: entry.redelivered,
      ack: async () => {
        settle();
      },
      requeue: async (delayMs) => {
        if (!this.held.has(held)) return;
        const copy = copyMessage(message, {
          handledCount: message.header.handledCount + 1,
          delayMs: delayMs > 0 ? delayMs : undefined,
        });
        this.requeueLater(queue, copy, delayMs);
        settle();
      },
      deadLetter: async (reason: DeadLetterReason) => {
        if (!this.held.has(held)) return;
        const bag = {
          [DEAD_LETTER_ERROR_HEADER]: reason.error,
          [DEAD_LETTER_MESSAGE_HEADER]: reason.message,
        };
        this.broker.enqueue(`${queue}.dlq`, { message: copyMessage(message, { bag }), redelivered: false });
        settle();
      },
    };
    void handler(delivery).catch(() => {
      // The handler settles the delivery itself; one that rejects unsettled leaves it held
      // until this connection closes, as a broker would.
    });
  }

  private requeueLater(queue: string, message: Message, delayMs: number): void {
    const put = () => this.broker.enqueue(queue, { message, redelivered: false });
    if (delayMs <= 0) return put();
    const timer = setTimeout(() => {
      this.delayed.delete(timer);
      put();
    }, delayMs);
    this.delayed.set(timer, put);
  }

  private assertOpen(what: string): void {
    if (this.closed) throw new TransportError(`Cannot ${what}: the InMemoryTransport is closed.`);
  }
}
