import type { Logger } from '../core';
import type { Consumption, Delivery, Transport } from '../bus/transport';
import { DispatcherError } from './errors';
import type { ResolvedSubscription } from './subscription';

/** Backoff between attempts to consume again after a lost connection. */
export interface ReconnectOptions {
  /** First wait. Default 100 ms. */
  initialDelayMs?: number;
  /** Longest wait. Default 5,000 ms. */
  maxDelayMs?: number;
}

/**
 * One subscription's consumer: declares its queue, consumes it, runs up to `concurrency`
 * deliveries at once (the rest of the prefetch waits here, unsettled), and consumes again with
 * backoff when the transport reports the consumption lost.
 */
export class SubscriptionConsumer {
  private consumption?: Consumption;
  private running = 0;
  private waiting: Delivery[] = [];
  private stopping = false;
  private idle: (() => void)[] = [];
  private retryTimer?: NodeJS.Timeout;
  private attempt = 0;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(
    readonly subscription: ResolvedSubscription,
    private readonly transport: Transport,
    private readonly process: (delivery: Delivery) => Promise<void>,
    private readonly report: (error: DispatcherError) => void,
    private readonly logger: Logger,
    reconnect: ReconnectOptions = {},
  ) {
    this.initialDelayMs = reconnect.initialDelayMs ?? 100;
    this.maxDelayMs = reconnect.maxDelayMs ?? 5_000;
  }

  /** Declares the queue (and its dead-letter queue), then consumes it. */
  async start(): Promise<void> {
    const { queue, topic, prefetch } = this.subscription;
    await this.transport.declareQueue({ queue, topic });
    // The transport may report the loss before consume resolves: the holder is read then.
    const holder: { consumption?: Consumption } = {};
    const consumption = await this.transport.consume(
      queue,
      { prefetch, onLost: (error) => this.lost(holder.consumption, error) },
      (delivery) => this.accept(delivery),
    );
    holder.consumption = consumption;
    if (this.stopping) await consumption.cancel();
    else this.consumption = consumption;
  }

  /** Stops taking deliveries and waits for those being handled; those waiting stay unsettled (the broker redelivers them). */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retryTimer);
    this.waiting = [];
    const consumption = this.consumption;
    this.consumption = undefined;
    await consumption
      ?.cancel()
      .catch((error) => this.report(this.error('cancelling the consumer failed', error)));
    if (this.running > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  /** Deliveries being handled now. */
  get inFlight(): number {
    return this.running;
  }

  private accept(delivery: Delivery): Promise<void> {
    if (this.stopping) return Promise.resolve();
    if (this.running < this.subscription.concurrency) return this.run(delivery);
    this.waiting.push(delivery);
    return Promise.resolve();
  }

  private async run(delivery: Delivery): Promise<void> {
    this.running++;
    try {
      await this.process(delivery);
    } finally {
      this.running--;
      const next = this.stopping ? undefined : this.waiting.shift();
      if (next) void this.run(next);
      else if (this.running === 0) for (const resolve of this.idle.splice(0)) resolve();
    }
  }

  private lost(consumption: Consumption | undefined, cause: Error): void {
    if (this.stopping || (consumption && this.consumption && consumption !== this.consumption)) return;
    this.consumption = undefined;
    // Their channel is gone: the broker redelivers them, and an ack now could not reach it.
    this.waiting = [];
    this.report(this.error('the broker connection was lost; consuming again with backoff', cause));
    this.retry();
  }

  private retry(): void {
    if (this.stopping) return;
    const delay = Math.min(this.maxDelayMs, this.initialDelayMs * 2 ** this.attempt++);
    this.retryTimer = setTimeout(() => {
      this.start().then(
        () => {
          this.attempt = 0;
          this.logger.info({ subscription: this.subscription.name }, 'Dispatcher: consuming again');
        },
        (error) => {
          this.report(this.error(`consuming again failed (attempt ${this.attempt})`, error));
          this.retry();
        },
      );
    }, delay);
  }

  private error(message: string, cause: unknown): DispatcherError {
    return new DispatcherError(this.subscription.name, message, { cause });
  }
}
