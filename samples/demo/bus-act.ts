// The demo's bus act, on the embedded default: orders posted through a PGlite outbox to the
// in-process transport, consumed by three dispatchers (workers) with a PGlite inbox. Mid-stream
// worker 2 crashes: its connection drops without acknowledging what it held, and those orders are
// redelivered to the others. At the end every order is accounted for: posted = handled once,
// 0 lost, 0 duplicated.
import { PGlite } from '@electric-sql/pglite';
import {
  Command,
  CommandProcessor,
  Dispatcher,
  ExternalBus,
  InMemoryTransport,
  PostgresInbox,
  PostgresOutbox,
  RequestHandler,
  SubscriberRegistry,
  UseInbox,
  type Logger,
} from '../../src';

/** An order another process places. Its entity id is `orderId`: `id` is the request's own. */
export class ShipOrder extends Command {
  constructor(
    readonly orderId: string,
    readonly items: number,
  ) {
    super();
  }
}

/** What the workers did, per order and per worker. */
export class BusLedger {
  readonly handled = new Map<string, number>();
  readonly perWorker = new Map<string, number>();
  /** Second deliveries the inbox recognised and skipped. */
  skipped = 0;
  /** Orders a crashed worker was handling when it died: redelivered to the others. */
  readonly interrupted = new Set<string>();

  record(orderId: string, worker: string): void {
    this.handled.set(orderId, (this.handled.get(orderId) ?? 0) + 1);
    this.perWorker.set(worker, (this.perWorker.get(worker) ?? 0) + 1);
  }

  get duplicated(): number {
    return [...this.handled.values()].filter((count) => count > 1).length;
  }
}

/** A worker whose process "dies": from then on its handler fails before finishing anything. */
class Worker {
  crashed = false;
  constructor(readonly name: string) {}
}

class WorkerCrashed extends Error {}

/** Built per worker: the handler records into the ledger under the worker's name. */
function handlerFor(worker: Worker, ledger: BusLedger) {
  class ShipOrderHandler extends RequestHandler<ShipOrder> {
    @UseInbox({ step: 0, action: 'warn', contextKey: 'ship-order' })
    override async handle(order: ShipOrder) {
      await new Promise((resolve) => setTimeout(resolve, 8 + order.items * 4)); // the work
      if (worker.crashed) {
        ledger.interrupted.add(order.orderId);
        throw new WorkerCrashed(`${worker.name} died`);
      }
      ledger.record(order.orderId, worker.name);
    }
  }
  return ShipOrderHandler;
}

/** Counts the inbox's "already handled; skipped" warnings. */
function skipCounter(ledger: BusLedger): Logger {
  const noop = () => undefined;
  return {
    debug: noop,
    info: noop,
    error: noop,
    warn: (_obj, msg) => {
      if (typeof msg === 'string' && msg.includes('already handled')) ledger.skipped++;
    },
  };
}

export interface BusActOptions {
  orders: number;
  /** Orders per second posted. */
  rate: number;
  /** Writes a status line (TTY: redrawn in place). */
  status: (line: string, final?: boolean) => void;
  event: (line: string) => void;
}

const TOPIC = 'demo.orders.ship';
const QUEUE = 'demo-ship';

/** Starts the act's embedded database (PGlite takes seconds to start): call early, pass to runBusAct. */
export function prepareBusAct(): Promise<PGlite> {
  const db = new PGlite();
  return db.waitReady.then(() => db);
}

/** Runs the act; resolves true when every order was handled exactly once and nothing is left. */
export async function runBusAct(options: BusActOptions, prepared = prepareBusAct()): Promise<boolean> {
  const db = await prepared;
  const broker = new InMemoryTransport();
  const ledger = new BusLedger();
  const outbox = new PostgresOutbox(db);
  const inbox = new PostgresInbox(db); // one instance: the workers share its claims
  await Promise.all([outbox.ensureSchema(), inbox.ensureSchema()]);

  const workers = ['worker 1', 'worker 2', 'worker 3'].map((name) => {
    const worker = new Worker(name);
    const transport = broker.connect();
    const processor = new CommandProcessor({
      subscribers: new SubscriberRegistry().register(ShipOrder, handlerFor(worker, ledger)),
      inbox,
      logger: skipCounter(ledger),
    });
    const subscription = {
      name: 'ship',
      topic: TOPIC,
      queue: QUEUE,
      requestType: ShipOrder,
      concurrency: 4,
      prefetch: 8,
      requeueCount: 5,
    };
    return {
      worker,
      transport,
      dispatcher: new Dispatcher({ processor, transport, subscriptions: [subscription] }),
    };
  });
  for (const { dispatcher } of workers) await dispatcher.start();

  const bus = new ExternalBus({
    transport: broker.connect(),
    outbox,
    publications: [{ topic: TOPIC, requestType: ShipOrder }],
    sweeper: { intervalMs: 250, olderThanMs: 500, batchSize: 100 },
  });
  const shop = new CommandProcessor({ subscribers: new SubscriberRegistry(), bus });

  let posted = 0;
  const started = performance.now();
  const line = () =>
    `${((performance.now() - started) / 1000).toFixed(1).padStart(5)}s  posted ${posted}/${options.orders}  handled ${ledger.handled.size}  ` +
    `${workers.map((w) => `${w.worker.name.replace('worker ', 'w')}${w.worker.crashed ? '✝' : ''} ${ledger.perWorker.get(w.worker.name) ?? 0}`).join('  ')}  skipped by inbox ${ledger.skipped}`;
  options.event(
    `\nbus act: ${options.orders} orders posted through a PGlite outbox to three workers (dispatchers) sharing a PGlite inbox`,
  );
  const ticker = setInterval(() => options.status(line()), 250);

  // Orders arrive in bursts (a batch every 200 ms), so each worker is busy with several at a time.
  const batch = Math.max(1, Math.round(options.rate / 5));
  const crashAfter = Math.floor(options.orders / 3);
  for (let i = 0; i < options.orders; i += batch) {
    const ids = Array.from({ length: Math.min(batch, options.orders - i) }, (_, j) => i + j + 1);
    await Promise.all(ids.map((n) => shop.post(new ShipOrder(`order-${n}`, 1 + (n % 4)))));
    posted += ids.length;
    if (i < crashAfter && crashAfter <= i + batch) {
      await new Promise((resolve) => setTimeout(resolve, 10)); // mid-work
      const victim = workers[1];
      victim.worker.crashed = true;
      await victim.transport.close(); // the connection drops: its unacknowledged orders go back to the queue
      options.event(
        `${victim.worker.name} crashed holding unacknowledged orders: the queue redelivers them to the others`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  for (let waited = 0; ledger.handled.size < options.orders && waited < 15_000; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  clearInterval(ticker);
  options.status(line(), true);

  for (const { worker, dispatcher } of workers) if (!worker.crashed) await dispatcher.stop();
  await workers[1].dispatcher.stop().catch(() => undefined);
  await bus.close();
  const undispatched = (
    await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM matryoshka_outbox WHERE dispatched_at IS NULL`,
    )
  ).rows[0].n;
  await db.close();

  const lost = options.orders - ledger.handled.size;
  const recovered = [...ledger.interrupted].filter((id) => ledger.handled.get(id) === 1).length;
  options.event(
    `worker 2 died in the middle of ${ledger.interrupted.size} orders: ${recovered} of them redelivered and handled by another worker`,
  );
  options.event(
    `bus: posted ${posted}, handled once ${ledger.handled.size - ledger.duplicated}, lost ${lost}, duplicated ${ledger.duplicated}, ` +
      `redelivered and skipped by the inbox ${ledger.skipped}, left in the outbox ${undispatched}`,
  );
  return (
    lost === 0 &&
    ledger.duplicated === 0 &&
    undispatched === 0 &&
    posted === options.orders &&
    recovered === ledger.interrupted.size
  );
}

/** How the act prints: a status line redrawn in place on a TTY, else every 2 s; events on their own line. */
export function busActLines(tty: boolean): Pick<BusActOptions, 'status' | 'event'> {
  let ticks = 0;
  return {
    status: (line, final) => {
      if (tty) process.stdout.write(`\r\x1b[2K${line}${final ? '\n' : ''}`);
      else if (final || ++ticks % 8 === 0) console.log(line);
    },
    event: (line) => (tty ? process.stdout.write(`\r\x1b[2K${line}\n`) : console.log(line)),
  };
}
