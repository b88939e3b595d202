import type { Logger } from '../core';
import type { EnvironmentName } from './environment-config';

/**
 * Called on every switch of the current environment. Whatever it returns is ignored, except that a
 * returned promise that rejects is logged (so `(to) => changes.push(to)` is a listener too).
 */
export type EnvironmentChangeListener = (to: EnvironmentName, from: EnvironmentName) => unknown;

/** The onEnvironmentChanged listeners: each one isolated from the others' errors. */
export class ChangeListeners {
  private readonly listeners = new Set<EnvironmentChangeListener>();

  constructor(
    private readonly logger: Logger,
    private readonly scrub: (text: string) => string,
  ) {}

  /** Adds `listener`; returns its unsubscribe function. */
  add(listener: EnvironmentChangeListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Tells every listener; one that throws or rejects is logged, the others still run. */
  notify(to: EnvironmentName, from: EnvironmentName): void {
    for (const listener of [...this.listeners]) {
      try {
        const result = listener(to, from);
        if (typeof (result as PromiseLike<unknown> | null)?.then === 'function')
          Promise.resolve(result).then(undefined, (error: unknown) => this.failed(error));
      } catch (error) {
        this.failed(error);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }

  private failed(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.logger.error({ error: this.scrub(message) }, 'failover: an onEnvironmentChanged listener failed');
  }
}
