// A worker process of the bus-workers sample: a Dispatcher consuming the orders queue on
// RabbitMQ (the URL comes in AMQP_URL). Reports what it handled to its parent, stops on 'stop'.
import 'reflect-metadata';
import {
  CommandProcessor,
  Dispatcher,
  InMemoryInbox,
  RabbitMQTransport,
  SubscriberRegistry,
} from '../../src';
import { handled, ORDERS, PlaceOrder, PlaceOrderHandler } from './orders';

async function main(): Promise<void> {
  const processor = new CommandProcessor({
    subscribers: new SubscriberRegistry().register(PlaceOrder, PlaceOrderHandler),
    inbox: new InMemoryInbox(), // one worker's memory; PostgresInbox makes it shared and durable
  });
  const dispatcher = new Dispatcher({
    processor,
    transport: new RabbitMQTransport({ url: process.env.AMQP_URL!, exchange: 'matryoshka-samples' }),
    subscriptions: [{ name: 'orders', ...ORDERS, requestType: PlaceOrder, concurrency: 4, prefetch: 8 }],
  });
  dispatcher.onError((error) => console.error(`[worker ${process.pid}] ${error.message}`));
  await dispatcher.start();
  process.send?.({ type: 'ready' });
  let reported = 0;
  const progress = setInterval(() => {
    if (handled.length !== reported) process.send?.({ type: 'progress', count: (reported = handled.length) });
  }, 20);
  process.on('message', async (message) => {
    if (message !== 'stop') return;
    clearInterval(progress);
    await dispatcher.stop(); // finishes and acknowledges what is in flight, closes the connection
    process.send?.({ type: 'handled', orders: handled });
    process.disconnect();
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
