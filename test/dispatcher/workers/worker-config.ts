import type { SqlClient } from '../../../src/db/sql-client';
import { Command } from '../../../src/requests';

/** The command the competing-consumer tests post: one per order id. */
export class CountedOrder extends Command {
  constructor(readonly orderId: string) {
    super();
  }
}

/** What an order worker consumes and where it counts. */
export interface WorkerConfig {
  amqpUrl: string;
  pgUrl: string;
  exchange: string;
  topic: string;
  queue: string;
  countsTable: string;
  /** Set: handle through UseInbox with a PostgresInbox in this table. */
  inboxTable?: string;
  concurrency: number;
  prefetch: number;
}

/** Counts one handling of `orderId`. */
export async function countOrder(db: SqlClient, table: string, orderId: string): Promise<void> {
  await db.query(
    `INSERT INTO ${table} (order_id, handled) VALUES ($1, 1)
     ON CONFLICT (order_id) DO UPDATE SET handled = ${table}.handled + 1`,
    [orderId],
  );
}
