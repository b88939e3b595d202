// API.md §6, the consuming half (Dispatcher, dead letters, the inbox), in the contract's literal forms.
import {
  Command,
  CommandProcessor,
  DeferMessage,
  Dispatcher,
  ExternalBus,
  InMemoryInbox,
  InMemoryTransport,
  MatryoshkaError,
  OnceOnlyError,
  RejectMessage,
  RequestHandler,
  SubscriberRegistry,
  UseInbox,
} from 'matryoshka-pipeline';

class PlaceOrder extends Command {
  constructor(readonly orderId: string) {
    super();
  }
}
const placed: string[] = [];
class PlaceOrderHandler extends RequestHandler<PlaceOrder> {
  @UseInbox({ step: 0, onceOnly: true, action: 'throw', contextKey: 'orders' })
  override async handle(command: PlaceOrder) {
    if (command.orderId === 'reject') throw new RejectMessage('no lines');
    placed.push(command.orderId);
  }
}

const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
};

it('a Dispatcher consumes what a processor posts, dead-letters a rejection, and stops', async () => {
  const transport = new InMemoryTransport();
  const bus = new ExternalBus({
    transport: transport.connect(),
    publications: [{ topic: 'orders.place', requestType: PlaceOrder }],
  });
  const poster = new CommandProcessor({ subscribers: new SubscriberRegistry(), bus });
  const processor = new CommandProcessor({
    subscribers: new SubscriberRegistry().register(PlaceOrder, PlaceOrderHandler),
    inbox: new InMemoryInbox(),
  });
  const dispatcher = new Dispatcher({
    processor,
    transport,
    subscriptions: [
      {
        name: 'orders',
        topic: 'orders.place',
        requestType: PlaceOrder,
        queue: 'orders',
        concurrency: 1,
        prefetch: 10,
        requeueCount: 3,
        requeueDelayMs: 0,
      },
    ],
  });
  await dispatcher.start();
  await poster.post(new PlaceOrder('o-1'));
  await poster.post(new PlaceOrder('reject'));
  await waitFor(() => placed.length === 1 && transport.deadLetters('orders').length === 1);
  await dispatcher.stop();
  await bus.close();
  expect(placed).toEqual(['o-1']);
  expect(transport.deadLetters('orders').map((m) => m.header.type)).toEqual(['PlaceOrder']);
});

it('exports the consuming errors as MatryoshkaErrors', () => {
  expect(new OnceOnlyError('id-1', 'orders', 'PlaceOrder')).toBeInstanceOf(MatryoshkaError);
  expect(new DeferMessage(100).delayMs).toBe(100);
  expect(new DeferMessage()).toBeInstanceOf(MatryoshkaError);
  expect(new RejectMessage('why').reason).toBe('why');
});
