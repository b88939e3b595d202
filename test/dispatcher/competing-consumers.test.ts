import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { CommandProcessor, ExternalBus, RabbitMQTransport, SubscriberRegistry } from '../../src';
import { requireService } from '../support/services';
import { CountedOrder, type WorkerConfig } from './workers/worker-config';

// Issue 14's hard cases, as stated: 10,000 commands posted by this process, consumed by two
// consumer child processes competing on one RabbitMQ queue; handlers count every handling per
// order id in Postgres.

const TOTAL = 10_000;
const amqpUrl = requireService('amqpUrl');
const pgUrl = requireService('pgUrl');
const pool = new Pool({ connectionString: pgUrl, max: 4 });
const children = new Set<ChildProcess>();

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await pool.end();
});

interface Run {
  config: WorkerConfig;
  ids: string[];
}

async function setUp(withInbox: boolean): Promise<Run> {
  const suffix = randomUUID().replace(/-/g, '').slice(0, 12);
  const config: WorkerConfig = {
    amqpUrl,
    pgUrl,
    exchange: 'matryoshka',
    topic: `competing.${suffix}`,
    queue: `competing-${suffix}`,
    countsTable: `counts_${suffix}`,
    inboxTable: withInbox ? `inbox_${suffix}` : undefined,
    concurrency: 8,
    prefetch: 20,
  };
  await pool.query(`CREATE TABLE ${config.countsTable} (order_id text PRIMARY KEY, handled int NOT NULL)`);
  return { config, ids: Array.from({ length: TOTAL }, (_, i) => `order-${i}`) };
}

/** Starts a consumer process; resolves once it consumes. */
async function startWorker(config: WorkerConfig): Promise<ChildProcess> {
  const child = fork(require.resolve('./workers/order-worker.ts'), {
    execArgv: ['-r', require.resolve('../support/ts-register.js')],
    env: { ...process.env, WORKER_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  await new Promise<void>((resolve, reject) => {
    child.on('message', (message: { type: string; message?: string }) => {
      if (message.type === 'ready') resolve();
      if (message.type === 'error') reject(new Error(`worker: ${message.message}`));
    });
    child.on('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready`)));
  });
  return child;
}

/** Stops a worker through its dispatcher; resolves with its exit code (it exits by itself: no open handle). */
function stopWorker(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.send('stop');
  return exited;
}

/** Posts every id through processor.post: an outbox and the RabbitMQ transport, 100 in flight. */
async function postAll(run: Run): Promise<void> {
  const bus = new ExternalBus({
    transport: new RabbitMQTransport({ url: amqpUrl, exchange: run.config.exchange }),
    publications: [{ topic: run.config.topic, requestType: CountedOrder }],
  });
  const processor = new CommandProcessor({ subscribers: new SubscriberRegistry(), bus });
  try {
    for (let i = 0; i < run.ids.length; i += 100) {
      await Promise.all(run.ids.slice(i, i + 100).map((id) => processor.post(new CountedOrder(id))));
    }
  } finally {
    await bus.close();
  }
}

async function counts(run: Run): Promise<{ rows: number; handlings: number; most: number }> {
  const { rows } = await pool.query(
    `SELECT count(*)::int AS rows, coalesce(sum(handled), 0)::int AS handlings, coalesce(max(handled), 0)::int AS most FROM ${run.config.countsTable}`,
  );
  return rows[0];
}

async function everyIdCounted(run: Run): Promise<string[]> {
  const { rows } = await pool.query(`SELECT order_id FROM ${run.config.countsTable}`);
  const seen = new Set(rows.map((r: { order_id: string }) => r.order_id));
  return run.ids.filter((id) => !seen.has(id));
}

describe('competing consumer processes on one RabbitMQ queue', () => {
  it('two consumers with the Postgres inbox handle every one of 10,000 commands, none twice', async () => {
    const run = await setUp(true);
    const workers = await Promise.all([startWorker(run.config), startWorker(run.config)]);
    await postAll(run);
    await waitForRows(run, TOTAL);
    expect(await everyIdCounted(run)).toEqual([]);
    expect(await counts(run)).toEqual({ rows: TOTAL, handlings: TOTAL, most: 1 });
    expect(await Promise.all(workers.map(stopWorker))).toEqual([0, 0]);
  }, 180_000);

  it('one consumer killed with SIGKILL mid-stream: none lost', async () => {
    const run = await killOneMidStream(false);
    expect(await everyIdCounted(run)).toEqual([]);
    const { rows, handlings } = await counts(run);
    expect(rows).toBe(TOTAL);
    expect(handlings).toBeGreaterThanOrEqual(TOTAL); // at least once: the killed one's unacked messages ran again
  }, 180_000);

  it('one consumer killed with SIGKILL mid-stream, with the Postgres inbox: none lost, none handled twice', async () => {
    const run = await killOneMidStream(true);
    expect(await everyIdCounted(run)).toEqual([]);
    expect(await counts(run)).toEqual({ rows: TOTAL, handlings: TOTAL, most: 1 });
  }, 180_000);
});

/** Two consumers; once a quarter of the orders are counted one is SIGKILLed; waits for every order, stops the other. */
async function killOneMidStream(withInbox: boolean): Promise<Run> {
  const run = await setUp(withInbox);
  const [doomed, survivor] = await Promise.all([startWorker(run.config), startWorker(run.config)]);
  const posting = postAll(run);
  await waitForRows(run, TOTAL / 4);
  doomed.kill('SIGKILL');
  await posting;
  await waitForRows(run, TOTAL);
  expect(await stopWorker(survivor)).toBe(0);
  return run;
}

async function waitForRows(run: Run, rows: number): Promise<void> {
  const deadline = Date.now() + 150_000;
  while ((await counts(run)).rows < rows) {
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for ${rows} counted orders (have ${(await counts(run)).rows}).`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
