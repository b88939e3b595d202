import { inspect } from 'node:util';
import type { SqlClient } from '../../db/sql-client';
import { MatryoshkaError } from '../../core';
import { Message } from '../message';
import { headerFromWire, headerToWire } from '../wire';
import { scrubbedError } from '../scrub';
import { Coalescer } from './coalescer';
import type { Outbox, OutboxAddOptions, OutboxEntry, OutboxSweepOptions } from './outbox';

/** The outbox's table name is not a plain SQL identifier, or a query against it failed. */
export class OutboxError extends MatryoshkaError {}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}(\.[A-Za-z_][A-Za-z0-9_]{0,62})?$/;
// Postgres allows 65535 bind parameters per statement; 4 per row.
const ROWS_PER_INSERT = 1000;

interface OutboxRow {
  header: Record<string, unknown>;
  body: Uint8Array;
  dispatched_at: Date | string | null;
  attempts: number;
  seq?: number | string;
}

interface InsertGroup {
  messages: Message[];
  leaseMs?: number;
  error?: unknown;
}

function isSqlClient(value: unknown): value is SqlClient {
  return typeof (value as SqlClient | undefined)?.query === 'function';
}

/**
 * A durable outbox in a Postgres table, over anything with `query(text, params) → { rows }`: a
 * `pg` Pool, a PGlite instance (embedded, a folder on disk). `add` with `{ transaction }` writes
 * through the caller's transaction (a `pg` PoolClient inside BEGIN, PGlite's transaction object),
 * so the message exists only if the caller commits. The table (default `matryoshka_outbox`) and
 * its index are created on first use; `ensureSchema()` creates them eagerly. Claims are single
 * `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)` statements setting a lease, so several
 * processes can sweep one table without dispatching a message twice in one pass.
 *
 * @example
 * ```ts
 * const outbox = new PostgresOutbox(new pg.Pool({ connectionString }), { table: 'orders_outbox' });
 * await outbox.ensureSchema();
 * ```
 */
export class PostgresOutbox implements Outbox {
  readonly table: string;
  readonly #db: SqlClient;
  #schema: Promise<void> | undefined;
  readonly #inserts = new Coalescer<InsertGroup>((groups) => this.insertGroups(groups));
  // The mark is committed without waiting for its WAL flush (synchronous_commit off for this one
  // statement's transaction): losing it in a database crash only means the sweeper sends the
  // message again, which at-least-once delivery allows. The INSERT stays fully durable.
  readonly #marks = new Coalescer<string>(async (ids) => {
    await this.run(
      this.#db,
      `UPDATE ${this.table} SET dispatched_at = now(), claimed_until = NULL WHERE id = ANY($1::text[])
         AND set_config('synchronous_commit', 'off', true) IS NOT NULL`,
      [ids],
    );
  });

  constructor(db: SqlClient, options: { table?: string } = {}) {
    if (!isSqlClient(db)) {
      throw new OutboxError(
        'PostgresOutbox needs a pg Pool or a PGlite instance (something with query(text, params)).',
      );
    }
    const table = options.table ?? 'matryoshka_outbox';
    if (!IDENTIFIER.test(table)) {
      throw new OutboxError(
        `PostgresOutbox: table '${table}' is not a plain identifier (letters, digits, _; optionally schema.table).`,
      );
    }
    this.#db = db;
    this.table = table;
  }

  /** Creates the table and its index if they are missing. Idempotent; safe from several processes. */
  ensureSchema(): Promise<void> {
    this.#schema ??= this.createSchema(this.#db).catch((error: unknown) => {
      this.#schema = undefined;
      throw error;
    });
    return this.#schema;
  }

  async add(messages: Message[], options: OutboxAddOptions = {}): Promise<void> {
    if (messages.length === 0) return;
    const tx = options.transaction;
    if (tx !== undefined && !isSqlClient(tx)) {
      throw new OutboxError(
        "depositPost: `transaction` must be a pg client inside BEGIN or PGlite's transaction object (with query()).",
      );
    }
    // Inside the caller's transaction the schema is created through it (PGlite's instance is
    // locked by its open transaction); it is remembered only once created outside one.
    if (tx) {
      if (!this.#schema) await this.createSchema(tx);
    } else await this.ensureSchema();
    const group: InsertGroup = { messages, leaseMs: options.leaseMs };
    if (tx) return this.insert(tx, [group]);
    await this.#inserts.add([group]);
    if (group.error !== undefined) throw group.error;
  }

  // One multi-row INSERT for every group (several posts at once); where it fails, each group
  // again on its own, so only the faulty one fails.
  private async insertGroups(groups: InsertGroup[]): Promise<void> {
    try {
      await this.insert(this.#db, groups);
    } catch (error) {
      if (groups.length === 1) throw error;
      for (const group of groups)
        await this.insert(this.#db, [group]).catch((e: unknown) => (group.error = e));
    }
  }

  private async insert(db: SqlClient, groups: InsertGroup[]): Promise<void> {
    const rows: Array<[Message, number | null]> = [];
    for (const group of groups) {
      const lease = group.leaseMs !== undefined && group.leaseMs > 0 ? group.leaseMs : null;
      for (const message of group.messages) rows.push([message, lease]);
    }
    const wires = rows.map(([message]) => JSON.stringify(headerToWire(message.header)));
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
      const params: unknown[] = [];
      const values = rows.slice(start, start + ROWS_PER_INSERT).map(([message, lease], i) => {
        const body = message.body;
        params.push(
          message.header.id,
          wires[start + i],
          Buffer.from(body.buffer, body.byteOffset, body.byteLength),
          lease,
        );
        const at = params.length - 3;
        const claimed = `now() + $${at + 3}::double precision * interval '1 millisecond'`;
        return `($${at}, $${at + 1}::jsonb, $${at + 2}, ${claimed}, ${lease === null ? 0 : 1})`;
      });
      await this.run(
        db,
        `INSERT INTO ${this.table} (id, header, body, claimed_until, attempts) VALUES ${values.join(', ')}`,
        params,
      );
    }
  }

  async claim(ids: string[], leaseMs: number): Promise<Message[]> {
    if (ids.length === 0) return [];
    return this.claimWhere('id = ANY($2::text[])', [leaseMs, ids], 'ORDER BY seq');
  }

  async claimOutstanding(options: OutboxSweepOptions): Promise<Message[]> {
    return this.claimWhere(
      `created_at <= now() - $2::double precision * interval '1 millisecond'`,
      [options.leaseMs, options.olderThanMs, options.limit],
      'ORDER BY created_at, seq LIMIT $3::int',
    );
  }

  /** Concurrent calls share one UPDATE (group commit): see {@link Coalescer}. */
  async markDispatched(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.ensureSchema();
    await this.#marks.add(ids);
  }

  async release(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.ensureSchema();
    await this.run(
      this.#db,
      `UPDATE ${this.table} SET claimed_until = NULL WHERE id = ANY($1::text[]) AND dispatched_at IS NULL`,
      [ids],
    );
  }

  async get(id: string): Promise<OutboxEntry | undefined> {
    await this.ensureSchema();
    const { rows } = await this.run<OutboxRow>(
      this.#db,
      `SELECT header, body, dispatched_at, attempts FROM ${this.table} WHERE id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      message: toMessage(row),
      dispatchedAt: row.dispatched_at === null ? undefined : new Date(row.dispatched_at),
      attempts: Number(row.attempts),
    };
  }

  async outstandingCount(): Promise<number> {
    await this.ensureSchema();
    const { rows } = await this.run<{ n: number | string }>(
      this.#db,
      `SELECT count(*)::int AS n FROM ${this.table} WHERE dispatched_at IS NULL`,
      [],
    );
    return Number(rows[0].n);
  }

  /** The database client is left out: its options may hold a password. */
  [inspect.custom](): string {
    return `PostgresOutbox { table: '${this.table}' }`;
  }

  private async claimWhere(condition: string, params: unknown[], order: string): Promise<Message[]> {
    await this.ensureSchema();
    const { rows } = await this.run<OutboxRow>(
      this.#db,
      `UPDATE ${this.table} SET claimed_until = now() + $1::double precision * interval '1 millisecond', attempts = attempts + 1
       WHERE id IN (
         SELECT id FROM ${this.table}
         WHERE dispatched_at IS NULL AND (claimed_until IS NULL OR claimed_until < now()) AND ${condition}
         ${order} FOR UPDATE SKIP LOCKED)
       RETURNING header, body, dispatched_at, attempts, seq`,
      params,
    );
    // UPDATE … RETURNING keeps no order: dispatch in deposit order.
    return rows.sort((a, b) => Number(a.seq) - Number(b.seq)).map(toMessage);
  }

  private async createSchema(db: SqlClient): Promise<void> {
    const index = `${this.table.replace('.', '_')}_outstanding`;
    try {
      await this.run(
        db,
        `CREATE TABLE IF NOT EXISTS ${this.table} (
           id text PRIMARY KEY,
           seq bigint GENERATED ALWAYS AS IDENTITY,
           header jsonb NOT NULL,
           body bytea NOT NULL,
           created_at timestamptz NOT NULL DEFAULT now(),
           dispatched_at timestamptz,
           claimed_until timestamptz,
           attempts integer NOT NULL DEFAULT 0)`,
        [],
      );
      await this.run(
        db,
        `CREATE INDEX IF NOT EXISTS ${index} ON ${this.table} (created_at, seq) WHERE dispatched_at IS NULL`,
        [],
      );
    } catch (error) {
      // Two processes creating the table at once: the loser sees a duplicate; the table is there.
      if (!(
        error instanceof OutboxError && /23505|42P07/.test(String((error.cause as { code?: string })?.code))
      ))
        throw error;
    }
  }

  private async run<Row>(db: SqlClient, text: string, params: unknown[]): Promise<{ rows: Row[] }> {
    try {
      return await db.query<Row>(text, params);
    } catch (error) {
      const cause = scrubbedError(error);
      throw new OutboxError(`PostgresOutbox (${this.table}): ${cause.message}`, { cause });
    }
  }
}

function toMessage(row: OutboxRow): Message {
  const header =
    typeof row.header === 'string' ? (JSON.parse(row.header) as Record<string, unknown>) : row.header;
  return new Message(headerFromWire(header), new Uint8Array(row.body));
}
