import type { Message } from '../../../src/bus/message';
import type { Delivery } from '../../../src/bus/transport';
import { InMemoryTransport, topicMatches } from '../../../src/bus/transports/in-memory';
import { ProducerError, TransportError } from '../../../src/bus/errors';
import { testMessage } from '../support';

const message = testMessage;

function until(check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const poll = () => (check() ? resolve() : setImmediate(poll));
    poll();
  });
}

describe('InMemoryTransport', () => {
  let transport: InMemoryTransport;
  beforeEach(() => {
    transport = new InMemoryTransport();
  });
  afterEach(() => transport.close());

  it('routes a message to every queue bound to its topic, wildcards included, and drops it where none is bound', async () => {
    await transport.declareQueue({ queue: 'a', topic: 'orders.place' });
    await transport.declareQueue({ queue: 'b', topic: 'orders.*' });
    await transport.declareQueue({ queue: 'c', topic: 'payments.#' });
    await transport.send(message('orders.place'));
    await transport.send(message('nobody.listens'));
    expect(transport.waiting('a')).toHaveLength(1);
    expect(transport.waiting('b')).toHaveLength(1);
    expect(transport.waiting('c')).toHaveLength(0);
    expect(topicMatches('a.#', 'a')).toBe(true);
    expect(topicMatches('a.*.c', 'a.b.c')).toBe(true);
    expect(topicMatches('a.*', 'a.b.c')).toBe(false);
  });

  it('serves competing consumers round-robin and honours prefetch', async () => {
    await transport.declareQueue({ queue: 'work', topic: 'work' });
    const held: Record<string, Delivery[]> = { one: [], two: [] };
    for (const name of ['one', 'two'] as const) {
      await transport.connect().consume('work', { prefetch: 2 }, async (d) => {
        held[name].push(d);
      });
    }
    for (let i = 0; i < 6; i++) await transport.send(message('work'));
    await until(() => held.one.length + held.two.length === 4);
    await new Promise((r) => setTimeout(r, 20));
    expect(held.one).toHaveLength(2);
    expect(held.two).toHaveLength(2);
    expect(transport.waiting('work')).toHaveLength(2);
    await held.one[0].ack();
    await until(() => held.one.length === 3);
    expect(transport.waiting('work')).toHaveLength(1);
  });

  it('requeues with handledCount + 1 after the delay, and dead-letters with the reason in the bag', async () => {
    await transport.declareQueue({ queue: 'q', topic: 't' });
    const seen: Message[] = [];
    await transport.consume('q', { prefetch: 1 }, async (d) => {
      seen.push(d.message);
      if (seen.length === 1) await d.requeue(30);
      else await d.deadLetter({ error: 'Boom', message: 'it broke' });
    });
    const started = Date.now();
    await transport.send(message('t'));
    await until(() => transport.deadLetters('q').length === 1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(seen.map((m) => m.header.handledCount)).toEqual([0, 1]);
    expect(seen[1].header.delayMs).toBe(30);
    expect(transport.deadLetters('q')[0].header.bag).toEqual({
      'dead-letter-error': 'Boom',
      'dead-letter-message': 'it broke',
    });
  });

  it("hands a cancelled consumer's unsettled deliveries back as redelivered when its connection closes", async () => {
    await transport.declareQueue({ queue: 'q', topic: 't' });
    const first = transport.connect();
    let got: Delivery | undefined;
    const consumption = await first.consume('q', { prefetch: 1 }, async (d) => {
      got = d;
    });
    await transport.send(message('t'));
    await until(() => got !== undefined);
    await consumption.cancel();
    await first.close();
    const again: Delivery[] = [];
    await transport.consume('q', { prefetch: 1 }, async (d) => {
      again.push(d);
      await d.ack();
    });
    await until(() => again.length === 1);
    expect(again[0].redelivered).toBe(true);
    expect(again[0].message.header.id).toBe(got!.message.header.id);
  });

  it('moves pending delayed requeues onto the queue at close, leaving no timer', async () => {
    await transport.declareQueue({ queue: 'q', topic: 't' });
    const other = transport.connect();
    await other.consume('q', { prefetch: 1 }, (d) => d.requeue(60_000));
    await transport.send(message('t'));
    await until(() => transport.waiting('q').length === 0);
    await new Promise((r) => setTimeout(r, 5));
    await other.close();
    expect(transport.waiting('q').map((m) => m.header.handledCount)).toEqual([1]);
  });

  it('rejects use after close with typed errors', async () => {
    await transport.close();
    await expect(transport.send(message('t'))).rejects.toBeInstanceOf(ProducerError);
    await expect(transport.consume('q', { prefetch: 1 }, async () => {})).rejects.toBeInstanceOf(
      TransportError,
    );
  });

  it('refuses to consume an undeclared queue', async () => {
    await expect(transport.consume('nope', { prefetch: 1 }, async () => {})).rejects.toThrow(/not declared/);
  });
});
