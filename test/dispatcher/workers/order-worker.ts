// A consumer process for the competing-consumer tests: a Dispatcher on RabbitMQ whose handler
// counts each order it handles in a Postgres table (with the inbox: inside the inbox's claim
// transaction). Configured by WORKER_CONFIG (JSON); talks to its parent over IPC:
// → { type: 'ready' } once consuming; ← 'stop' → stops, closes the pool, → { type: 'stopped' }, exits by itself.
import { Pool } from 'pg';
// Only the folders a consumer needs (not the package root): the process starts faster.
import 'reflect-metadata';
import { RabbitMQTransport } from '../../../src/bus/transports/rabbitmq';
import { Dispatcher } from '../../../src/dispatcher';
import { CommandProcessor, SubscriberRegistry } from '../../../src/processor';
import { RequestHandler } from '../../../src/requests';
import { inboxTransaction, PostgresInbox, UseInbox } from '../../../src/steps/use-inbox';
import { CountedOrder, countOrder, type WorkerConfig } from './worker-config';

const config = JSON.parse(process.env.WORKER_CONFIG ?? '{}') as WorkerConfig;
const pool = new Pool({ connectionString: config.pgUrl, max: config.concurrency + 2 });

class CountOnce extends RequestHandler<CountedOrder> {
  @UseInbox({ step: 0, action: 'warn' })
  override async handle(order: CountedOrder) {
    await countOrder(inboxTransaction(this.context)!, config.countsTable, order.orderId);
  }
}
class CountEvery extends RequestHandler<CountedOrder> {
  override async handle(order: CountedOrder) {
    await countOrder(pool, config.countsTable, order.orderId);
  }
}

async function main(): Promise<void> {
  const processor = new CommandProcessor({
    subscribers: new SubscriberRegistry().register(CountedOrder, config.inboxTable ? CountOnce : CountEvery),
    inbox: config.inboxTable ? new PostgresInbox(pool, { table: config.inboxTable }) : undefined,
  });
  const dispatcher = new Dispatcher({
    processor,
    transport: new RabbitMQTransport({ url: config.amqpUrl, exchange: config.exchange }),
    subscriptions: [
      {
        name: config.queue,
        topic: config.topic,
        requestType: CountedOrder,
        concurrency: config.concurrency,
        prefetch: config.prefetch,
      },
    ],
  });
  dispatcher.onError((error) => process.send?.({ type: 'error', message: error.message }));
  await dispatcher.start();
  process.send?.({ type: 'ready' });
  process.on('message', async (message) => {
    if (message !== 'stop') return;
    await dispatcher.stop();
    await pool.end();
    process.send?.({ type: 'stopped' });
    process.disconnect();
  });
}

main().catch((error) => {
  process.send?.({ type: 'error', message: String(error?.stack ?? error) });
  process.exit(1);
});
