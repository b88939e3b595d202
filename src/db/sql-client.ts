/**
 * The tiny query interface the Postgres outbox and inbox need, satisfied as they are by a `pg`
 * Pool, a `pg` PoolClient (inside the caller's transaction), a PGlite instance and PGlite's
 * transaction object: `query(text, params)` resolving to `{ rows }`. Typed structurally, so
 * neither `pg` nor PGlite is a dependency of the library.
 *
 * @example
 * ```ts
 * const outbox = new PostgresOutbox(new pg.Pool({ connectionString }));   // or: new PGlite('./data')
 * ```
 */
export interface SqlClient {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: Row[] }>;
}
