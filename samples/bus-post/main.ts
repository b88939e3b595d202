// Sample — posting to another process through an outbox (Brighter's Post / DepositPost /
// ClearOutbox), on the embedded default: InMemoryTransport and InMemoryOutbox, no broker needed.
// Swap in `new RabbitMQTransport({ url, exchange })` and `new PostgresOutbox(pool)` for the real thing.
import 'reflect-metadata';
import {
  Command,
  CommandProcessor,
  Event,
  ExternalBus,
  InMemoryOutbox,
  InMemoryTransport,
  MissingPublicationError,
  SubscriberRegistry,
} from '../../src';

class PlaceOrder extends Command {
  constructor(
    readonly orderId: string,
    readonly items: number,
  ) {
    super();
  }
}
class OrderPlaced extends Event {
  constructor(readonly orderId: string) {
    super();
  }
}
class NotPublished extends Command {}

async function main(): Promise<void> {
  const transport = new InMemoryTransport();
  // What a consumer process would declare: a queue bound to each topic (messages to a topic
  // with no queue bound are dropped, as a broker does).
  await transport.declareQueue({ queue: 'orders', topic: 'orders.place' });
  await transport.declareQueue({ queue: 'audit', topic: 'orders.#' });

  const outbox = new InMemoryOutbox();
  const bus = new ExternalBus({
    transport,
    outbox,
    publications: [
      { topic: 'orders.place', requestType: PlaceOrder },
      { topic: 'orders.placed', requestType: OrderPlaced },
    ],
  });
  const processor = new CommandProcessor({ subscribers: new SubscriberRegistry(), bus });

  // post: stored in the outbox, dispatched now; resolves once the transport confirmed.
  await processor.post(new PlaceOrder('o-1', 3));
  await processor.post(new OrderPlaced('o-1'));

  // depositPost: stored only (in a real app, inside your DB transaction); clearOutbox sends it.
  const id = await processor.depositPost(new PlaceOrder('o-2', 1));
  console.log(`deposited ${id}; outstanding in the outbox: ${await outbox.outstandingCount()}`);
  await processor.clearOutbox([id]);
  console.log(`after clearOutbox, outstanding: ${await outbox.outstandingCount()}`);

  for (const queue of ['orders', 'audit']) {
    for (const message of transport.waiting(queue)) {
      const { type, topic, kind } = message.header;
      console.log(
        `${queue.padEnd(6)} ← ${type} (${kind}) on ${topic}: ${new TextDecoder().decode(message.body)}`,
      );
    }
  }

  // A type with no publication is refused, naming the type; nothing is stored.
  await processor.post(new NotPublished()).catch((error: unknown) => {
    if (!(error instanceof MissingPublicationError)) throw error;
    console.log(`refused: ${error.message}`);
  });

  const expected = { orders: 2, audit: 3 };
  if (
    transport.waiting('orders').length !== expected.orders ||
    transport.waiting('audit').length !== expected.audit
  ) {
    throw new Error('unexpected message counts');
  }
  await bus.close(); // stops the sweeper and closes the transport: the process exits on its own
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
