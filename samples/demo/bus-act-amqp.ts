// The demo's bus act with --amqp: the same story as bus-act.ts with real processes — orders posted
// through a PGlite outbox to RabbitMQ, three worker processes competing for one queue with a
// Postgres inbox, worker 2 killed with SIGKILL mid-stream. Every order must be handled once.
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { connect } from 'amqplib';
import { Pool } from 'pg';
import {
  CommandProcessor,
  ExternalBus,
  PostgresOutbox,
  RabbitMQTransport,
  SubscriberRegistry,
} from '../../src';
import { ShipOrder, type BusActOptions } from './bus-act';
import type { BusWorkerConfig } from './bus-worker';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the act against RabbitMQ at `amqpUrl` and Postgres at `pgUrl`; true when every order was handled once. */
export async function runBusActOnRabbitMQ(
  options: BusActOptions & { amqpUrl: string; pgUrl: string },
  prepared: Promise<PGlite>,
): Promise<boolean> {
  const suffix = randomUUID().replace(/-/g, '').slice(0, 10);
  const base = {
    amqpUrl: options.amqpUrl,
    pgUrl: options.pgUrl,
    topic: `demo.ship.${suffix}`,
    queue: `demo-ship-${suffix}`,
  };
  const tables = { shippedTable: `demo_shipped_${suffix}`, inboxTable: `demo_inbox_${suffix}` };
  const pool = new Pool({ connectionString: options.pgUrl, max: 2 });
  await pool.query(
    `CREATE TABLE ${tables.shippedTable} (order_id text PRIMARY KEY, worker text NOT NULL, handled int NOT NULL)`,
  );

  const workers = ['worker 1', 'worker 2', 'worker 3'].map((name) => {
    const config: BusWorkerConfig = { name, ...base, ...tables };
    return {
      name,
      child: fork(join(__dirname, 'bus-worker.js'), {
        env: { ...process.env, DEMO_BUS_WORKER: JSON.stringify(config) },
      }),
    };
  });
  await Promise.all(workers.map(({ child }) => new Promise((resolve) => child.once('message', resolve))));

  const bus = new ExternalBus({
    transport: new RabbitMQTransport({ url: options.amqpUrl, exchange: 'matryoshka-demo' }),
    outbox: new PostgresOutbox(await prepared),
    publications: [{ topic: base.topic, requestType: ShipOrder }],
  });
  const shop = new CommandProcessor({ subscribers: new SubscriberRegistry(), bus });
  const counts = async () =>
    (
      await pool.query<{ worker: string; n: number; most: number }>(
        `SELECT worker, count(*)::int AS n, max(handled)::int AS most FROM ${tables.shippedTable} GROUP BY worker`,
      )
    ).rows;
  let posted = 0;
  let killed: ChildProcess | undefined;
  const started = performance.now();
  const line = async () => {
    const rows = await counts();
    const per = workers.map(
      (w) =>
        `${w.name.replace('worker ', 'w')}${w.child === killed ? '✝' : ''} ${rows.find((r) => r.worker === w.name)?.n ?? 0}`,
    );
    const handled = rows.reduce((sum, r) => sum + r.n, 0);
    return `${((performance.now() - started) / 1000).toFixed(1).padStart(5)}s  posted ${posted}/${options.orders}  handled ${handled}  ${per.join('  ')}`;
  };
  options.event(
    `\nbus act on RabbitMQ: ${options.orders} orders through a PGlite outbox to three worker processes with a Postgres inbox`,
  );
  const ticker = setInterval(() => void line().then((l) => options.status(l)), 250);

  const batch = Math.max(1, Math.round(options.rate / 5));
  for (let i = 0; i < options.orders; i += batch) {
    const ids = Array.from({ length: Math.min(batch, options.orders - i) }, (_, j) => i + j + 1);
    await Promise.all(ids.map((n) => shop.post(new ShipOrder(`order-${n}`, 1 + (n % 4)))));
    posted += ids.length;
    if (!killed && posted >= options.orders / 3) {
      killed = workers[1].child;
      killed.kill('SIGKILL');
      options.event(
        'worker 2 killed with SIGKILL mid-stream: RabbitMQ redelivers its unacknowledged orders to the others',
      );
    }
    await sleep(200);
  }
  let rows = await counts();
  for (let waited = 0; rows.reduce((s, r) => s + r.n, 0) < options.orders && waited < 30_000; waited += 100) {
    await sleep(100);
    rows = await counts();
  }
  clearInterval(ticker);
  options.status(await line(), true);

  const alive = workers.filter((w) => w.child !== killed).map((w) => w.child);
  await Promise.all(
    alive.map((child) => new Promise((resolve) => (child.once('exit', resolve), child.send('stop')))),
  );
  await bus.close();
  const handled = rows.reduce((s, r) => s + r.n, 0);
  const duplicated = rows.some((r) => r.most > 1);
  await pool.query(`DROP TABLE ${tables.shippedTable}`);
  await pool.query(`DROP TABLE IF EXISTS ${tables.inboxTable}`);
  await pool.end();
  const model = await connect(options.amqpUrl);
  const channel = await model.createChannel();
  for (const queue of [base.queue, `${base.queue}.dlq`]) await channel.deleteQueue(queue);
  await model.close();
  options.event(
    `bus: posted ${posted}, handled ${handled}, lost ${options.orders - handled}, duplicated ${duplicated ? 'some' : 0}`,
  );
  return handled === options.orders && !duplicated && posted === options.orders;
}
