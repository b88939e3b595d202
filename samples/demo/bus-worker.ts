// A worker process of the demo's bus act with --amqp: a Dispatcher on RabbitMQ, once-only through
// a PostgresInbox; the handler records each order in Postgres inside the inbox's transaction, so a
// worker killed mid-work leaves nothing half-done. Configured by DEMO_BUS_WORKER (JSON).
import 'reflect-metadata';
import { Pool } from 'pg';
import {
  CommandProcessor,
  Dispatcher,
  inboxTransaction,
  PostgresInbox,
  RabbitMQTransport,
  RequestHandler,
  SubscriberRegistry,
  UseInbox,
} from '../../src';
import { ShipOrder } from './bus-act';

/** What the parent tells each worker. */
export interface BusWorkerConfig {
  name: string;
  amqpUrl: string;
  pgUrl: string;
  topic: string;
  queue: string;
  shippedTable: string;
  inboxTable: string;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.env.DEMO_BUS_WORKER ?? '{}') as BusWorkerConfig;
  const pool = new Pool({ connectionString: config.pgUrl, max: 6 });
  class ShipOrderHandler extends RequestHandler<ShipOrder> {
    @UseInbox({ step: 0, action: 'warn', contextKey: 'ship-order' })
    override async handle(order: ShipOrder) {
      await new Promise((resolve) => setTimeout(resolve, 8 + order.items * 4)); // the work
      await inboxTransaction(this.context)!.query(
        `INSERT INTO ${config.shippedTable} (order_id, worker, handled) VALUES ($1, $2, 1)
         ON CONFLICT (order_id) DO UPDATE SET handled = ${config.shippedTable}.handled + 1`,
        [order.orderId, config.name],
      );
    }
  }
  const dispatcher = new Dispatcher({
    processor: new CommandProcessor({
      subscribers: new SubscriberRegistry().register(ShipOrder, ShipOrderHandler),
      inbox: new PostgresInbox(pool, { table: config.inboxTable }),
    }),
    transport: new RabbitMQTransport({ url: config.amqpUrl, exchange: 'matryoshka-demo' }),
    subscriptions: [
      {
        name: 'ship',
        topic: config.topic,
        queue: config.queue,
        requestType: ShipOrder,
        concurrency: 4,
        prefetch: 8,
      },
    ],
  });
  await dispatcher.start();
  process.send?.('ready');
  process.on('message', async (message) => {
    if (message !== 'stop') return;
    await dispatcher.stop();
    await pool.end();
    process.disconnect();
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
