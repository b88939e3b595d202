import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ExternalBus, InMemoryOutbox, ProducerError, RabbitMQTransport } from '../../../../src/bus';
import { requireService } from '../../../support/services';
import { PlaceOrder, publications, until } from '../../support';
import { BrokerProbe, uniqueName } from './rabbitmq-support';

// This test stops a broker for real, so it runs its own RabbitMQ (own state folder and ports):
// the shared one keeps serving the other test files running in parallel.
const run = promisify(execFile);
const PORT = '5680';
const env = {
  ...process.env,
  MATRYOSHKA_SERVICES_DIR: '/tmp/matryoshka-services-restart',
  MATRYOSHKA_AMQP_PORT: PORT,
  MATRYOSHKA_EPMD_PORT: '4371',
};
const broker = (command: 'start-rabbitmq' | 'stop-rabbitmq') =>
  run('bash', [join(__dirname, '../../../../scripts/services.sh'), command], { env, timeout: 90_000 });
const url = new URL(requireService('amqpUrl'));
url.port = PORT;
const amqpUrl = url.toString();

jest.setTimeout(120_000);

describe('the broker stopped while posting', () => {
  beforeAll(() => broker('start-rabbitmq'));
  afterAll(() => broker('stop-rabbitmq'));

  it('rejects with ProducerError, keeps the messages in the outbox, and the sweeper dispatches every one once the broker is back', async () => {
    const exchange = uniqueName('restart-x');
    const queue = uniqueName('restart-q');
    const before = await BrokerProbe.open(amqpUrl);
    await before.bind(exchange, queue, 'orders.place');
    await before.close();

    const outbox = new InMemoryOutbox();
    const bus = new ExternalBus({
      transport: new RabbitMQTransport({ url: amqpUrl, exchange, reconnect: { maxDelayMs: 500 } }),
      publications,
      outbox,
      sweeper: { intervalMs: 200, olderThanMs: 0 },
    });
    const posted: string[] = [];
    const failures: unknown[] = [];
    let confirmed = 0;
    let posting = true;
    const poster = async () => {
      while (posting) {
        const order = new PlaceOrder(`o-${posted.length}`);
        posted.push(order.id);
        await bus.post([order]).then(
          () => confirmed++,
          (error: unknown) => failures.push(error),
        );
      }
    };
    const posters = Array.from({ length: 10 }, poster);

    await until(() => confirmed >= 50);
    await broker('stop-rabbitmq');
    await until(() => failures.length >= 20);
    posting = false;
    await Promise.all(posters);

    expect(failures.every((error) => error instanceof ProducerError)).toBe(true);
    expect(await outbox.outstandingCount()).toBe(failures.length);

    await broker('start-rabbitmq');
    await until(async () => (await outbox.outstandingCount()) === 0, 50);
    await bus.close();

    const after = await BrokerProbe.open(amqpUrl);
    const received = (await after.drain(queue)).map((m) => m.message.header.id);
    await after.cleanUp(exchange, [queue]);
    await after.close();
    // At least once: every posted message arrived (an in-flight one may have arrived twice).
    expect(new Set(received)).toEqual(new Set(posted));
  });
});
