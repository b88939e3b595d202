import type { SqlClient } from '../../db/sql-client';
import type { Request } from '../../requests';
import { InboxConfigurationError } from './errors';
import { inboxKey, type Inbox, type InboxClaim } from './inbox';
import { KeyedLock } from './keyed-lock';

/** A `pg` Pool, seen structurally: a connection of its own for each claim's transaction. */
interface PoolLike extends SqlClient {
  connect(): Promise<SqlClient & { release(destroy?: boolean | Error): void }>;
  readonly totalCount: number;
}

/** Options of {@link PostgresInbox}. */
export interface PostgresInboxOptions {
  /** Table name, optionally schema-qualified. Default `matryoshka_inbox`. */
  table?: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;
// Two processes creating the table at once: one of them sees these, and the table exists.
const ALREADY_CREATED = new Set(['23505', '42P07']);

/**
 * The inbox in PostgreSQL (a `pg` Pool) or PGlite: one row per handled request id and context
 * key. Over a Pool each claim is an open transaction holding an inserted row, so a duplicate in
 * any process waits on the row's unique key, a failed handling rolls back, and a process that dies
 * mid-handling leaves nothing behind; handlers may write through `inboxTransaction(context)` to
 * commit their effects with the record. Over PGlite (or a single client) claims are exclusive
 * within this process, and the row is written once the handler succeeded.
 *
 * @example
 * ```ts
 * const inbox = new PostgresInbox(new pg.Pool({ connectionString }), { table: 'orders_inbox' });
 * await inbox.ensureSchema();   // optional: tables are created on first use
 * new CommandProcessor({ subscribers, inbox });
 * ```
 */
export class PostgresInbox implements Inbox {
  readonly table: string;
  private readonly lock = new KeyedLock();
  private schema?: Promise<void>;

  constructor(
    private readonly db: SqlClient,
    options: PostgresInboxOptions = {},
  ) {
    if (!db || typeof db.query !== 'function') {
      throw new InboxConfigurationError(
        'PostgresInbox needs a pg Pool or a PGlite instance (anything with query(text, params)).',
      );
    }
    this.table = options.table ?? 'matryoshka_inbox';
    if (!IDENTIFIER.test(this.table)) {
      throw new InboxConfigurationError(
        `PostgresInbox: table must be an identifier (optionally schema.table), got ${JSON.stringify(options.table)}.`,
      );
    }
  }

  /** Creates the table if it is missing. Idempotent; safe from several processes at once. */
  ensureSchema(): Promise<void> {
    this.schema ??= this.createSchema().catch((error) => {
      this.schema = undefined;
      throw error;
    });
    return this.schema;
  }

  async claim(request: Request<any>, contextKey: string): Promise<InboxClaim | undefined> {
    await this.ensureSchema();
    const free = await this.lock.acquire(inboxKey(request.id, contextKey));
    try {
      const claim = isPool(this.db)
        ? await this.claimInTransaction(this.db, request, contextKey)
        : await this.claimLocally(request, contextKey);
      if (!claim) free();
      return claim && withFree(claim, free);
    } catch (error) {
      free();
      throw error;
    }
  }

  async add(request: Request<any>, contextKey: string): Promise<void> {
    await this.ensureSchema();
    await this.insert(this.db, request, contextKey);
  }

  async exists(requestId: string, contextKey: string): Promise<boolean> {
    await this.ensureSchema();
    const { rows } = await this.db.query(
      `SELECT 1 FROM ${this.table} WHERE request_id = $1 AND context_key = $2`,
      [requestId, contextKey],
    );
    return rows.length > 0;
  }

  private async claimInTransaction(pool: PoolLike, request: Request<any>, contextKey: string) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      // Blocks while another transaction holds an uncommitted row with this key.
      const inserted = await this.insert(client, request, contextKey);
      if (!inserted) {
        await client.query('ROLLBACK');
        client.release();
        return undefined;
      }
    } catch (error) {
      client.release(error instanceof Error ? error : true);
      throw error;
    }
    const end = async (statement: 'COMMIT' | 'ROLLBACK') => {
      try {
        await client.query(statement);
        client.release();
      } catch (error) {
        client.release(error instanceof Error ? error : true);
        throw error;
      }
    };
    return { transaction: client, commit: () => end('COMMIT'), release: () => end('ROLLBACK') };
  }

  private async claimLocally(request: Request<any>, contextKey: string): Promise<InboxClaim | undefined> {
    if (await this.exists(request.id, contextKey)) return undefined;
    return {
      commit: async () => void (await this.insert(this.db, request, contextKey)),
      release: async () => undefined,
    };
  }

  /** True when the row was new. */
  private async insert(db: SqlClient, request: Request<any>, contextKey: string): Promise<boolean> {
    const { rows } = await db.query(
      `INSERT INTO ${this.table} (request_id, context_key, request_type) VALUES ($1, $2, $3)
       ON CONFLICT (request_id, context_key) DO NOTHING RETURNING request_id`,
      [request.id, contextKey, request.constructor?.name ?? 'Request'],
    );
    return rows.length > 0;
  }

  private async createSchema(): Promise<void> {
    try {
      await this.db.query(
        `CREATE TABLE IF NOT EXISTS ${this.table} (
           request_id text NOT NULL,
           context_key text NOT NULL,
           request_type text NOT NULL,
           handled_at timestamptz NOT NULL DEFAULT now(),
           PRIMARY KEY (request_id, context_key))`,
      );
    } catch (error) {
      if (!ALREADY_CREATED.has((error as { code?: string })?.code ?? '')) throw error;
    }
  }
}

function isPool(db: SqlClient): db is PoolLike {
  const pool = db as Partial<PoolLike>;
  return typeof pool.connect === 'function' && typeof pool.totalCount === 'number';
}

/** The claim, freeing the local lock once it is settled either way. */
function withFree(claim: InboxClaim, free: () => void): InboxClaim {
  return {
    transaction: claim.transaction,
    commit: () => claim.commit().finally(free),
    release: () => claim.release().finally(free),
  };
}
