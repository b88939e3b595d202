import {
  CommandProcessor,
  Dispatcher,
  DispatcherError,
  RabbitMQTransport,
  SubscriberRegistry,
} from '../../src';
import { requireService } from '../support/services';
import { TcpProxy } from '../support/tcp-proxy';
import {
  messageFor,
  PlaceOrder,
  PlaceOrderHandler,
  script,
  sleep,
  testMappers,
  uniqueNames,
  until,
} from './support';

const brokerUrl = new URL(requireService('amqpUrl'));
let proxy: TcpProxy;
beforeAll(async () => {
  proxy = await TcpProxy.start(brokerUrl.hostname, Number(brokerUrl.port));
});
afterAll(() => proxy.close());

it('consumes again with backoff after the broker connection is lost, reporting through onError', async () => {
  const viaProxy = new URL(brokerUrl);
  viaProxy.port = String(proxy.port);
  const names = uniqueNames('reconnect');
  const dispatcher = new Dispatcher({
    processor: new CommandProcessor({
      subscribers: new SubscriberRegistry().register(PlaceOrder, PlaceOrderHandler),
    }),
    transport: new RabbitMQTransport({
      url: viaProxy.toString(),
      exchange: 'matryoshka',
      reconnect: { maxDelayMs: 200 },
    }),
    mappers: testMappers,
    reconnect: { initialDelayMs: 50, maxDelayMs: 400 },
    subscriptions: [{ name: names.queue, requestType: PlaceOrder, ...names }],
  });
  const errors: DispatcherError[] = [];
  dispatcher.onError((error) => errors.push(error));
  const producer = new RabbitMQTransport({ url: brokerUrl.toString(), exchange: 'matryoshka' });
  try {
    await dispatcher.start();
    await producer.send(messageFor(new PlaceOrder('before'), names.topic));
    await until('the first order', () => script.runs.length === 1);

    proxy.down();
    await until('the loss reported', () => errors.length > 0);
    await sleep(1_000); // the broker unreachable: attempts fail and back off
    await producer.send(messageFor(new PlaceOrder('while down'), names.topic));
    proxy.up();
    await producer.send(messageFor(new PlaceOrder('after'), names.topic));
    const handled = () => new Set(script.runs.map((r) => r.orderId));
    await until('both later orders', () => handled().has('while down') && handled().has('after'), 15_000);

    // At least once: 'before' may run again if its ack was still on the wire when the link died.
    expect([...handled()].sort()).toEqual(['after', 'before', 'while down']);
    expect(errors[0]).toBeInstanceOf(DispatcherError);
    expect(errors[0].message).toMatch(
      /subscription "reconnect-.*": the broker connection was lost; consuming again with backoff/,
    );
    expect(errors.some((e) => /consuming again failed/.test(e.message))).toBe(true);
    const password = decodeURIComponent(brokerUrl.password);
    for (const error of errors) {
      expect(
        `${error.message} ${String((error.cause as Error)?.message)} ${String((error.cause as Error)?.stack)}`,
      ).not.toContain(password);
    }
  } finally {
    await dispatcher.stop();
    await producer.close();
    script.reset();
  }
}, 60_000);
