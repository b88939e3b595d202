import type { Message } from '../message';
import type { Outbox, OutboxAddOptions, OutboxEntry, OutboxSweepOptions } from './outbox';

interface Row extends OutboxEntry {
  depositedAt: number;
  claimedUntil: number;
}

/**
 * The default outbox: a map in this process. Fast and simple, but not durable (a crash loses
 * what was not dispatched) and not part of any database transaction (`transaction` is ignored).
 * Dispatched messages are kept until `retainDispatched` newer ones were dispatched after them.
 */
export class InMemoryOutbox implements Outbox {
  private readonly rows = new Map<string, Row>();
  private dispatched: string[] = [];

  constructor(private readonly options: { retainDispatched?: number } = {}) {}

  async add(messages: Message[], options: OutboxAddOptions = {}): Promise<void> {
    const now = Date.now();
    const claimedUntil = options.leaseMs ? now + options.leaseMs : 0;
    for (const message of messages) {
      this.rows.set(message.header.id, {
        message,
        attempts: options.leaseMs ? 1 : 0,
        depositedAt: now,
        claimedUntil,
      });
    }
  }

  async claim(ids: string[], leaseMs: number): Promise<Message[]> {
    const now = Date.now();
    const claimed: Message[] = [];
    for (const id of ids) {
      const row = this.rows.get(id);
      if (row && this.claimable(row, now)) claimed.push(this.take(row, now, leaseMs));
    }
    return claimed;
  }

  async claimOutstanding(options: OutboxSweepOptions): Promise<Message[]> {
    const now = Date.now();
    const claimed: Message[] = [];
    for (const row of this.rows.values()) {
      if (claimed.length >= options.limit) break;
      if (now - row.depositedAt >= options.olderThanMs && this.claimable(row, now)) {
        claimed.push(this.take(row, now, options.leaseMs));
      }
    }
    return claimed;
  }

  async markDispatched(ids: string[]): Promise<void> {
    const at = new Date();
    for (const id of ids) {
      const row = this.rows.get(id);
      if (!row || row.dispatchedAt) continue;
      row.dispatchedAt = at;
      row.claimedUntil = 0;
      this.dispatched.push(id);
    }
    const retain = this.options.retainDispatched ?? 1000;
    if (this.dispatched.length > retain * 2) {
      for (const id of this.dispatched.slice(0, this.dispatched.length - retain)) this.rows.delete(id);
      this.dispatched = this.dispatched.slice(-retain);
    }
  }

  async release(ids: string[]): Promise<void> {
    for (const id of ids) {
      const row = this.rows.get(id);
      if (row) row.claimedUntil = 0;
    }
  }

  async get(id: string): Promise<OutboxEntry | undefined> {
    const row = this.rows.get(id);
    return row && { message: row.message, dispatchedAt: row.dispatchedAt, attempts: row.attempts };
  }

  async outstandingCount(): Promise<number> {
    let count = 0;
    for (const row of this.rows.values()) if (!row.dispatchedAt) count++;
    return count;
  }

  private claimable(row: Row, now: number): boolean {
    return !row.dispatchedAt && row.claimedUntil <= now;
  }

  private take(row: Row, now: number, leaseMs: number): Message {
    row.claimedUntil = now + leaseMs;
    row.attempts++;
    return row.message;
  }
}
