// The consuming half of the bus bench (issue 14): messages per second consumed and handled through
// the Dispatcher (a handler with two steps) vs a bare amqplib consumer with the same prefetch doing
// the same work and acks; end-to-end post → handled; heap over 100,000 messages.
import { createHash, randomUUID } from 'node:crypto';
import { connect, type ConfirmChannel } from 'amqplib';
import {
  Command,
  CommandProcessor,
  Dispatcher,
  ExternalBus,
  FeatureSwitch,
  JsonMessageMapper,
  Monitor,
  RabbitMQTransport,
  RequestHandler,
  SubscriberRegistry,
} from '../../src';
import { toAmqp } from '../../src/bus/transports/rabbitmq/rabbitmq-codec';
import { formatMb, formatOps, fullGc, machineLine, markdownTable, median } from '../shared/harness';

class ShipOrder extends Command {
  constructor(
    readonly orderId: string,
    readonly lines: Array<{ sku: string; qty: number }>,
  ) {
    super();
  }
}

const EXCHANGE = 'matryoshka-bench';
const PREFETCH = 50;
const CONCURRENCY = 50;
const PER_ROUND = 10_000;
const ROUNDS = 3;
const HEAP_MESSAGES = 100_000;
const LINES = [
  { sku: 'sku-1', qty: 2 },
  { sku: 'sku-2', qty: 1 },
];

/** The handler's work, the same for both contenders: a digest of the order. */
let handled = 0;
let onHandled: () => void = () => undefined;
async function ship(order: ShipOrder): Promise<void> {
  createHash('sha256').update(order.orderId).update(String(order.lines.length)).digest('hex');
  if (++handled >= target) onHandled();
}
let target = Infinity;

class ShipOrderHandler extends RequestHandler<ShipOrder> {
  @Monitor({ step: 0 })
  @FeatureSwitch('Shipping', { step: 1, status: 'on' })
  override async handle(order: ShipOrder) {
    await ship(order);
  }
}

/** Resolves once `n` more orders were handled. */
function handledNext(n: number): Promise<void> {
  handled = 0;
  target = n;
  return new Promise((resolve) => (onHandled = resolve));
}

/** Puts `n` orders on `topic` with our wire format, confirmed, before a round starts. */
async function fill(channel: ConfirmChannel, topic: string, n: number): Promise<void> {
  const mapper = new JsonMessageMapper(ShipOrder);
  for (let i = 0; i < n; i++) {
    const message = mapper.toMessage(new ShipOrder(`o-${i}`, LINES), { topic, requestType: ShipOrder });
    const { content, options } = toAmqp(message);
    if (!channel.publish(EXCHANGE, topic, content, options))
      await new Promise((r) => channel.once('drain', r));
    if (i % 1_000 === 999) await channel.waitForConfirms();
  }
  await channel.waitForConfirms();
}

interface Contender {
  name: string;
  topic: string;
  queue: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

function dispatcherContender(url: string): Contender {
  const suffix = randomUUID().slice(0, 8);
  const names = { topic: `bench.ship.${suffix}`, queue: `bench-ship-${suffix}` };
  let dispatcher: Dispatcher | undefined;
  return {
    name: 'Dispatcher (Monitor + FeatureSwitch steps)',
    ...names,
    async start() {
      const processor = new CommandProcessor({
        subscribers: new SubscriberRegistry().register(ShipOrder, ShipOrderHandler),
      });
      dispatcher = new Dispatcher({
        processor,
        transport: new RabbitMQTransport({ url, exchange: EXCHANGE }),
        subscriptions: [
          { name: 'ship', ...names, requestType: ShipOrder, prefetch: PREFETCH, concurrency: CONCURRENCY },
        ],
      });
      await dispatcher.start();
    },
    stop: async () => dispatcher?.stop(),
  };
}

/** What a careful user writes by hand: parse, rebuild the command, the same work, ack. */
function bareContender(url: string): Contender {
  const suffix = randomUUID().slice(0, 8);
  const names = { topic: `bench.bare.${suffix}`, queue: `bench-bare-${suffix}` };
  let close: () => Promise<void> = async () => undefined;
  return {
    name: 'bare amqplib consumer',
    ...names,
    async start() {
      const model = await connect(url);
      const channel = await model.createChannel();
      await channel.assertExchange(EXCHANGE, 'topic', { durable: true });
      await channel.assertQueue(names.queue, { durable: true });
      await channel.bindQueue(names.queue, EXCHANGE, names.topic);
      await channel.prefetch(PREFETCH);
      await channel.consume(names.queue, (amqp) => {
        if (!amqp) return;
        const order = Object.assign(Object.create(ShipOrder.prototype), JSON.parse(amqp.content.toString()), {
          id: amqp.properties.messageId,
        }) as ShipOrder;
        void ship(order).then(
          () => channel.ack(amqp),
          () => channel.nack(amqp),
        );
      });
      close = async () => {
        await new Promise((resolve) => setImmediate(resolve)); // the last ack goes out first
        await channel.close();
        await model.close();
      };
    },
    stop: () => close(),
  };
}

/** One round: fill the queue while nobody consumes, then time consuming all of it. */
async function round(
  contender: Contender,
  filler: ConfirmChannel,
): Promise<{ perSec: number; cpuUs: number }> {
  await fill(filler, contender.topic, PER_ROUND);
  const done = handledNext(PER_ROUND);
  const cpu = process.cpuUsage();
  const started = performance.now();
  await contender.start();
  await done;
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  await contender.stop();
  return { perSec: PER_ROUND / seconds, cpuUs: (used.user + used.system) / PER_ROUND };
}

/** Queues this run declared: deleted at the end. */
const declared: string[] = [];

/** Declares the contender's queue (bound), so that filling it before it consumes keeps the messages. */
async function declare(channel: ConfirmChannel, contender: Contender): Promise<void> {
  declared.push(contender.queue, `${contender.queue}.dlq`);
  await channel.assertQueue(contender.queue, { durable: true });
  await channel.bindQueue(contender.queue, EXCHANGE, contender.topic);
  await channel.assertQueue(`${contender.queue}.dlq`, { durable: true });
}


async function consumeRate(url: string, filler: ConfirmChannel): Promise<void> {
  const contenders = [dispatcherContender(url), bareContender(url)];
  for (const c of contenders) await declare(filler, c);
  const results = contenders.map(() => ({ perSec: [] as number[], cpuUs: [] as number[] }));
  for (let r = 0; r < ROUNDS; r++) {
    for (const [i, c] of contenders.entries()) {
      const { perSec, cpuUs } = await round(c, filler);
      results[i].perSec.push(perSec);
      results[i].cpuUs.push(cpuUs);
    }
  }
  const ours = median(results[0].perSec);
  const bare = median(results[1].perSec);
  console.log(
    `consume + handle + ack, ${formatOps(PER_ROUND)} messages per round, prefetch ${PREFETCH}, concurrency ${CONCURRENCY}, median of ${ROUNDS} interleaved rounds:\n`,
  );
  console.log(
    markdownTable(
      ['contender', 'messages/s', 'CPU µs/message'],
      contenders.map((c, i) => [
        c.name,
        formatOps(median(results[i].perSec)),
        median(results[i].cpuUs).toFixed(0),
      ]),
    ),
  );
  console.log(`\nDispatcher / bare amqplib: ${(ours / bare).toFixed(2)}× (target ≥ 0.8×)\n`);
}

/** post → handled: processor.post (in-memory outbox, 100 in flight) to a Dispatcher, both in this process. */
async function endToEnd(url: string): Promise<void> {
  const consumer = dispatcherContender(url);
  declared.push(consumer.queue, `${consumer.queue}.dlq`);
  await consumer.start();
  const bus = new ExternalBus({
    transport: new RabbitMQTransport({ url, exchange: EXCHANGE }),
    publications: [{ topic: consumer.topic, requestType: ShipOrder }],
  });
  const poster = new CommandProcessor({ subscribers: new SubscriberRegistry(), bus });
  const n = PER_ROUND;
  const done = handledNext(n);
  const started = performance.now();
  for (let i = 0; i < n; i += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, n - i) }, (_, j) => poster.post(new ShipOrder(`e-${i + j}`, LINES))),
    );
  }
  await done;
  const seconds = (performance.now() - started) / 1000;
  await bus.close();
  await consumer.stop();
  console.log(
    `end to end, post → handled: ${formatOps(n / seconds)} messages/s (${formatOps(n)} posts through processor.post with the in-memory outbox, 100 in flight, to one Dispatcher with prefetch ${PREFETCH} and concurrency ${CONCURRENCY}, same process)\n`,
  );
}

/** heapUsed after a full GC every 20,000 messages while a Dispatcher consumes 100,000. */
async function heap(url: string, filler: ConfirmChannel): Promise<void> {
  const consumer = dispatcherContender(url);
  await declare(filler, consumer);
  await consumer.start();
  const samples: number[] = [];
  for (let done = 0; done < HEAP_MESSAGES; done += 20_000) {
    const next = handledNext(20_000);
    await fill(filler, consumer.topic, 20_000);
    await next;
    fullGc();
    samples.push(process.memoryUsage().heapUsed);
  }
  await consumer.stop();
  console.log(
    `heap over ${formatOps(HEAP_MESSAGES)} messages through the Dispatcher (heapUsed after full GC every 20,000): ${samples.map(formatMb).join(', ')}; growth first → last ${formatMb(samples[samples.length - 1] - samples[0])}\n`,
  );
}

/** Runs the consuming half of the bus bench against the broker at `url`. */
export async function runConsumerBench(url: string): Promise<void> {
  console.log(`## Bus: consuming (${machineLine()})\n`);
  const model = await connect(url);
  const filler = await model.createConfirmChannel();
  await filler.assertExchange(EXCHANGE, 'topic', { durable: true });
  try {
    await consumeRate(url, filler);
    await endToEnd(url);
    await heap(url, filler);
  } finally {
    for (const queue of declared) await filler.deleteQueue(queue);
    await filler.close();
    await model.close();
  }
}
