/**
 * Group commit for idempotent batch writes: the first caller runs at once; callers arriving
 * while a run is in flight are merged into the next single run. One caller alone pays no delay;
 * many concurrent callers share one statement.
 */
export class Coalescer<T> {
  private pending: T[] = [];
  private waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  private running = false;

  constructor(private readonly run: (items: T[]) => Promise<void>) {}

  add(items: readonly T[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push(...items);
      this.waiters.push({ resolve, reject });
      if (!this.running) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.running = true;
    while (this.pending.length > 0) {
      const items = this.pending;
      const waiters = this.waiters;
      this.pending = [];
      this.waiters = [];
      try {
        await this.run(items);
        for (const waiter of waiters) waiter.resolve();
      } catch (error) {
        for (const waiter of waiters) waiter.reject(error);
      }
    }
    this.running = false;
  }
}
