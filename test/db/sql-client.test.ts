/** @jest-environment ./test/support/pglite-environment.js */
import type { Pool, PoolClient } from 'pg';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { SqlClient } from '../../src/db/sql-client';
import { newPGlite } from '../support/pglite';

// Type-level: each of these must be assignable to SqlClient, or this file does not compile.
type Assignable<T extends SqlClient> = T;
export type Checks = [Assignable<Pool>, Assignable<PoolClient>, Assignable<PGlite>, Assignable<Transaction>];

describe('SqlClient', () => {
  it('is satisfied by PGlite and its transaction object at run time too', async () => {
    const db = newPGlite();
    const viaInstance: SqlClient = db;
    expect((await viaInstance.query<{ n: number }>('SELECT 1 AS n')).rows).toEqual([{ n: 1 }]);
    await db.transaction(async (tx) => {
      const viaTx: SqlClient = tx;
      expect((await viaTx.query<{ n: number }>('SELECT $1::int AS n', [2])).rows).toEqual([{ n: 2 }]);
    });
    await db.close();
  });
});
