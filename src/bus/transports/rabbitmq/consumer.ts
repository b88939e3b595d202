import type { ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import { DEAD_LETTER_ERROR_HEADER, DEAD_LETTER_MESSAGE_HEADER } from '../../transport';
import type {
  ConsumeOptions,
  Consumption,
  DeadLetterReason,
  Delivery,
  DeliveryHandler,
  QueueSpec,
} from '../../transport';
import { Message } from '../../message';

/** What the consumer side needs of the RabbitMQ transport: channels, and the wire format both ways. */
export interface RabbitMQConsumerDeps {
  /** The durable topic exchange queues are bound to. */
  exchange: string;
  /** A new confirm channel on the current connection (connecting first if need be). */
  openChannel(): Promise<ConfirmChannel>;
  toAmqp(message: Message): { content: Buffer; options: Options.Publish };
  fromAmqp(amqpMessage: ConsumeMessage): Message;
}

// A holding queue outlives its longest wait by this much before RabbitMQ may delete it unused.
const HOLDING_QUEUE_SLACK_MS = 60_000;

/**
 * The consuming half of RabbitMQTransport: durable queues bound to the topic exchange with their
 * `<queue>.dlq`, manual acknowledgement with prefetch, and settlements that never lose a message:
 * a requeue publishes a copy (`handledCount` + 1) straight to the work queue, or through a
 * per-delay holding queue whose message TTL dead-letters it back — no plugins — and a dead letter
 * is published to `<queue>.dlq` with its reason; each waits for the broker's confirm before the
 * original is acknowledged.
 */
export class RabbitMQConsumerSide {
  /** Open consumer channels, each with the function that marks its consumption ended. */
  private readonly channels = new Map<ConfirmChannel, () => void>();
  private readonly holdingQueues = new Set<string>();

  constructor(private readonly deps: RabbitMQConsumerDeps) {}

  /** Declares the exchange, the durable queue bound to its topic, and `<queue>.dlq`. Idempotent. */
  async declareQueue(spec: QueueSpec): Promise<void> {
    await this.withChannel(async (channel) => {
      await channel.assertExchange(this.deps.exchange, 'topic', { durable: true });
      await channel.assertQueue(spec.queue, { durable: true });
      await channel.bindQueue(spec.queue, this.deps.exchange, spec.topic);
      await channel.assertQueue(`${spec.queue}.dlq`, { durable: true });
    });
  }

  /** Consumes `queue` on a channel of its own with manual acknowledgement and `prefetch`. */
  async consume(queue: string, options: ConsumeOptions, handler: DeliveryHandler): Promise<Consumption> {
    const channel = await this.deps.openChannel();
    let ended = false;
    this.channels.set(channel, () => (ended = true));
    const lost = (error: Error) => {
      if (ended) return;
      ended = true;
      this.channels.delete(channel);
      options.onLost?.(error);
    };
    let lastError: Error | undefined;
    channel.on('error', (error: Error) => (lastError = error));
    channel.on('close', () => lost(lastError ?? new Error(`The channel consuming "${queue}" closed.`)));
    try {
      await channel.prefetch(options.prefetch);
      const { consumerTag } = await channel.consume(
        queue,
        (amqpMessage) => {
          if (!amqpMessage)
            return lost(
              new Error(`The broker cancelled the consumer of "${queue}" (was the queue deleted?).`),
            );
          void handler(this.delivery(channel, queue, amqpMessage)).catch(() => undefined);
        },
        { noAck: false },
      );
      return {
        cancel: async () => {
          if (ended) return;
          ended = true;
          await channel.cancel(consumerTag);
        },
      };
    } catch (error) {
      ended = true;
      this.channels.delete(channel);
      await channel.close().catch(() => undefined);
      throw error;
    }
  }

  /** Closes every consumer channel; unacknowledged deliveries go back to their queues. */
  async close(): Promise<void> {
    const channels = [...this.channels.keys()];
    for (const end of this.channels.values()) end();
    this.channels.clear();
    await Promise.all(channels.map((channel) => channel.close().catch(() => undefined)));
  }

  private delivery(channel: ConfirmChannel, queue: string, amqpMessage: ConsumeMessage): Delivery {
    const message = this.deps.fromAmqp(withoutBrokerHeaders(amqpMessage));
    return {
      message,
      redelivered: amqpMessage.fields.redelivered,
      ack: async () => channel.ack(amqpMessage),
      requeue: async (delayMs) => {
        const copy = withHeader(message, {
          handledCount: message.header.handledCount + 1,
          delayMs: delayMs || undefined,
        });
        const target = delayMs > 0 ? await this.holdingQueue(queue, delayMs) : queue;
        await publishConfirmed(channel, target, this.deps.toAmqp(copy));
        channel.ack(amqpMessage);
      },
      deadLetter: async (reason: DeadLetterReason) => {
        const bag = {
          ...message.header.bag,
          [DEAD_LETTER_ERROR_HEADER]: reason.error,
          [DEAD_LETTER_MESSAGE_HEADER]: reason.message,
        };
        await publishConfirmed(channel, `${queue}.dlq`, this.deps.toAmqp(withHeader(message, { bag })));
        channel.ack(amqpMessage);
      },
    };
  }

  /** `<queue>.delay.<ms>`: holds a message `delayMs`, then dead-letters it back to `queue`. */
  private async holdingQueue(queue: string, delayMs: number): Promise<string> {
    const name = `${queue}.delay.${delayMs}`;
    if (this.holdingQueues.has(name)) return name;
    await this.withChannel((channel) =>
      channel.assertQueue(name, {
        durable: true,
        messageTtl: delayMs,
        deadLetterExchange: '',
        deadLetterRoutingKey: queue,
        expires: delayMs + HOLDING_QUEUE_SLACK_MS,
      }),
    );
    this.holdingQueues.add(name);
    return name;
  }

  /** A short-lived channel: a failed declaration closes its channel, never a consumer's. */
  private async withChannel<T>(work: (channel: ConfirmChannel) => Promise<T>): Promise<T> {
    const channel = await this.deps.openChannel();
    channel.on('error', () => undefined);
    try {
      return await work(channel);
    } finally {
      await channel.close().catch(() => undefined);
    }
  }
}

/** Publishes straight to `queue` (the default exchange) as persistent, resolving on the broker's confirm. */
function publishConfirmed(
  channel: ConfirmChannel,
  queue: string,
  wire: { content: Buffer; options: Options.Publish },
): Promise<void> {
  return new Promise((resolve, reject) => {
    try {
      channel.publish('', queue, wire.content, { ...wire.options, persistent: true }, (error) =>
        error
          ? reject(
              error instanceof Error ? error : new Error(`The broker refused the message for "${queue}".`),
            )
          : resolve(),
      );
    } catch (error) {
      reject(error);
    }
  });
}

/**
 * The delivery without the headers RabbitMQ adds itself (`x-death`, `x-first-death-*` when a
 * holding queue dead-letters a delayed requeue back): they are the broker's, not the message's.
 */
function withoutBrokerHeaders(amqpMessage: ConsumeMessage): ConsumeMessage {
  const headers = amqpMessage.properties.headers;
  if (!headers || !Object.keys(headers).some((name) => name.startsWith('x-'))) return amqpMessage;
  const own = Object.fromEntries(Object.entries(headers).filter(([name]) => !name.startsWith('x-')));
  return { ...amqpMessage, properties: { ...amqpMessage.properties, headers: own } };
}

function withHeader(message: Message, changes: Partial<Message['header']>): Message {
  return new Message({ ...message.header, ...changes }, message.body);
}
