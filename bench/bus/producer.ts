// The producing half of the bus bench (issue 13): posts per second through processor.post to a
// real RabbitMQ, side by side with what a careful user would write by hand on amqplib and pg.
import { randomUUID } from 'node:crypto';
import { connect, type ConfirmChannel, type Options } from 'amqplib';
import { Pool } from 'pg';
import {
  Command,
  CommandProcessor,
  ExternalBus,
  PostgresOutbox,
  RabbitMQTransport,
  SubscriberRegistry,
} from '../../src';
import { formatOps, machineLine, markdownTable, median } from '../shared/harness';

class PlaceOrder extends Command {
  constructor(
    readonly orderId: string,
    readonly lines: Array<{ sku: string; qty: number }>,
  ) {
    super();
  }
}

const TOPIC = 'bench.orders.place';
const LINES = [
  { sku: 'sku-1', qty: 2 },
  { sku: 'sku-2', qty: 1 },
];
let counter = 0;
const newOrder = () => new PlaceOrder(`o-${counter++}`, LINES);

/** What the hand-written contenders send: the same body and header table as ours. */
function handMessage(order: PlaceOrder): { id: string; content: Buffer; options: Options.Publish } {
  const id = randomUUID();
  const now = new Date();
  return {
    id,
    content: Buffer.from(JSON.stringify({ orderId: order.orderId, lines: order.lines })),
    options: {
      persistent: true,
      messageId: id,
      type: 'PlaceOrder',
      contentType: 'application/json',
      timestamp: Math.floor(now.getTime() / 1000),
      headers: {
        id,
        topic: TOPIC,
        type: 'PlaceOrder',
        kind: 'command',
        time: now.toISOString(),
        datacontenttype: 'application/json',
        handledcount: '0',
      },
    },
  };
}

function publishConfirmed(channel: ConfirmChannel, exchange: string, m: ReturnType<typeof handMessage>) {
  return new Promise<void>((resolve, reject) =>
    channel.publish(exchange, TOPIC, m.content, m.options, (error) => (error ? reject(error) : resolve())),
  );
}

interface Figure {
  opsPerSec: number;
  cpuUsPerOp: number;
}

/** Interleaved rounds of `roundMs`; median ops/s and CPU (user + system of this process) per op. */
async function measure(
  contenders: Array<{ name: string; run: () => Promise<unknown> }>,
  inFlight: number,
  between: () => Promise<void>,
  rounds = 5,
  roundMs = 600,
): Promise<Figure[]> {
  const ops: number[][] = contenders.map(() => []);
  const cpu: number[][] = contenders.map(() => []);
  for (const c of contenders) for (let i = 0; i < 50; i++) await c.run(); // warm up
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < contenders.length; i++) {
      await between();
      const cpuStart = process.cpuUsage();
      const start = process.hrtime.bigint();
      let done = 0;
      const deadline = Date.now() + roundMs;
      const worker = async () => {
        while (Date.now() < deadline) {
          await contenders[i].run();
          done++;
        }
      };
      await Promise.all(Array.from({ length: inFlight }, worker));
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const used = process.cpuUsage(cpuStart);
      ops[i].push(done / seconds);
      cpu[i].push((used.user + used.system) / done);
    }
  }
  return contenders.map((_, i) => ({ opsPerSec: median(ops[i]), cpuUsPerOp: median(cpu[i]) }));
}

/** Runs the producer bench against `amqpUrl` and `pgUrl`; prints a markdown table. */
export async function runProducerBench(amqpUrl: string, pgUrl: string): Promise<void> {
  const exchange = `bench-${process.pid}`;
  const queue = `bench-${process.pid}`;
  const bare = await connect(amqpUrl);
  const channel = await bare.createConfirmChannel();
  await channel.assertExchange(exchange, 'topic', { durable: true });
  await channel.assertQueue(queue, { durable: true });
  await channel.bindQueue(queue, exchange, TOPIC);
  const purge = async () => void (await channel.purgeQueue(queue));

  const pool = new Pool({ connectionString: pgUrl, max: 10 });
  const table = `bench_outbox_${process.pid}`;
  const handTable = `bench_hand_outbox_${process.pid}`;
  await pool.query(
    `CREATE TABLE ${handTable} (id text PRIMARY KEY, header jsonb NOT NULL, body bytea NOT NULL,
       created_at timestamptz NOT NULL DEFAULT now(), dispatched_at timestamptz)`,
  );
  const purgeAll = async () => {
    await purge();
    await pool.query(`TRUNCATE ${handTable}`);
    await pool.query(`TRUNCATE ${table}`).catch(() => undefined);
  };

  const memoryBus = new ExternalBus({
    transport: new RabbitMQTransport({ url: amqpUrl, exchange }),
    publications: [{ topic: TOPIC, requestType: PlaceOrder }],
  });
  const pgBus = new ExternalBus({
    transport: new RabbitMQTransport({ url: amqpUrl, exchange }),
    publications: [{ topic: TOPIC, requestType: PlaceOrder }],
    outbox: new PostgresOutbox(pool, { table }),
  });
  const subscribers = new SubscriberRegistry();
  const ours = new CommandProcessor({ subscribers, bus: memoryBus });
  const oursPg = new CommandProcessor({ subscribers, bus: pgBus });

  const bareRun = () => publishConfirmed(channel, exchange, handMessage(newOrder()));
  const handPgRun = async () => {
    const m = handMessage(newOrder());
    await pool.query(`INSERT INTO ${handTable} (id, header, body) VALUES ($1, $2::jsonb, $3)`, [
      m.id,
      JSON.stringify(m.options.headers),
      m.content,
    ]);
    await publishConfirmed(channel, exchange, m);
    await pool.query(`UPDATE ${handTable} SET dispatched_at = now() WHERE id = $1`, [m.id]);
  };

  const rows: string[][] = [];
  const ratios: string[] = [];
  const modes: Array<[string, number]> = [
    ['one at a time', 1],
    ['100 in flight', 100],
  ];
  for (const [label, inFlight] of modes) {
    const pairs: Array<[string, () => Promise<unknown>, string, () => Promise<unknown>, number]> = [
      [
        'processor.post, in-memory outbox',
        () => ours.post(newOrder()),
        'bare amqplib confirm publish',
        bareRun,
        0.8,
      ],
      [
        'processor.post, Postgres outbox',
        () => oursPg.post(newOrder()),
        'hand-written insert + publish + mark',
        handPgRun,
        0.9,
      ],
    ];
    for (const [oursName, oursRun, theirName, theirRun, target] of pairs) {
      const [a, b] = await measure(
        [
          { name: oursName, run: oursRun },
          { name: theirName, run: theirRun },
        ],
        inFlight,
        purgeAll,
        inFlight === 1 ? 7 : 5,
        inFlight === 1 ? 1000 : 600,
      );
      const ratio = a.opsPerSec / b.opsPerSec;
      rows.push([
        `${oursName} (${label})`,
        formatOps(Math.round(a.opsPerSec)),
        a.cpuUsPerOp.toFixed(0),
        `${ratio.toFixed(2)}×`,
      ]);
      rows.push([
        `${theirName} (${label})`,
        formatOps(Math.round(b.opsPerSec)),
        b.cpuUsPerOp.toFixed(0),
        '1.00×',
      ]);
      ratios.push(`${oursName} vs ${theirName}, ${label}: ${ratio.toFixed(2)}× (target ≥ ${target}×)`);
    }
  }

  console.log(`bus producer — ${machineLine()}`);
  console.log(markdownTable(['contender', 'posts/s', 'CPU µs/op (this process)', 'ratio'], rows));
  console.log('');
  for (const line of ratios) console.log(line);

  await memoryBus.close();
  await pgBus.close();
  await pool.query(`DROP TABLE IF EXISTS ${handTable}`);
  await pool.query(`DROP TABLE IF EXISTS ${table}`);
  await pool.end();
  await channel.deleteQueue(queue);
  await channel.deleteExchange(exchange);
  await bare.close();
}
