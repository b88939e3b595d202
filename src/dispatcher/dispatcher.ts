import type { Logger } from '../core';
import type { Delivery, Transport } from '../bus/transport';
import type { CommandProcessor } from '../processor';
import { RequestContext, type Request } from '../requests';
import { DispatcherConfigurationError, DispatcherError } from './errors';
import { mapperLookup, type MapperLookup } from './mappers';
import { outcomeOfFailure } from './outcome';
import { scrubErrorText } from '../bus/scrub';
import { resolveSubscription, type ResolvedSubscription, type Subscription } from './subscription';
import { SubscriptionConsumer, type ReconnectOptions } from './subscription-consumer';
import { traceDelivery, type DeliveryOutcome, type DispatcherTelemetry } from './telemetry';

/** What a Dispatcher is built from. */
export interface DispatcherOptions {
  /** The local processor messages are sent / published through. */
  processor: CommandProcessor;
  transport: Transport;
  subscriptions: readonly Subscription[];
  /** Maps messages back; default the processor's bus's mappers, else JSON. */
  mappers?: MapperLookup;
  /** Default: the processor's logger. */
  logger?: Logger;
  /** Backoff of consuming again after a lost broker connection. */
  reconnect?: ReconnectOptions;
  /** OpenTelemetry: a consumer span per message, child of the producer's `traceparent`. */
  telemetry?: DispatcherTelemetry;
  /**
   * `stop()` closes the transport once the consumers are done (default true). False leaves it
   * open, for a bus that keeps posting through it; close it yourself then.
   */
  ownsTransport?: boolean;
}

/** Listens to what goes wrong around the handlers (see `Dispatcher.onError`). */
export type DispatcherErrorListener = (error: DispatcherError) => void;

const DISPATCHED_MESSAGE = 'matryoshka.dispatcher.message';

/**
 * Consumes the subscriptions' queues and sends each message's request (a command) or publishes it
 * (an event) through the local processor: Brighter's service activator. A message is acknowledged
 * once its pipeline succeeded; failures are requeued or dead-lettered as docs/bus.md describes.
 *
 * @example
 * ```ts
 * const dispatcher = new Dispatcher({
 *   processor, transport,
 *   subscriptions: [{ name: 'orders', topic: 'orders.place', requestType: PlaceOrder, concurrency: 4 }],
 * });
 * dispatcher.onError((error) => console.error(error.message));
 * await dispatcher.start();
 * process.on('SIGTERM', () => dispatcher.stop());
 * ```
 */
export class Dispatcher {
  readonly subscriptions: readonly ResolvedSubscription[];
  private readonly processor: CommandProcessor;
  private readonly transport: Transport;
  private readonly logger: Logger;
  private readonly mappers: MapperLookup;
  private readonly consumers: SubscriptionConsumer[];
  private readonly listeners = new Set<DispatcherErrorListener>();
  private readonly ownsTransport: boolean;
  private readonly telemetry?: DispatcherTelemetry;
  private state: 'new' | 'starting' | 'running' | 'stopping' | 'stopped' = 'new';

  constructor(options: DispatcherOptions) {
    if (!options?.processor)
      throw new DispatcherConfigurationError(
        'Dispatcher: options.processor (a CommandProcessor) is required.',
      );
    if (!options.transport)
      throw new DispatcherConfigurationError('Dispatcher: options.transport (a Transport) is required.');
    if (!Array.isArray(options.subscriptions) || options.subscriptions.length === 0) {
      throw new DispatcherConfigurationError(
        'Dispatcher: options.subscriptions must name at least one subscription.',
      );
    }
    this.processor = options.processor;
    this.transport = options.transport;
    this.logger = options.logger ?? options.processor.logger;
    this.mappers = mapperLookup(options.processor, options.mappers);
    this.ownsTransport = options.ownsTransport ?? true;
    this.telemetry = options.telemetry;
    this.subscriptions = options.subscriptions.map(resolveSubscription);
    const queues = new Set<string>();
    for (const s of this.subscriptions) {
      if (queues.has(s.queue)) {
        throw new DispatcherConfigurationError(
          `Dispatcher: two subscriptions consume queue "${s.queue}"; give each its own queue.`,
        );
      }
      queues.add(s.queue);
    }
    this.consumers = this.subscriptions.map(
      (s) =>
        new SubscriptionConsumer(
          s,
          this.transport,
          (d) => this.deliver(s, d),
          (e) => this.emit(e),
          this.logger,
          options.reconnect,
        ),
    );
  }

  /** Declares every queue bound to its topic (and its `.dlq`), then consumes them. Resolves once all are consumed. */
  async start(): Promise<void> {
    if (this.state !== 'new')
      throw new DispatcherConfigurationError(
        `Dispatcher.start: already ${this.state}; make a new Dispatcher.`,
      );
    this.state = 'starting';
    try {
      await Promise.all(this.consumers.map((c) => c.start()));
      this.state = 'running';
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  /**
   * Stops taking messages, waits for those being handled and settles them, then closes the
   * transport (channels before the connection) unless `ownsTransport` is false. Idempotent.
   */
  async stop(): Promise<void> {
    if (this.state === 'stopping' || this.state === 'stopped') return this.stopped;
    this.state = 'stopping';
    this.stopped = (async () => {
      await Promise.all(this.consumers.map((c) => c.stop()));
      if (this.ownsTransport) await this.transport.close();
      this.state = 'stopped';
    })();
    return this.stopped;
  }
  private stopped: Promise<void> = Promise.resolve();

  /** Subscribes to DispatcherErrors (lost connections, failed settlements). Returns an unsubscribe function. */
  onError(listener: DispatcherErrorListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Messages being handled now, over all subscriptions. */
  get inFlight(): number {
    return this.consumers.reduce((sum, c) => sum + c.inFlight, 0);
  }

  private async deliver(subscription: ResolvedSubscription, delivery: Delivery): Promise<void> {
    const run = () => this.process(subscription, delivery);
    if (!this.telemetry) return void (await run());
    const exchange = (this.transport as { exchange?: unknown }).exchange;
    const where = {
      system: this.transport.system,
      queue: subscription.queue,
      exchange: typeof exchange === 'string' ? exchange : undefined,
    };
    await traceDelivery(this.telemetry, where, delivery.message, run);
  }

  private async process(subscription: ResolvedSubscription, delivery: Delivery): Promise<DeliveryOutcome> {
    const { message } = delivery;
    let request: Request<any>;
    try {
      request = await this.mappers.mapperFor(subscription.requestType).toRequest(message);
    } catch (error) {
      const text = scrubErrorText(error instanceof Error ? error.message : String(error));
      this.logger.error(
        { subscription: subscription.name, messageId: message.header.id, error: text },
        'Dispatcher: unmappable message dead-lettered',
      );
      await this.settle(subscription, delivery, () =>
        delivery.deadLetter({ error: 'MessageMappingError', message: text }),
      );
      return { settlement: 'deadLetter', error };
    }
    try {
      const context = new RequestContext();
      context.bag.set(DISPATCHED_MESSAGE, message);
      await (message.header.kind === 'event'
        ? this.processor.publish(request, { context })
        : this.processor.send(request, { context }));
    } catch (error) {
      const outcome = outcomeOfFailure(error, message.header.handledCount, subscription);
      const log = {
        subscription: subscription.name,
        messageId: message.header.id,
        handledCount: message.header.handledCount,
      };
      if (outcome.kind === 'requeue') {
        this.logger.warn(
          { ...log, error: outcome.why, delayMs: outcome.delayMs },
          'Dispatcher: handling failed; requeued',
        );
        await this.settle(subscription, delivery, () => delivery.requeue(outcome.delayMs));
        return { settlement: 'requeue', error };
      }
      this.logger.error({ ...log, ...outcome.reason }, 'Dispatcher: message dead-lettered');
      await this.settle(subscription, delivery, () => delivery.deadLetter(outcome.reason));
      return { settlement: 'deadLetter', error };
    }
    await this.settle(subscription, delivery, () => delivery.ack());
    return { settlement: 'ack' };
  }

  private async settle(
    subscription: ResolvedSubscription,
    delivery: Delivery,
    how: () => Promise<void>,
  ): Promise<void> {
    try {
      await how();
    } catch (error) {
      // The broker redelivers an unsettled message: at least once, never dropped.
      this.emit(
        new DispatcherError(
          subscription.name,
          `settling message ${delivery.message.header.id} failed; the broker will redeliver it`,
          { cause: error },
        ),
      );
    }
  }

  private emit(error: DispatcherError): void {
    if (this.listeners.size === 0) {
      const cause = error.cause instanceof Error ? scrubErrorText(error.cause.message) : undefined;
      this.logger.error({ subscription: error.subscription, cause }, error.message);
      return;
    }
    for (const listener of this.listeners) {
      try {
        listener(error);
      } catch (thrown) {
        this.logger.error({ error: String(thrown) }, 'Dispatcher: an onError listener threw');
      }
    }
  }
}

/** The message a dispatched request came in, for handlers that want its header (handledCount, bag). */
export function dispatchedMessage(context: RequestContext): import('../bus/message').Message | undefined {
  return context.bag.get(DISPATCHED_MESSAGE) as import('../bus/message').Message | undefined;
}
