import type { Request } from '../../requests';
import { inboxKey, type Inbox, type InboxClaim } from './inbox';
import { KeyedLock } from './keyed-lock';

/**
 * The inbox of one process, in memory: handled ids are forgotten when the process ends. Good for
 * tests and the embedded default; use PostgresInbox where several processes consume one queue.
 *
 * @example
 * ```ts
 * const processor = new CommandProcessor({ subscribers, inbox: new InMemoryInbox() });
 * ```
 */
export class InMemoryInbox implements Inbox {
  private readonly handled = new Set<string>();
  private readonly lock = new KeyedLock();

  async claim(request: Request<any>, contextKey: string): Promise<InboxClaim | undefined> {
    const key = inboxKey(request.id, contextKey);
    const free = await this.lock.acquire(key);
    if (this.handled.has(key)) {
      free();
      return undefined;
    }
    return {
      commit: async () => {
        this.handled.add(key);
        free();
      },
      release: async () => free(),
    };
  }

  async add(request: Request<any>, contextKey: string): Promise<void> {
    this.handled.add(inboxKey(request.id, contextKey));
  }

  async exists(requestId: string, contextKey: string): Promise<boolean> {
    return this.handled.has(inboxKey(requestId, contextKey));
  }

  /** How many (id, context key) pairs are recorded. */
  get size(): number {
    return this.handled.size;
  }
}
