import {
  CommandProcessor,
  Dispatcher,
  DispatcherConfigurationError,
  Event,
  InMemoryInbox,
  RequestHandler,
  SubscriberRegistry,
  UseInbox,
  ExternalBus,
  MessageMapperRegistry,
} from '../../src';
import { Message } from '../../src/bus/message';
import { DEAD_LETTER_ERROR_HEADER } from '../../src/bus/transport';
import { InMemoryTransport } from '../../src/bus/transports/in-memory';
import {
  messageFor,
  PlaceOrder,
  PlaceOrderHandler,
  script,
  sleep,
  playScript,
  testMappers,
  uniqueNames,
  until,
} from './support';

const broker = new InMemoryTransport();
const stopAfter: Dispatcher[] = [];
afterEach(async () => {
  await Promise.all(stopAfter.splice(0).map((d) => d.stop()));
  script.reset();
});

function dispatcher(
  processor: CommandProcessor,
  names: { topic: string; queue: string },
  extra: object = {},
) {
  const d = new Dispatcher({
    processor,
    transport: broker.connect(),
    mappers: testMappers,
    subscriptions: [{ name: names.queue, requestType: PlaceOrder, ...names, ...extra }],
  });
  stopAfter.push(d);
  return d;
}
const ordersProcessor = (inbox?: InMemoryInbox, handler: typeof PlaceOrderHandler = PlaceOrderHandler) =>
  new CommandProcessor({ subscribers: new SubscriberRegistry().register(PlaceOrder, handler), inbox });

describe('Dispatcher', () => {
  it('runs at most `concurrency` handlers at once, whatever the prefetch', async () => {
    const names = uniqueNames('concurrency');
    let running = 0;
    let most = 0;
    script.behaviour = async () => {
      most = Math.max(most, ++running);
      await sleep(20);
      running--;
    };
    await dispatcher(ordersProcessor(), names, { concurrency: 3, prefetch: 10 }).start();
    for (let i = 0; i < 20; i++) await broker.send(messageFor(new PlaceOrder(`o-${i}`), names.topic));
    await until('20 runs', () => script.runs.length === 20);
    expect(most).toBe(3);
  });

  it('publishes an event message to every subscriber of its type', async () => {
    class OrderPlaced extends Event {
      constructor(readonly orderId: string) {
        super();
      }
    }
    const seen: string[] = [];
    class Email extends RequestHandler<OrderPlaced> {
      override async handle(event: OrderPlaced) {
        seen.push(`email ${event.orderId}`);
      }
    }
    class Audit extends RequestHandler<OrderPlaced> {
      override async handle(event: OrderPlaced) {
        seen.push(`audit ${event.orderId}`);
      }
    }
    const names = uniqueNames('event');
    const processor = new CommandProcessor({
      subscribers: new SubscriberRegistry().register(OrderPlaced, Email).register(OrderPlaced, Audit),
    });
    const d = new Dispatcher({
      processor,
      transport: broker.connect(),
      mappers: {
        mapperFor: () => ({
          toMessage: () => undefined as never,
          toRequest: (m: Message) => new OrderPlaced(JSON.parse(new TextDecoder().decode(m.body)).orderId),
        }),
      },
      subscriptions: [{ name: names.queue, topic: names.topic, requestType: OrderPlaced }],
    });
    stopAfter.push(d);
    await d.start();
    const message = messageFor(new PlaceOrder('o-9'), names.topic);
    await broker.send(new Message({ ...message.header, kind: 'event', type: 'OrderPlaced' }, message.body));
    await until('2 handlers', () => seen.length === 2);
    expect(seen.sort()).toEqual(['audit o-9', 'email o-9']);
  });

  it("dead-letters a second delivery of a handled id when the inbox's action is 'throw'", async () => {
    class InboxHandler extends RequestHandler<PlaceOrder> {
      @UseInbox({ step: 0 })
      override async handle(command: PlaceOrder) {
        await playScript(this.context, command);
      }
    }
    const names = uniqueNames('once');
    await dispatcher(ordersProcessor(new InMemoryInbox(), InboxHandler), names).start();
    const message = messageFor(new PlaceOrder('o-1'), names.topic);
    await broker.send(message);
    await broker.send(message);
    await until('a dead letter', () => broker.deadLetters(names.queue).length === 1);
    expect(broker.deadLetters(names.queue)[0].header.bag[DEAD_LETTER_ERROR_HEADER]).toBe('OnceOnlyError');
    expect(script.runs).toHaveLength(1);
  });

  it("acknowledges a second delivery of a handled id without running the handler when the action is 'warn'", async () => {
    class WarnHandler extends RequestHandler<PlaceOrder> {
      @UseInbox({ step: 0, action: 'warn' })
      override async handle(command: PlaceOrder) {
        await playScript(this.context, command);
      }
    }
    const names = uniqueNames('warn');
    await dispatcher(ordersProcessor(new InMemoryInbox(), WarnHandler), names, { concurrency: 2 }).start();
    const message = messageFor(new PlaceOrder('o-1'), names.topic);
    await broker.send(message);
    await broker.send(message);
    await until('both settled', () => broker.waiting(names.queue).length === 0 && script.runs.length === 1);
    await sleep(100);
    expect(script.runs).toHaveLength(1);
    expect(broker.deadLetters(names.queue)).toEqual([]);
  });

  it('maps messages back with the JSON mapper by default: post on one processor, handled through another', async () => {
    const names = uniqueNames('json');
    const bus = new ExternalBus({
      transport: broker.connect(),
      publications: [{ topic: names.topic, requestType: PlaceOrder }],
    });
    const poster = new CommandProcessor({ subscribers: new SubscriberRegistry(), bus });
    const d = new Dispatcher({
      processor: ordersProcessor(),
      transport: broker.connect(),
      subscriptions: [{ name: names.queue, requestType: PlaceOrder, ...names }],
    });
    stopAfter.push(d);
    await d.start();
    const order = new PlaceOrder('o-7');
    await poster.post(order);
    await until('the run', () => script.runs.length === 1);
    expect(script.runs[0]).toMatchObject({ orderId: 'o-7', handledCount: 0 });
    await bus.close();
  });

  it("uses the processor's bus mappers when it has a bus", async () => {
    const names = uniqueNames('busmappers');
    const mappers = new MessageMapperRegistry().register(PlaceOrder, {
      toMessage: (request: PlaceOrder) => messageFor(request, names.topic),
      toRequest: (message: Message) => new PlaceOrder(`mapped ${new TextDecoder().decode(message.body)}`),
    });
    const processor = new CommandProcessor({
      subscribers: new SubscriberRegistry().register(PlaceOrder, PlaceOrderHandler),
      bus: new ExternalBus({ transport: broker.connect(), publications: [], mappers }),
    });
    const d = new Dispatcher({
      processor,
      transport: broker.connect(),
      subscriptions: [{ name: names.queue, requestType: PlaceOrder, ...names }],
    });
    stopAfter.push(d);
    await d.start();
    await broker.send(messageFor(new PlaceOrder('o-8'), names.topic));
    await until('the run', () => script.runs.length === 1);
    expect(script.runs[0].orderId).toBe('mapped {"orderId":"o-8"}');
    await processor.bus!.close();
  });

  it('names a bad subscription option in a DispatcherConfigurationError', () => {
    const make = (subscription: object) => () =>
      new Dispatcher({
        processor: ordersProcessor(),
        transport: broker,
        mappers: testMappers,
        subscriptions: [subscription as never],
      });
    expect(make({ name: 'orders', topic: 'orders.place', requestType: PlaceOrder, prefetch: 0 })).toThrow(
      new DispatcherConfigurationError(
        'Dispatcher subscriptions[0] ("orders"): prefetch must be an integer ≥ 1, got 0.',
      ),
    );
    expect(make({ name: 'orders', topic: '', requestType: PlaceOrder })).toThrow(
      /topic must be a non-empty string, got ""/,
    );
    expect(make({ name: 'orders', topic: 't', requestType: PlaceOrder, requeueDelayMs: -1 })).toThrow(
      /requeueDelayMs must be an integer ≥ 0/,
    );
    expect(make({ name: 'orders', topic: 't', requestType: 'PlaceOrder' })).toThrow(
      /requestType must be a request class/,
    );
    expect(
      () =>
        new Dispatcher({
          processor: ordersProcessor(),
          transport: broker,
          mappers: testMappers,
          subscriptions: [
            { name: 'a', topic: 't', requestType: PlaceOrder, queue: 'same' },
            { name: 'b', topic: 'u', requestType: PlaceOrder, queue: 'same' },
          ],
        }),
    ).toThrow(/two subscriptions consume queue "same"/);
  });
});
