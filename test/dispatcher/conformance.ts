import {
  CommandProcessor,
  DeferMessage,
  Dispatcher,
  RejectMessage,
  SubscriberRegistry,
  type Subscription,
} from '../../src';
import {
  DEAD_LETTER_ERROR_HEADER,
  DEAD_LETTER_MESSAGE_HEADER,
  type Transport,
} from '../../src/bus/transport';
import {
  drain,
  messageFor,
  PlaceOrder,
  PlaceOrderHandler,
  script,
  sleep,
  testMappers,
  uniqueNames,
  until,
} from './support';

/** A broker for the suite: each `connect()` is a new connection (a new "process") onto the same queues. */
export interface ConformanceTarget {
  connect(): Transport;
}

/**
 * Section 6's delivery semantics, the same on every transport: ack, requeue with delay then
 * dead-letter, DeferMessage, RejectMessage, an unmappable message, and a consumer's crash.
 */
export function describeTransportConformance(name: string, target: () => ConformanceTarget): void {
  describe(`Dispatcher over ${name} (conformance)`, () => {
    let broker: ConformanceTarget;
    const open: Transport[] = [];
    const dispatchers: Dispatcher[] = [];
    const connect = () => {
      const transport = broker.connect();
      open.push(transport);
      return transport;
    };
    const processor = () =>
      new CommandProcessor({ subscribers: new SubscriberRegistry().register(PlaceOrder, PlaceOrderHandler) });
    const dispatcherOn = (transport: Transport, subscription: Omit<Subscription, 'name' | 'requestType'>) => {
      const dispatcher = new Dispatcher({
        processor: processor(),
        transport,
        mappers: testMappers,
        subscriptions: [{ name: subscription.queue!, requestType: PlaceOrder, ...subscription }],
      });
      dispatchers.push(dispatcher);
      return dispatcher;
    };
    const post = async (transport: Transport, topic: string, ...orderIds: string[]) => {
      for (const id of orderIds) await transport.send(messageFor(new PlaceOrder(id), topic));
    };

    beforeAll(() => {
      broker = target();
    });
    beforeEach(() => script.reset());
    afterEach(async () => {
      await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
      await Promise.all(open.splice(0).map((t) => t.close()));
    });

    it('acknowledges a handled message: a restarted consumer sees none of them again', async () => {
      const names = uniqueNames('ack');
      const transport = connect();
      const dispatcher = dispatcherOn(transport, { ...names, prefetch: 5, concurrency: 2 });
      await dispatcher.start();
      await post(transport, names.topic, 'o-1', 'o-2', 'o-3', 'o-4', 'o-5');
      await until('5 runs', () => script.runs.length === 5);
      await dispatcher.stop();
      const again = dispatcherOn(connect(), names);
      await again.start();
      await sleep(300);
      expect(script.runs.map((r) => r.orderId).sort()).toEqual(['o-1', 'o-2', 'o-3', 'o-4', 'o-5']);
      expect(script.runs.every((r) => r.handledCount === 0)).toBe(true);
      await expect(drain(connect(), `${names.queue}.dlq`)).resolves.toEqual([]);
    });

    it('stop() lets the messages in flight finish and acknowledges them; a restarted consumer sees none of them', async () => {
      const names = uniqueNames('stop');
      const producer = connect();
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      script.behaviour = () => gate;
      const first = dispatcherOn(connect(), { ...names, concurrency: 2, prefetch: 4 });
      await first.start();
      await post(producer, names.topic, 'o-1', 'o-2', 'o-3', 'o-4');
      await until('2 in flight', () => script.runs.length === 2);
      let stopped = false;
      const stopping = first.stop().then(() => (stopped = true));
      await sleep(100);
      expect(stopped).toBe(false); // it waits for the handlers
      open();
      await stopping;
      const inFlight = script.runs.map((r) => r.orderId);
      script.runs = [];
      script.behaviour = () => undefined;
      await dispatcherOn(connect(), names).start();
      await until('the other 2', () => script.runs.length === 2);
      await sleep(300);
      const others = ['o-1', 'o-2', 'o-3', 'o-4'].filter((id) => !inFlight.includes(id));
      expect(script.runs.map((r) => r.orderId).sort()).toEqual(others);
    });

    it('requeues a failing message after requeueDelayMs with handledCount + 1, then dead-letters it with the scrubbed error', async () => {
      const names = uniqueNames('requeue');
      const transport = connect();
      script.behaviour = () => {
        throw new TypeError('stock service refused: password=hunter2 at amqp://app:s3cr3t@db.internal');
      };
      const dispatcher = dispatcherOn(transport, { ...names, requeueCount: 2, requeueDelayMs: 250 });
      await dispatcher.start();
      await post(transport, names.topic, 'o-1');
      await until('3 runs', () => script.runs.length === 3);
      const deadLetters = await drain(transport, `${names.queue}.dlq`, 1);
      expect(script.runs.map((r) => r.handledCount)).toEqual([0, 1, 2]);
      expect(script.runs[1].at - script.runs[0].at).toBeGreaterThanOrEqual(240);
      expect(script.runs[2].at - script.runs[1].at).toBeGreaterThanOrEqual(240);
      expect(deadLetters).toHaveLength(1);
      const bag = deadLetters[0].header.bag;
      expect(bag[DEAD_LETTER_ERROR_HEADER]).toBe('TypeError');
      expect(bag[DEAD_LETTER_MESSAGE_HEADER]).toBe(
        'stock service refused: password=[REDACTED] at amqp://[REDACTED]@db.internal',
      );
      expect(JSON.stringify(deadLetters[0].header)).not.toMatch(/hunter2|s3cr3t/);
      expect(Object.values(bag).filter((value) => value.includes('[object'))).toEqual([]); // no broker tables in the bag
      await sleep(300);
      expect(script.runs).toHaveLength(3); // at most 1 + requeueCount runs
    });

    it('requeues a deferred message after its delay, counting the delivery', async () => {
      const names = uniqueNames('defer');
      const transport = connect();
      script.behaviour = (_command, run) => {
        if (run.handledCount === 0) throw new DeferMessage(200);
      };
      const dispatcher = dispatcherOn(transport, { ...names, requeueCount: 3 });
      await dispatcher.start();
      await post(transport, names.topic, 'o-1');
      await until('2 runs', () => script.runs.length === 2);
      expect(script.runs.map((r) => r.handledCount)).toEqual([0, 1]);
      expect(script.runs[1].at - script.runs[0].at).toBeGreaterThanOrEqual(190);
      await expect(drain(transport, `${names.queue}.dlq`)).resolves.toEqual([]);
    });

    it('dead-letters a rejected message at once, with the reason', async () => {
      const names = uniqueNames('reject');
      const transport = connect();
      script.behaviour = () => {
        throw new RejectMessage('order o-1 has no lines');
      };
      const dispatcher = dispatcherOn(transport, { ...names, requeueCount: 3 });
      await dispatcher.start();
      await post(transport, names.topic, 'o-1');
      const deadLetters = await drain(transport, `${names.queue}.dlq`, 1);
      expect(deadLetters.map((m) => m.header.bag)).toEqual([
        expect.objectContaining({
          [DEAD_LETTER_ERROR_HEADER]: 'RejectMessage',
          [DEAD_LETTER_MESSAGE_HEADER]: 'order o-1 has no lines',
        }),
      ]);
      expect(script.runs).toHaveLength(1);
    });

    it('dead-letters a message that cannot be mapped back, without running the handler', async () => {
      const names = uniqueNames('unmappable');
      const transport = connect();
      const dispatcher = dispatcherOn(transport, names);
      await dispatcher.start();
      await transport.send(messageFor(new PlaceOrder('o-1'), names.topic, '{not json'));
      const deadLetters = await drain(transport, `${names.queue}.dlq`, 1);
      expect(deadLetters).toHaveLength(1);
      expect(deadLetters[0].header.bag[DEAD_LETTER_ERROR_HEADER]).toBe('MessageMappingError');
      expect(new TextDecoder().decode(deadLetters[0].body)).toBe('{not json');
      expect(script.runs).toHaveLength(0);
    });

    it('redelivers what a crashed consumer held: it never settled, and its connection closed', async () => {
      const names = uniqueNames('crash');
      const doomed = connect();
      await doomed.declareQueue(names);
      const held: string[] = [];
      await doomed.consume(names.queue, { prefetch: 3 }, async (delivery) => {
        held.push(delivery.message.header.id);
        await new Promise(() => undefined); // never settles
      });
      const producer = connect();
      await post(producer, names.topic, 'o-1', 'o-2', 'o-3');
      await until('3 held', () => held.length === 3);
      await doomed.close();
      const dispatcher = dispatcherOn(connect(), names);
      await dispatcher.start();
      await until('3 redelivered runs', () => script.runs.length === 3);
      expect(script.runs.map((r) => r.orderId).sort()).toEqual(['o-1', 'o-2', 'o-3']);
    });
  });
}
