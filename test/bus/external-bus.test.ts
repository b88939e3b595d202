import {
  ExternalBus,
  InMemoryOutbox,
  MessageMapperRegistry,
  MessageMappingError,
  MissingPublicationError,
  ProducerError,
  openTelemetryPostTracer,
  type OtelProducerSpan,
} from '../../src/bus';
import { CommandProcessor, SubscriberRegistry, MissingBusError } from '../../src/processor';
import type { InMemoryTransport } from '../../src/bus/transports/in-memory';
import { PlaceOrder, OrderPlaced, Unpublished, publications, boundInMemory, bodyOf, until } from './support';

describe('ExternalBus with the in-memory transport', () => {
  let transport: InMemoryTransport;
  let outbox: InMemoryOutbox;
  let bus: ExternalBus;
  let processor: CommandProcessor;

  beforeEach(async () => {
    transport = await boundInMemory();
    outbox = new InMemoryOutbox();
    bus = new ExternalBus({ transport, publications, outbox, sweeper: { intervalMs: 0 } });
    processor = new CommandProcessor({ subscribers: new SubscriberRegistry(), bus });
  });
  afterEach(() => bus.close());

  it('post sends a message with the right header to the right topic and marks it dispatched', async () => {
    const order = new PlaceOrder('o-1', [{ sku: 'a', qty: 1 }]);
    await processor.post(order);
    await processor.post(new OrderPlaced('o-1'));
    const [message] = transport.waiting('orders.place');
    expect(transport.waiting('orders.place')).toHaveLength(1);
    expect(message.header).toMatchObject({
      id: order.id,
      topic: 'orders.place',
      type: 'PlaceOrder',
      kind: 'command',
    });
    expect(bodyOf(message)).toEqual({ orderId: 'o-1', lines: [{ sku: 'a', qty: 1 }] });
    expect(transport.waiting('orders.placed')[0].header.kind).toBe('event');
    expect((await outbox.get(order.id))?.dispatchedAt).toBeInstanceOf(Date);
    expect(await outbox.outstandingCount()).toBe(0);
  });

  it('depositPost sends nothing until clearOutbox, which sends each once', async () => {
    const id = await processor.depositPost(new PlaceOrder('o-2'));
    const ids = await processor.depositPost([new PlaceOrder('o-3'), new PlaceOrder('o-4')]);
    await new Promise((r) => setTimeout(r, 20));
    expect(transport.waiting('orders.place')).toHaveLength(0);
    expect(await outbox.outstandingCount()).toBe(3);
    await processor.clearOutbox([id, ...ids]);
    await processor.clearOutbox([id, ...ids, 'unknown-id']);
    expect(transport.waiting('orders.place').map((m) => m.header.id)).toEqual([id, ...ids]);
    expect(await outbox.outstandingCount()).toBe(0);
  });

  it('posts many requests at once', async () => {
    await processor.post([new PlaceOrder('a'), new PlaceOrder('b'), new OrderPlaced('a')]);
    expect(transport.waiting('orders.place')).toHaveLength(2);
    expect(transport.waiting('orders.placed')).toHaveLength(1);
  });

  it('rejects bad input with a typed error naming the type, storing nothing', async () => {
    await expect(processor.post(new Unpublished())).rejects.toThrow(MissingPublicationError);
    await expect(processor.post(new Unpublished())).rejects.toThrow(/Unpublished/);
    const big = Object.assign(new PlaceOrder('o'), { total: 1n });
    await expect(processor.post([new PlaceOrder('fine'), big])).rejects.toThrow(/PlaceOrder.*BigInt/);
    const cyclic = new PlaceOrder('o') as PlaceOrder & { self?: unknown };
    cyclic.self = cyclic;
    await expect(processor.depositPost(cyclic)).rejects.toThrow(MessageMappingError);
    const throwing = new MessageMapperRegistry().register(PlaceOrder, {
      toMessage: () => {
        throw new Error('mapper exploded');
      },
      toRequest: () => new PlaceOrder('x'),
    });
    const other = new ExternalBus({
      transport,
      publications,
      outbox,
      mappers: throwing,
      sweeper: { intervalMs: 0 },
    });
    await expect(other.post([new PlaceOrder('o')])).rejects.toThrow(/PlaceOrder.*mapper exploded/);
    expect(await outbox.outstandingCount()).toBe(0);
    expect(transport.waiting('orders.place')).toHaveLength(0);
  });

  it('a failed dispatch rejects with ProducerError and leaves the message outstanding; the sweeper sends it later', async () => {
    const broken = transport.connect();
    await broken.close();
    const failing = new ExternalBus({ transport: broken, publications, outbox, sweeper: { intervalMs: 0 } });
    const order = new PlaceOrder('o-5');
    await expect(failing.post([order])).rejects.toThrow(ProducerError);
    await expect(failing.post([new PlaceOrder('o-6')])).rejects.toThrow(/orders\.place.*stays in the outbox/);
    expect(await outbox.outstandingCount()).toBe(2);
    expect((await outbox.get(order.id))?.attempts).toBe(1);
    const sweeping = new ExternalBus({
      transport,
      publications,
      outbox,
      sweeper: { intervalMs: 10, olderThanMs: 0 },
    });
    await until(async () => (await outbox.outstandingCount()) === 0);
    await sweeping.close();
    expect(transport.waiting('orders.place').map((m) => m.header.id)).toContain(order.id);
    expect(transport.waiting('orders.place')).toHaveLength(2);
  });

  it('the sweeper leaves messages younger than olderThanMs alone', async () => {
    const sweeping = new ExternalBus({
      transport,
      publications,
      outbox,
      sweeper: { intervalMs: 0, olderThanMs: 60_000 },
    });
    await processor.depositPost(new PlaceOrder('young'));
    expect(await sweeping.sweep()).toBe(0);
    expect(transport.waiting('orders.place')).toHaveLength(0);
  });

  it('writes a producer span per post and traceparent into the header bag', async () => {
    const spans: Array<{ name: string; options: unknown; ended: boolean }> = [];
    const tracer = {
      startSpan(name: string, options?: unknown): OtelProducerSpan {
        const record = { name, options, ended: false };
        spans.push(record);
        return {
          spanContext: () => ({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 }),
          recordException: () => undefined,
          setStatus: () => undefined,
          end: () => (record.ended = true),
        };
      },
    };
    const traced = new ExternalBus({
      transport,
      publications,
      tracer: openTelemetryPostTracer(tracer),
      sweeper: { intervalMs: 0 },
    });
    const order = new PlaceOrder('t');
    await traced.post([order]);
    expect(spans).toEqual([
      {
        name: 'publish orders.place',
        ended: true,
        options: {
          kind: 3,
          attributes: expect.objectContaining({
            'messaging.system': 'in-memory',
            'messaging.destination.name': 'orders.place',
            'messaging.message.id': order.id,
            'messaging.operation.type': 'publish',
          }),
        },
      },
    ]);
    expect(transport.waiting('orders.place')[0].header.bag.traceparent).toBe(
      `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`,
    );
  });

  it('a processor without a bus says how to give it one', async () => {
    const bare = new CommandProcessor({ subscribers: new SubscriberRegistry() });
    await expect(bare.post(new PlaceOrder('x'))).rejects.toThrow(MissingBusError);
  });

  it('close() stops the sweeper: nothing is swept afterwards', async () => {
    const sweeping = new ExternalBus({
      transport: transport.connect(),
      publications,
      outbox,
      sweeper: { intervalMs: 5, olderThanMs: 0 },
    });
    await sweeping.close();
    await processor.depositPost(new PlaceOrder('after-close'));
    await new Promise((r) => setTimeout(r, 50));
    expect(await outbox.outstandingCount()).toBe(1);
    await expect(sweeping.post([new PlaceOrder('x')])).rejects.toThrow(/closed/);
  });

  it('rejects bad sweeper options', () => {
    expect(() => new ExternalBus({ transport, publications, sweeper: { batchSize: 0 } })).toThrow(
      /batchSize/,
    );
  });
});
