import { inspect } from 'node:util';
import {
  ExternalBus,
  InMemoryOutbox,
  ProducerError,
  RabbitMQTransport,
  TransportError,
} from '../../../../src/bus';
import { CommandProcessor, SubscriberRegistry } from '../../../../src/processor';
import { requireService } from '../../../support/services';
import { PlaceOrder, OrderPlaced, publications, bodyOf } from '../../support';
import { BrokerProbe, uniqueName } from './rabbitmq-support';

const amqpUrl = requireService('amqpUrl');
const password = decodeURIComponent(new URL(amqpUrl).password);

describe('posting to a real RabbitMQ', () => {
  let probe: BrokerProbe;
  let exchange: string;
  let queue: string;
  let bus: ExternalBus;
  let outbox: InMemoryOutbox;
  let processor: CommandProcessor;

  beforeAll(async () => {
    probe = await BrokerProbe.open(amqpUrl);
  });
  afterAll(() => probe.close());
  beforeEach(async () => {
    exchange = uniqueName('post-x');
    queue = uniqueName('post-q');
    await probe.bind(exchange, queue, 'orders.*');
    outbox = new InMemoryOutbox();
    bus = new ExternalBus({
      transport: new RabbitMQTransport({ url: amqpUrl, exchange }),
      publications,
      outbox,
      sweeper: { intervalMs: 0 },
    });
    processor = new CommandProcessor({ subscribers: new SubscriberRegistry(), bus });
  });
  afterEach(async () => {
    await bus.close();
    await probe.cleanUp(exchange, [queue]);
  });

  it('post resolves once confirmed, with the right header on the right topic, persistent', async () => {
    const order = new PlaceOrder('r-1', [{ sku: 'x', qty: 3 }]);
    await processor.post(order);
    await processor.post([new OrderPlaced('r-1'), new OrderPlaced('r-2')]);
    const got = await probe.drain(queue);
    expect(got).toHaveLength(3);
    expect(got.every((m) => m.persistent)).toBe(true);
    const first = got[0].message;
    expect(first.header).toMatchObject({
      id: order.id,
      topic: 'orders.place',
      type: 'PlaceOrder',
      kind: 'command',
      contentType: 'application/json',
      handledCount: 0,
    });
    expect(bodyOf(first)).toEqual({ orderId: 'r-1', lines: [{ sku: 'x', qty: 3 }] });
    expect(got.slice(1).map((m) => m.message.header.type)).toEqual(['OrderPlaced', 'OrderPlaced']);
    expect(await outbox.outstandingCount()).toBe(0);
  });

  it('depositPost sends nothing until clearOutbox', async () => {
    const ids = await processor.depositPost([new PlaceOrder('d-1'), new PlaceOrder('d-2')]);
    expect(await probe.drain(queue)).toHaveLength(0);
    await processor.clearOutbox(ids);
    expect((await probe.drain(queue)).map((m) => m.message.header.id)).toEqual(ids);
  });

  it('a broker that cannot be reached: ProducerError, the message stays in the outbox, no password anywhere', async () => {
    const url = new URL(amqpUrl);
    url.port = '1';
    const unreachable = new RabbitMQTransport({ url: url.toString(), exchange });
    const lonely = new ExternalBus({
      transport: unreachable,
      publications,
      outbox,
      sweeper: { intervalMs: 0 },
    });
    const order = new PlaceOrder('nowhere');
    const error = await lonely.post([order]).catch((e: unknown) => e);
    await lonely.close();
    expect(error).toBeInstanceOf(ProducerError);
    expect((error as Error).message).toMatch(/orders\.place/);
    expect(inspect(error, { depth: 10 })).not.toContain(password);
    expect(inspect(unreachable, { depth: 10 })).not.toContain(password);
    expect(inspect(bus, { depth: 10 })).not.toContain(password);
    expect((await outbox.get(order.id))?.dispatchedAt).toBeUndefined();
    expect(() => new RabbitMQTransport({ url: 'http://x', exchange })).toThrow(TransportError);
  });
});
