import { inspect } from 'node:util';
import { MatryoshkaError, silentLogger, type Logger } from '../core';
import type { Request, RequestClass } from '../requests';
import { Message, type Publication } from './message';
import type { Transport } from './transport';
import type { Outbox } from './outbox/outbox';
import { InMemoryOutbox } from './outbox/in-memory-outbox';
import { MessageMapperRegistry } from './message-mapper-registry';
import { MessageMappingError, MissingPublicationError, ProducerError } from './errors';
import { scrubbedError } from './scrub';
import { assertBagNames } from './wire';
import { Sweeper, type SweeperOptions } from './sweeper';
import type { PostTracer } from './post-tracing';

/** Options of {@link ExternalBus}. */
export interface ExternalBusOptions {
  /** Where messages go: `new RabbitMQTransport(…)`, or `new InMemoryTransport()` in one process. */
  transport: Transport;
  /** The topic of each request type that may be posted. */
  publications: Publication[];
  /** Default `new InMemoryOutbox()`; durable: `new PostgresOutbox(poolOrPGlite)`. */
  outbox?: Outbox;
  /** Default: the JSON mapper for every type. */
  mappers?: MessageMapperRegistry;
  /** Dispatches what posting could not: defaults `{ intervalMs: 1000, olderThanMs: 5000, batchSize: 100 }`; `intervalMs: 0` turns it off. */
  sweeper?: Partial<SweeperOptions>;
  /** Where sweeper failures are reported (scrubbed); default silent. */
  logger?: Logger;
  /** A producer span per post, and `traceparent` in the header bag: see `openTelemetryPostTracer`. */
  tracer?: PostTracer;
}

/** Options of {@link ExternalBus.deposit}. */
export interface DepositOptions {
  /** The caller's database transaction: see `OutboxAddOptions.transaction`. */
  transaction?: unknown;
}

/** How long a poster or a sweeper holds the messages it dispatches before another may take them. */
const CLAIM_LEASE_MS = 30_000;

/**
 * The producing half of the external bus (Brighter's external bus service): maps requests to
 * messages with their publication's topic, stores them in the outbox and dispatches them
 * through the transport, marking each dispatched once the broker confirmed it. A dispatch that
 * fails leaves the message in the outbox, undispatched, for the sweeper. Give it to a
 * `CommandProcessor` as `bus` and use `processor.post`, `depositPost` and `clearOutbox`.
 *
 * @example
 * ```ts
 * const bus = new ExternalBus({
 *   transport: new RabbitMQTransport({ url, exchange: 'matryoshka' }),
 *   publications: [{ topic: 'orders.place', requestType: PlaceOrder }],
 * });
 * const processor = new CommandProcessor({ subscribers, bus });
 * await processor.post(new PlaceOrder('o-1'));
 * await bus.close();
 * ```
 */
export class ExternalBus {
  readonly transport: Transport;
  readonly outbox: Outbox;
  readonly mappers: MessageMapperRegistry;
  private readonly publications = new Map<RequestClass, Publication>();
  private readonly sweeper: Sweeper;
  private readonly tracer?: PostTracer;
  private closed: Promise<void> | undefined;

  constructor(options: ExternalBusOptions) {
    const transport = options?.transport;
    if (!transport || typeof transport.send !== 'function') {
      throw new BusConfigurationError(
        'ExternalBus: options.transport must be a Transport (InMemoryTransport, RabbitMQTransport).',
      );
    }
    if (!Array.isArray(options.publications)) {
      throw new BusConfigurationError(
        'ExternalBus: options.publications must be an array of { topic, requestType }.',
      );
    }
    for (const publication of options.publications) {
      if (
        typeof publication?.requestType !== 'function' ||
        typeof publication.topic !== 'string' ||
        !publication.topic
      ) {
        throw new BusConfigurationError(
          `ExternalBus: publication ${inspect(publication)} needs a non-empty topic and a request class.`,
        );
      }
      this.publications.set(publication.requestType, publication);
    }
    this.transport = transport;
    this.outbox = options.outbox ?? new InMemoryOutbox();
    this.mappers = options.mappers ?? new MessageMapperRegistry();
    this.tracer = options.tracer;
    this.sweeper = new Sweeper(options.sweeper ?? {}, () => this.sweepOnce(), options.logger ?? silentLogger);
    this.sweeper.start();
  }

  /** The publication of a request type, or undefined. */
  publicationOf(requestType: RequestClass): Publication | undefined {
    return this.publications.get(requestType);
  }

  /**
   * Maps every request to its message: all or nothing. Throws `MissingPublicationError` or
   * `MessageMappingError`, naming the request type, before anything is stored.
   */
  async toMessages(requests: readonly Request<any>[]): Promise<Message[]> {
    const messages: Message[] = [];
    for (const request of requests) messages.push(await this.toMessage(request));
    return messages;
  }

  /** Maps the requests and stores their messages, undispatched; resolves to their ids. */
  async deposit(requests: readonly Request<any>[], options: DepositOptions = {}): Promise<string[]> {
    const messages = await this.toMessages(requests);
    await this.outbox.add(messages, { transaction: options.transaction });
    return messages.map((message) => message.header.id);
  }

  /**
   * Deposits the requests, then dispatches them at once; resolves once the broker confirmed
   * every one. Rejects with `ProducerError` where one could not be dispatched: it stays in the
   * outbox, undispatched, for the sweeper.
   */
  async post(requests: readonly Request<any>[]): Promise<void> {
    this.assertOpen();
    const messages = await this.toMessages(requests);
    const traced = this.tracer
      ? messages.map((m) => this.tracer!.start(m, this.transport.system))
      : undefined;
    try {
      await this.outbox.add(messages, { leaseMs: CLAIM_LEASE_MS });
      await this.dispatch(messages);
      traced?.forEach((span) => span.end());
    } catch (error) {
      traced?.forEach((span) => span.end(error));
      throw error;
    }
  }

  /**
   * Dispatches the deposited, undispatched messages among `ids` (after the caller committed the
   * transaction they were deposited in). Ids that are unknown (a rolled-back deposit), already
   * dispatched or being dispatched by a sweeper are skipped. Rejects with `ProducerError` where
   * one could not be dispatched; it stays outstanding.
   */
  async clearOutbox(ids: readonly string[]): Promise<void> {
    this.assertOpen();
    const messages = await this.outbox.claim([...ids], CLAIM_LEASE_MS);
    await this.dispatch(messages);
  }

  /** One sweeper pass now: dispatches outstanding messages, batch after batch; resolves to how many. */
  sweep(): Promise<number> {
    return this.sweeper.runNow();
  }

  /** Stops the sweeper (waiting for its pass in flight) and closes the transport. Idempotent. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      await this.sweeper.stop();
      await this.transport.close();
    })();
    return this.closed;
  }

  private async sweepOnce(): Promise<number> {
    const { olderThanMs, batchSize } = this.sweeper.options;
    let total = 0;
    for (;;) {
      if (this.closed) return total;
      const batch = await this.outbox.claimOutstanding({
        olderThanMs,
        limit: batchSize,
        leaseMs: CLAIM_LEASE_MS,
      });
      if (batch.length === 0) return total;
      await this.dispatch(batch);
      total += batch.length;
      if (batch.length < batchSize) return total;
    }
  }

  // Sends every message; marks the confirmed ones dispatched and releases the others.
  private async dispatch(messages: Message[]): Promise<void> {
    if (messages.length === 0) return;
    const results = await Promise.allSettled(messages.map((message) => this.transport.send(message)));
    const sent: string[] = [];
    const failed: Array<{ message: Message; error: unknown }> = [];
    results.forEach((result, i) => {
      if (result.status === 'fulfilled') sent.push(messages[i].header.id);
      else failed.push({ message: messages[i], error: result.reason });
    });
    await this.outbox.markDispatched(sent);
    if (failed.length === 0) return;
    await this.outbox.release(failed.map((f) => f.message.header.id));
    const first = failed[0];
    if (first.error instanceof ProducerError && failed.length === 1) throw first.error;
    const cause = first.error instanceof ProducerError ? first.error : scrubbedError(first.error);
    const detail =
      failed.length === 1
        ? cause.message
        : `${failed.length} of ${messages.length} messages failed (first: ${cause.message})`;
    throw new ProducerError(
      first.message.header.topic,
      failed.length === 1 ? first.message.header.id : undefined,
      detail,
      { cause },
    );
  }

  private async toMessage(request: Request<any>): Promise<Message> {
    const requestType = (request as unknown as { constructor?: RequestClass } | undefined)?.constructor;
    const typeName = requestType?.name ?? typeof request;
    const publication = requestType && this.publications.get(requestType);
    if (!publication) throw new MissingPublicationError(typeName);
    let message: Message;
    try {
      message = await this.mappers.mapperFor(publication.requestType).toMessage(request, publication);
    } catch (error) {
      if (error instanceof MatryoshkaError) throw error;
      throw new MessageMappingError(
        typeName,
        'toMessage',
        `its mapper threw: ${scrubbedError(error).message}`,
        { cause: error },
      );
    }
    if (!(message instanceof Message) || typeof message.header?.id !== 'string' || !message.header.id) {
      throw new MessageMappingError(typeName, 'toMessage', 'its mapper returned no Message with a header id');
    }
    assertBagNames(message.header);
    return message;
  }

  private assertOpen(): void {
    if (this.closed)
      throw new BusConfigurationError('ExternalBus is closed: posting after bus.close() sends nothing.');
  }
}

/** The bus was built or used wrongly (no transport, a bad publication, posting after close). */
export class BusConfigurationError extends MatryoshkaError {}
