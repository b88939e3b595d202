import type { Logger } from '../core';
import { MatryoshkaError } from '../core';
import { scrubErrorText } from './scrub';

/** How often the sweeper runs and what it takes. */
export interface SweeperOptions {
  /** Between passes; 0 turns the sweeper off. Default 1000. */
  intervalMs: number;
  /** Only messages deposited at least this long ago (posts in flight are left to their poster). Default 5000. */
  olderThanMs: number;
  /** Messages claimed per batch; a pass takes batches until one comes back short. Default 100. */
  batchSize: number;
}

/** A sweeper option is not a non-negative number. */
export class SweeperConfigurationError extends MatryoshkaError {}

const DEFAULTS: SweeperOptions = { intervalMs: 1000, olderThanMs: 5000, batchSize: 100 };

/**
 * Runs `pass` every `intervalMs` on an unref'd timer (it never keeps the process alive), one pass
 * at a time; `stop()` clears the timer and waits for the pass in flight. A failing pass is logged
 * (scrubbed) and the next one runs as usual.
 */
export class Sweeper {
  readonly options: SweeperOptions;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<number> | undefined;
  private stopped = false;

  constructor(
    options: Partial<SweeperOptions>,
    private readonly pass: () => Promise<number>,
    private readonly logger: Logger,
  ) {
    this.options = { ...DEFAULTS, ...options };
    for (const [name, value] of Object.entries(this.options)) {
      if (
        typeof value !== 'number' ||
        !Number.isFinite(value) ||
        value < 0 ||
        (name === 'batchSize' && value < 1)
      ) {
        throw new SweeperConfigurationError(
          `ExternalBus sweeper.${name} must be a ${name === 'batchSize' ? 'positive' : 'non-negative'} number of ${name === 'batchSize' ? 'messages' : 'milliseconds'}, got ${String(value)}.`,
        );
      }
    }
  }

  start(): void {
    if (this.options.intervalMs > 0) this.schedule();
  }

  /** One pass now (or the one in flight); resolves to the number of messages dispatched. */
  runNow(): Promise<number> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.runNow()
        .then((count) => {
          if (count > 0) this.logger.debug({ dispatched: count }, 'outbox sweeper dispatched messages');
        })
        .catch((error: unknown) => {
          const text = scrubErrorText(error instanceof Error ? error.message : String(error));
          this.logger.warn({ error: text }, 'outbox sweeper pass failed; the messages stay outstanding');
        })
        .finally(() => this.schedule());
    }, this.options.intervalMs);
    this.timer.unref();
  }
}
