/**
 * One holder per key at a time, in arrival order: a concurrent duplicate of a request waits until
 * the first handling is recorded or released instead of running beside it.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  /** Resolves once `key` is free, to a function that frees it again. */
  async acquire(key: string): Promise<() => void> {
    const previous = this.tails.get(key);
    let free!: () => void;
    const mine = new Promise<void>((resolve) => (free = resolve));
    const tail = previous ? previous.then(() => mine) : mine;
    this.tails.set(key, tail);
    if (previous) await previous;
    let freed = false;
    return () => {
      if (freed) return;
      freed = true;
      free();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }

  /** Keys held or waited for now. */
  get size(): number {
    return this.tails.size;
  }
}
