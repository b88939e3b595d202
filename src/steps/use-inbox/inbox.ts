import type { SqlClient } from '../../db/sql-client';
import type { Request } from '../../requests';

/**
 * One handling of a request, claimed in an {@link Inbox}: `commit` records the request as handled,
 * `release` forgets the claim so that a redelivery runs the handler again. While a claim is open,
 * a second claim of the same id and context key waits.
 */
export interface InboxClaim {
  /**
   * The database transaction holding the claim (PostgresInbox over a `pg` Pool): write through it
   * and the handler's effects commit or roll back together with the inbox record.
   */
  readonly transaction?: SqlClient;
  commit(): Promise<void>;
  release(): Promise<void>;
}

/**
 * Where `@UseInbox` records handled requests: by request id and context key (Brighter's inbox).
 * `InMemoryInbox` and `PostgresInbox` implement it; pass one as the CommandProcessor's `inbox`.
 */
export interface Inbox {
  /**
   * Claims `request` for one handling under `contextKey`; resolves to undefined when it was
   * handled already. A concurrent claim of the same id and key waits for the first to be
   * committed (then resolves to undefined) or released (then claims).
   */
  claim(request: Request<any>, contextKey: string): Promise<InboxClaim | undefined>;
  /** Records `request` as handled without checking (UseInbox `onceOnly: false`). Idempotent. */
  add(request: Request<any>, contextKey: string): Promise<void>;
  /** True when `requestId` was recorded as handled under `contextKey`. */
  exists(requestId: string, contextKey: string): Promise<boolean>;
}

/** The key of a request within an inbox's local lock and memory. */
export function inboxKey(requestId: string, contextKey: string): string {
  return `${contextKey}\u0000${requestId}`;
}
