import type { Message } from '../message';

/** One deposited message as an outbox keeps it. */
export interface OutboxEntry {
  message: Message;
  /** When the message was confirmed by the broker; undefined while outstanding. */
  dispatchedAt?: Date;
  /** Dispatch attempts started so far. */
  attempts: number;
}

/** Options of {@link Outbox.add}. */
export interface OutboxAddOptions {
  /**
   * The caller's database transaction (a `pg` PoolClient inside BEGIN, PGlite's transaction
   * object): the rows are written through it and exist only if the caller commits.
   */
  transaction?: unknown;
  /** Claim the new rows for this long (the poster dispatches them now; sweepers leave them be). */
  leaseMs?: number;
}

/** Which outstanding messages a sweeper claims. */
export interface OutboxSweepOptions {
  /** Only messages deposited at least this long ago. */
  olderThanMs: number;
  /** At most this many. */
  limit: number;
  /** How long the claim holds: no other sweeper takes these messages meanwhile. */
  leaseMs: number;
}

/**
 * Where posted messages wait until the broker confirmed them (Brighter's outbox). Dispatching
 * works by *claims*: a claimed message is leased to one dispatcher for `leaseMs`, so two sweepers
 * (or a sweeper and `clearOutbox`) never dispatch one message in the same pass; a claim is ended
 * by `markDispatched` or `release`, or expires (its holder died).
 */
export interface Outbox {
  /** Stores messages (all or none), undispatched. */
  add(messages: Message[], options?: OutboxAddOptions): Promise<void>;
  /** Claims the outstanding, unclaimed messages among `ids`. */
  claim(ids: string[], leaseMs: number): Promise<Message[]>;
  /** Claims up to `limit` outstanding, unclaimed messages older than `olderThanMs`, oldest first. */
  claimOutstanding(options: OutboxSweepOptions): Promise<Message[]>;
  /** The broker confirmed these: they are done. */
  markDispatched(ids: string[]): Promise<void>;
  /** Dispatching these failed: they are outstanding again, for the sweeper. */
  release(ids: string[]): Promise<void>;
  /** One entry, for inspection and tests. */
  get(id: string): Promise<OutboxEntry | undefined>;
  /** How many messages are outstanding (deposited, not dispatched). */
  outstandingCount(): Promise<number>;
}
