import { inspect } from 'node:util';
import type { ConfirmChannel } from 'amqplib';
import type { Logger } from '../../../core';
import type { Message } from '../../message';
import type { Consumption, ConsumeOptions, DeliveryHandler, QueueSpec, Transport } from '../../transport';
import { ProducerError, TransportError } from '../../errors';
import { scrubbedError } from '../../scrub';
import { RabbitMQConnection, type RabbitMQReconnectOptions } from './rabbitmq-connection';
import { fromAmqp, toAmqp } from './rabbitmq-codec';
import { RabbitMQConsumerSide } from './consumer';

/** Options of {@link RabbitMQTransport}. */
export interface RabbitMQTransportOptions {
  /** `amqp://user:password@host:port/vhost`. Never logged or shown unredacted. */
  url: string;
  /** The durable topic exchange messages are published to and queues are bound to. */
  exchange: string;
  /** Connection and channel errors, scrubbed. Default silent. */
  logger?: Logger;
  /** Backoff between connect attempts after a loss. */
  reconnect?: RabbitMQReconnectOptions;
}

/**
 * The RabbitMQ transport on amqplib, both sides. Producing: a durable topic exchange, persistent
 * messages, one confirm channel — `send` resolves only once the broker confirmed the message.
 * After a connection loss (a broker restart) the next use connects again with a new channel,
 * with backoff; publishes in flight at the loss reject with `ProducerError` (their messages stay
 * in the outbox). Consuming: see docs/bus.md. The URL's password never appears in errors, logs
 * or `util.inspect`.
 *
 * @example
 * ```ts
 * const transport = new RabbitMQTransport({ url: 'amqp://user:pass@127.0.0.1:5672', exchange: 'matryoshka' });
 * ```
 */
export class RabbitMQTransport implements Transport {
  readonly system = 'rabbitmq';
  readonly exchange: string;
  readonly #connection: RabbitMQConnection;
  readonly #consumers: RabbitMQConsumerSide;
  #publisher: Promise<ConfirmChannel> | undefined;

  constructor(options: RabbitMQTransportOptions) {
    if (typeof options?.url !== 'string' || !/^amqps?:\/\//.test(options.url)) {
      throw new TransportError('RabbitMQTransport: options.url must be an amqp:// or amqps:// URL.');
    }
    if (typeof options.exchange !== 'string' || !options.exchange) {
      throw new TransportError('RabbitMQTransport: options.exchange must name the topic exchange.');
    }
    this.exchange = options.exchange;
    this.#connection = new RabbitMQConnection(options.url, options);
    this.#consumers = new RabbitMQConsumerSide({
      exchange: this.exchange,
      openChannel: () => this.#connection.openChannel(),
      toAmqp,
      fromAmqp,
    });
  }

  async send(message: Message): Promise<void> {
    const { topic, id } = message.header;
    let channel: ConfirmChannel;
    try {
      channel = await this.publisher();
    } catch (error) {
      throw new ProducerError(topic, id, scrubbedError(error).message, { cause: scrubbedError(error) });
    }
    const { content, options } = toAmqp(message);
    await new Promise<void>((resolve, reject) => {
      const failed = (error: unknown) =>
        reject(
          new ProducerError(topic, id, `the broker did not confirm it (${scrubbedError(error).message})`, {
            cause: scrubbedError(error),
          }),
        );
      try {
        channel.publish(this.exchange, topic, content, options, (error) =>
          error ? failed(error) : resolve(),
        );
      } catch (error) {
        failed(error);
      }
    });
  }

  declareQueue(spec: QueueSpec): Promise<void> {
    return this.#consumers.declareQueue(spec);
  }

  consume(queue: string, options: ConsumeOptions, handler: DeliveryHandler): Promise<Consumption> {
    return this.#consumers.consume(queue, options, handler);
  }

  async close(): Promise<void> {
    await this.#consumers.close();
    this.#publisher = undefined;
    await this.#connection.close();
  }

  [inspect.custom](): string {
    return `RabbitMQTransport { url: '${this.#connection.safeUrl}', exchange: '${this.exchange}' }`;
  }

  // The publishing channel: opened (with the exchange declared) on first use and after a loss.
  private publisher(): Promise<ConfirmChannel> {
    this.#publisher ??= (async () => {
      const channel = await this.#connection.openChannel();
      channel.on('close', () => (this.#publisher = undefined));
      try {
        await channel.assertExchange(this.exchange, 'topic', { durable: true });
      } catch (error) {
        throw this.#connection.error(`could not declare exchange '${this.exchange}'`, error);
      }
      return channel;
    })().catch((error: unknown) => {
      this.#publisher = undefined;
      throw error;
    });
    return this.#publisher;
  }
}
