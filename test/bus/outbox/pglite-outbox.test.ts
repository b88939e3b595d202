/** @jest-environment ./test/support/pglite-environment.js */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { ExternalBus, PostgresOutbox } from '../../../src/bus';
import { CommandProcessor, SubscriberRegistry } from '../../../src/processor';
import type { InMemoryTransport } from '../../../src/bus/transports/in-memory';
import { newPGlite } from '../../support/pglite';
import { PlaceOrder, publications, boundInMemory } from '../support';

describe('PostgresOutbox on PGlite (a folder on disk)', () => {
  let dir: string;
  let db: PGlite;
  let transport: InMemoryTransport;
  let bus: ExternalBus;
  let processor: CommandProcessor;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'matryoshka-pglite-'));
    db = newPGlite(dir);
    await db.waitReady;
  });
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    transport = await boundInMemory();
    bus = new ExternalBus({
      transport,
      publications,
      outbox: new PostgresOutbox(db),
      sweeper: { intervalMs: 0 },
    });
    processor = new CommandProcessor({ subscribers: new SubscriberRegistry(), bus });
  });
  afterEach(async () => {
    await bus.close();
    await db.query('DROP TABLE IF EXISTS matryoshka_outbox');
  });

  it('post stores, sends and marks the message dispatched', async () => {
    const order = new PlaceOrder('g-1');
    await processor.post(order);
    expect(transport.waiting('orders.place').map((m) => m.header.id)).toEqual([order.id]);
    expect((await bus.outbox.get(order.id))?.dispatchedAt).toBeInstanceOf(Date);
  });

  it('a rolled-back transaction leaves nothing to send; a committed one is sent by clearOutbox', async () => {
    let lost = '';
    await expect(
      db.transaction(async (tx) => {
        lost = await processor.depositPost(new PlaceOrder('rolled-back'), { transaction: tx });
        throw new Error('caller gives up');
      }),
    ).rejects.toThrow('caller gives up');
    let kept = '';
    await db.transaction(async (tx) => {
      kept = await processor.depositPost(new PlaceOrder('committed'), { transaction: tx });
    });
    expect(transport.waiting('orders.place')).toHaveLength(0);
    await processor.clearOutbox([lost, kept]);
    expect(transport.waiting('orders.place').map((m) => m.header.id)).toEqual([kept]);
    expect(await bus.outbox.outstandingCount()).toBe(0);
  });

  it('the sweeper dispatches what was deposited', async () => {
    const ids = await processor.depositPost([new PlaceOrder('a'), new PlaceOrder('b')]);
    const sweeping = new ExternalBus({
      transport,
      publications,
      outbox: new PostgresOutbox(db),
      sweeper: { intervalMs: 0, olderThanMs: 0 },
    });
    expect(await sweeping.sweep()).toBe(2);
    expect(await sweeping.sweep()).toBe(0);
    expect(transport.waiting('orders.place').map((m) => m.header.id)).toEqual(ids);
  });
});
