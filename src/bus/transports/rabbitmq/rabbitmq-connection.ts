import { connect, type ChannelModel, type ConfirmChannel } from 'amqplib';
import { silentLogger, type Logger } from '../../../core';
import { scrubbedError, scrubErrorText } from '../../scrub';
import { TransportError } from '../../errors';

/** How the connection comes back after a loss. */
export interface RabbitMQReconnectOptions {
  /** First wait after a failed connect before the next attempt. Default 100 ms. */
  initialDelayMs?: number;
  /** The wait doubles after each failure up to this. Default 5000 ms. */
  maxDelayMs?: number;
}

/** `amqp://user:password@host` with the password replaced: safe for logs and errors. */
export function redactUrl(url: string): string {
  return scrubErrorText(url);
}

/**
 * One AMQP connection, opened on first use and opened again after a loss (a broker restart):
 * every channel then is a new one. There is no background timer: a connect attempt happens when
 * a channel is asked for, and after a failed one the next waits a backoff (doubling up to
 * `maxDelayMs`); asks in between fail at once, so a poster fails fast and its message stays in
 * the outbox for the sweeper. Errors carry the URL with its password redacted.
 */
export class RabbitMQConnection {
  readonly #url: string;
  readonly #logger: Logger;
  readonly #initialDelayMs: number;
  readonly #maxDelayMs: number;
  #model: ChannelModel | undefined;
  #connecting: Promise<ChannelModel> | undefined;
  #delayMs = 0;
  #notBefore = 0;
  #lastError: Error | undefined;
  #closed = false;
  readonly #channels = new Set<ConfirmChannel>();

  constructor(url: string, options: { logger?: Logger; reconnect?: RabbitMQReconnectOptions } = {}) {
    this.#url = url;
    this.#logger = options.logger ?? silentLogger;
    this.#initialDelayMs = options.reconnect?.initialDelayMs ?? 100;
    this.#maxDelayMs = options.reconnect?.maxDelayMs ?? 5000;
  }

  /** The broker URL with its password redacted. */
  get safeUrl(): string {
    return redactUrl(this.#url);
  }

  /** A new confirm channel on the current connection (connecting first if need be). */
  async openChannel(): Promise<ConfirmChannel> {
    const model = await this.connection();
    let channel: ConfirmChannel;
    try {
      channel = await model.createConfirmChannel();
    } catch (error) {
      throw this.error('could not open a channel', error);
    }
    this.#channels.add(channel);
    channel.on('error', (error: unknown) =>
      this.#logger.warn(
        { error: scrubErrorText(String((error as Error)?.message ?? error)) },
        'AMQP channel error',
      ),
    );
    channel.on('close', () => this.#channels.delete(channel));
    return channel;
  }

  /** Closes every channel, then the connection. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    const model = this.#model ?? (await this.#connecting?.catch(() => undefined));
    this.#model = undefined;
    for (const channel of this.#channels) await channel.close().catch(() => undefined);
    this.#channels.clear();
    await model?.close().catch(() => undefined);
  }

  /** A TransportError naming the redacted URL, with the driver's error scrubbed as its cause. */
  error(what: string, cause: unknown): TransportError {
    const scrubbed = scrubbedError(cause);
    return new TransportError(`RabbitMQ at ${this.safeUrl}: ${what}: ${scrubbed.message}`, {
      cause: scrubbed,
    });
  }

  private connection(): Promise<ChannelModel> {
    if (this.#closed)
      return Promise.reject(new TransportError(`RabbitMQ at ${this.safeUrl}: the transport is closed`));
    if (this.#model) return Promise.resolve(this.#model);
    if (Date.now() < this.#notBefore) {
      return Promise.reject(
        this.error(`not connected (next attempt in ${this.#notBefore - Date.now()} ms)`, this.#lastError),
      );
    }
    this.#connecting ??= this.open().finally(() => (this.#connecting = undefined));
    return this.#connecting;
  }

  private async open(): Promise<ChannelModel> {
    let model: ChannelModel;
    try {
      model = await connect(this.#url);
    } catch (error) {
      this.#lastError = scrubbedError(error);
      this.#delayMs = Math.min(this.#maxDelayMs, this.#delayMs ? this.#delayMs * 2 : this.#initialDelayMs);
      this.#notBefore = Date.now() + this.#delayMs;
      throw this.error('could not connect', error);
    }
    if (this.#closed) {
      await model.close().catch(() => undefined);
      throw new TransportError(`RabbitMQ at ${this.safeUrl}: the transport is closed`);
    }
    this.#delayMs = 0;
    this.#notBefore = 0;
    this.#model = model;
    model.on('error', (error: unknown) =>
      this.#logger.warn(
        { error: scrubErrorText(String((error as Error)?.message ?? error)) },
        'AMQP connection error',
      ),
    );
    model.on('close', () => {
      if (this.#model === model) this.#model = undefined;
      this.#channels.clear();
      if (!this.#closed)
        this.#logger.warn({ url: this.safeUrl }, 'AMQP connection lost; reconnecting on next use');
    });
    return model;
  }
}
