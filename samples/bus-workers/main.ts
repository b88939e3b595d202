// Sample: scaling out with the bus — a producer posts orders, two workers compete for them.
// Without arguments everything runs in this process on the embedded default (InMemoryTransport:
// two dispatchers on two connections to one in-process broker). With an AMQP URL
// (`--amqp amqp://guest:guest@127.0.0.1:5672` or MATRYOSHKA_AMQP_URL) the two workers are
// separate processes consuming one RabbitMQ queue.
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import {
  CommandProcessor,
  Dispatcher,
  ExternalBus,
  InMemoryInbox,
  InMemoryTransport,
  RabbitMQTransport,
  SubscriberRegistry,
  type Transport,
} from '../../src';
import { handled, ORDERS, PlaceOrder, PlaceOrderHandler } from './orders';

const ORDER_COUNT = 40;

function amqpUrl(): string | undefined {
  const at = process.argv.indexOf('--amqp');
  return at >= 0 ? process.argv[at + 1] : process.env.MATRYOSHKA_AMQP_URL;
}

/** Posts the orders through the outbox to `transport`; resolves once every post was confirmed. */
async function produce(transport: Transport): Promise<void> {
  const bus = new ExternalBus({
    transport,
    publications: [{ topic: ORDERS.topic, requestType: PlaceOrder }],
  });
  const producer = new CommandProcessor({ subscribers: new SubscriberRegistry(), bus });
  for (let i = 1; i <= ORDER_COUNT; i++) await producer.post(new PlaceOrder(`order-${i}`, i % 5));
  console.log(`producer: posted ${ORDER_COUNT} orders`);
  await bus.close();
}

async function inProcess(): Promise<void> {
  const broker = new InMemoryTransport();
  const workers = [1, 2].map(() => {
    const processor = new CommandProcessor({
      subscribers: new SubscriberRegistry().register(PlaceOrder, PlaceOrderHandler),
      inbox: new InMemoryInbox(),
    });
    const subscription = { name: 'orders', ...ORDERS, requestType: PlaceOrder, concurrency: 4, prefetch: 8 };
    return {
      dispatcher: new Dispatcher({ processor, transport: broker.connect(), subscriptions: [subscription] }),
    };
  });
  for (const { dispatcher } of workers) await dispatcher.start();
  await produce(broker.connect());
  while (handled.length < ORDER_COUNT) await new Promise((resolve) => setTimeout(resolve, 20));
  for (const { dispatcher } of workers) await dispatcher.stop();
  report(
    [handled.length],
    `in-process (InMemoryTransport, two dispatchers): ${handled.length} orders handled`,
  );
}

async function withRabbitMQ(url: string): Promise<void> {
  const workers = [1, 2].map(() =>
    fork(join(__dirname, 'worker.js'), {
      env: { ...process.env, AMQP_URL: url },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  const progress = workers.map(() => 0);
  workers.forEach((w, i) =>
    w.on(
      'message',
      (m: { type: string; count?: number }) => m.type === 'progress' && (progress[i] = m.count!),
    ),
  );
  await Promise.all(workers.map((w) => new Promise((resolve) => w.once('message', resolve))));
  await produce(new RabbitMQTransport({ url, exchange: 'matryoshka-samples' }));
  while (progress[0] + progress[1] < ORDER_COUNT) await new Promise((resolve) => setTimeout(resolve, 20));
  const counts = await Promise.all(
    workers.map(
      (w) =>
        new Promise<number>((resolve) => {
          w.on(
            'message',
            (m: { type: string; orders?: string[] }) => m.type === 'handled' && resolve(m.orders!.length),
          );
          w.send('stop');
        }),
    ),
  );
  report(counts, `RabbitMQ: worker processes handled ${counts.join(' + ')} orders`);
}

function report(counts: number[], line: string): void {
  const total = counts.reduce((a, b) => a + b, 0);
  console.log(line);
  console.log(
    `posted ${ORDER_COUNT}, handled ${total}: ${total === ORDER_COUNT ? 'every order accounted for' : 'MISMATCH'}`,
  );
  if (total !== ORDER_COUNT) process.exitCode = 1;
}

const url = amqpUrl();
(url ? withRabbitMQ(url) : inProcess()).catch((error) => {
  console.error(error);
  process.exit(1);
});
