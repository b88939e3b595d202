import { inspect } from 'node:util';
import { Pool } from 'pg';
import { ExternalBus, PostgresOutbox, OutboxError } from '../../../src/bus';
import type { Message } from '../../../src/bus/message';
import { CommandProcessor, SubscriberRegistry } from '../../../src/processor';
import type { InMemoryTransport } from '../../../src/bus/transports/in-memory';
import { requireService } from '../../support/services';
import { PlaceOrder, publications, boundInMemory } from '../support';

const pgUrl = requireService('pgUrl');

describe('PostgresOutbox on a real PostgreSQL', () => {
  let pool: Pool;
  let table: string;
  let transport: InMemoryTransport;
  let bus: ExternalBus;
  let processor: CommandProcessor;

  beforeAll(() => {
    pool = new Pool({ connectionString: pgUrl, max: 6 });
  });
  afterAll(() => pool.end());
  beforeEach(async () => {
    table = `outbox_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
    transport = await boundInMemory();
    bus = new ExternalBus({
      transport,
      publications,
      outbox: new PostgresOutbox(pool, { table }),
      sweeper: { intervalMs: 0 },
    });
    processor = new CommandProcessor({ subscribers: new SubscriberRegistry(), bus });
  });
  afterEach(async () => {
    await bus.close();
    await pool.query(`DROP TABLE IF EXISTS ${table}`);
  });

  it('creates its table on first use; ensureSchema is idempotent', async () => {
    const outbox = new PostgresOutbox(pool, { table });
    await Promise.all([outbox.ensureSchema(), new PostgresOutbox(pool, { table }).ensureSchema()]);
    await outbox.ensureSchema();
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM ${table}`);
    expect(rows[0].n).toBe(0);
  });

  it('post stores the message and marks it dispatched once sent', async () => {
    const order = new PlaceOrder('p-1');
    await processor.post(order);
    expect(transport.waiting('orders.place').map((m) => m.header.id)).toEqual([order.id]);
    const entry = await bus.outbox.get(order.id);
    expect(entry?.dispatchedAt).toBeInstanceOf(Date);
    expect(entry?.attempts).toBe(1);
    expect(entry?.message.header).toMatchObject({ id: order.id, topic: 'orders.place', type: 'PlaceOrder' });
  });

  it("marks dispatched without a WAL flush wait, and leaves the connection's synchronous_commit as it was", async () => {
    const single = new Pool({ connectionString: pgUrl, max: 1 });
    try {
      const outbox = new PostgresOutbox(single, { table });
      const order = new PlaceOrder('p-sync');
      const ownBus = new ExternalBus({ transport, publications, outbox, sweeper: { intervalMs: 0 } });
      await new CommandProcessor({ subscribers: new SubscriberRegistry(), bus: ownBus }).post(order);
      expect((await outbox.get(order.id))?.dispatchedAt).toBeInstanceOf(Date);
      const { rows } = await single.query('SHOW synchronous_commit');
      expect(rows[0].synchronous_commit).toBe('on');
      await ownBus.close();
    } finally {
      await single.end();
    }
  });

  it('a rolled-back transaction leaves nothing to send; a committed one is sent by clearOutbox', async () => {
    await bus.outbox.outstandingCount(); // the table exists before the caller's transaction
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const lost = await processor.depositPost(new PlaceOrder('rolled-back'), { transaction: client });
      await client.query('ROLLBACK');
      await client.query('BEGIN');
      const kept = await processor.depositPost([new PlaceOrder('c-1'), new PlaceOrder('c-2')], {
        transaction: client,
      });
      expect(await bus.outbox.outstandingCount()).toBe(0); // not visible before commit
      await client.query('COMMIT');
      expect(transport.waiting('orders.place')).toHaveLength(0);
      await processor.clearOutbox([lost, ...kept]);
      expect(transport.waiting('orders.place').map((m) => m.header.id)).toEqual(kept);
      expect(await bus.outbox.get(lost)).toBeUndefined();
    } finally {
      client.release();
    }
  });

  it('two sweepers over one outbox dispatch every message, none twice in one pass', async () => {
    const ids = await processor.depositPost(Array.from({ length: 300 }, (_, i) => new PlaceOrder(`s-${i}`)));
    const sweepers = [0, 1].map(
      () =>
        new ExternalBus({
          transport,
          publications,
          outbox: new PostgresOutbox(pool, { table }),
          sweeper: { intervalMs: 0, olderThanMs: 0, batchSize: 50 },
        }),
    );
    const counts = await Promise.all(sweepers.map((s) => s.sweep()));
    const sent = transport.waiting('orders.place').map((m: Message) => m.header.id);
    expect(counts[0] + counts[1]).toBe(300);
    expect(new Set(sent).size).toBe(300);
    expect(sent).toHaveLength(300);
    expect(new Set(sent)).toEqual(new Set(ids));
    expect(await bus.outbox.outstandingCount()).toBe(0);
  });

  it('concurrent posts share one INSERT and one UPDATE; a faulty post fails alone', async () => {
    const first = new PlaceOrder('dup');
    await processor.depositPost(first);
    const again = Object.defineProperty(new PlaceOrder('dup again'), 'id', { value: first.id });
    const others = Array.from({ length: 20 }, (_, i) => new PlaceOrder(`c-${i}`));
    const results = await Promise.allSettled([
      ...others.map((o) => processor.post(o)),
      processor.post(again),
    ]);
    expect(results.slice(0, 20).every((r) => r.status === 'fulfilled')).toBe(true);
    expect(results[20]).toMatchObject({ status: 'rejected', reason: expect.any(OutboxError) });
    expect(
      transport
        .waiting('orders.place')
        .map((m) => m.header.id)
        .sort(),
    ).toEqual(others.map((o) => o.id).sort());
    expect(await bus.outbox.outstandingCount()).toBe(1);
  });

  it('keeps the connection string out of util.inspect and errors', async () => {
    const password = new URL(pgUrl).password;
    const outbox = new PostgresOutbox(pool, { table });
    expect(inspect(outbox, { depth: 10 })).not.toContain(password);
    const badUrl = pgUrl.replace(`:${new URL(pgUrl).port}/`, ':1/');
    const badPool = new Pool({ connectionString: badUrl, connectionTimeoutMillis: 2000 });
    const failing = new PostgresOutbox(badPool, { table });
    const error = await failing.ensureSchema().catch((e: unknown) => e);
    await badPool.end();
    expect(error).toBeInstanceOf(OutboxError);
    expect(inspect(error, { depth: 10 })).not.toContain(password);
    expect(() => new PostgresOutbox(pool, { table: 'x; DROP TABLE y' })).toThrow(/not a plain identifier/);
  });
});
