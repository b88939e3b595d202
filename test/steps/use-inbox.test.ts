/** @jest-environment ./test/support/pglite-environment.js */
import { Pool } from 'pg';
import { randomUUID } from 'node:crypto';
import {
  Command,
  CommandProcessor,
  InboxConfigurationError,
  InMemoryInbox,
  OnceOnlyError,
  PostgresInbox,
  RequestHandler,
  SubscriberRegistry,
  UseInbox,
  inboxTransaction,
  type Inbox,
} from '../../src';
import { CaptureLogger } from '../support/capture-logger';
import { newPGlite } from '../support/pglite';
import { requireService } from '../support/services';

class PlaceOrder extends Command<string> {
  constructor(readonly orderId: string) {
    super();
  }
}

/** What the handlers did, per order id; `failNext` makes the next run throw; `gate` holds runs. */
const runs = new Map<string, number>();
let failNext = 0;
let gate: Promise<void> = Promise.resolve();
/** Resolved when a handler starts running (after the claim): the next test step may go on. */
let entered: () => void = () => undefined;
const nextEntry = () => new Promise<void>((resolve) => (entered = resolve));
const ran = (id: string) => runs.get(id) ?? 0;

async function place(command: PlaceOrder): Promise<string> {
  runs.set(command.orderId, ran(command.orderId) + 1);
  entered();
  await gate;
  if (failNext > 0) {
    failNext--;
    throw new Error('handler failed');
  }
  return `placed ${command.orderId}`;
}
class ThrowingHandler extends RequestHandler<PlaceOrder> {
  @UseInbox({ step: 0 })
  override async handle(command: PlaceOrder) {
    return place(command);
  }
}
class WarningHandler extends RequestHandler<PlaceOrder> {
  @UseInbox({ step: 0, action: 'warn', contextKey: 'orders-warn' })
  override async handle(command: PlaceOrder) {
    return place(command);
  }
}
class RecordingHandler extends RequestHandler<PlaceOrder> {
  @UseInbox({ step: 0, onceOnly: false, contextKey: 'orders-record' })
  override async handle(command: PlaceOrder) {
    runs.set(command.orderId, ran(command.orderId) + 1);
    return 'recorded';
  }
}

const processorWith = (
  inbox: Inbox | undefined,
  handler: typeof ThrowingHandler | typeof WarningHandler | typeof RecordingHandler,
  logger?: CaptureLogger,
) =>
  new CommandProcessor({
    subscribers: new SubscriberRegistry().register(PlaceOrder, handler),
    inbox,
    logger,
  });

beforeEach(() => {
  runs.clear();
  failNext = 0;
  gate = Promise.resolve();
});

const pools: Pool[] = [];
// One PGlite for the file (it takes seconds to start); each test gets its own table.
let lite: ReturnType<typeof newPGlite>;
beforeAll(async () => {
  lite = newPGlite();
  await lite.waitReady;
}, 60_000);
afterAll(async () => {
  await Promise.all([...pools.map((p) => p.end()), lite.close()]);
});
const pgTable = () => `inbox_${randomUUID().replace(/-/g, '')}`;
const newPool = () => {
  const pool = new Pool({ connectionString: requireService('pgUrl'), max: 6 });
  pools.push(pool);
  return pool;
};

const inboxes: [string, () => Inbox][] = [
  ['InMemoryInbox', () => new InMemoryInbox()],
  ['PostgresInbox over PGlite', () => new PostgresInbox(lite, { table: pgTable() })],
  ['PostgresInbox over a pg Pool', () => new PostgresInbox(newPool(), { table: pgTable() })],
];

describe.each(inboxes)('UseInbox with %s', (_name, makeInbox) => {
  it('handles a request once; a second delivery of its id throws OnceOnlyError', async () => {
    const processor = processorWith(makeInbox(), ThrowingHandler);
    const order = new PlaceOrder('o-1');
    await expect(processor.send(order)).resolves.toBe('placed o-1');
    const second = processor.send(order);
    await expect(second).rejects.toBeInstanceOf(OnceOnlyError);
    await expect(second).rejects.toMatchObject({ requestId: order.id, contextKey: 'ThrowingHandler' });
    expect(ran('o-1')).toBe(1);
    await expect(processor.send(new PlaceOrder('o-1'))).resolves.toBe('placed o-1'); // a new id runs
  });

  it("with action 'warn' skips the handler, logs, and resolves", async () => {
    const logger = new CaptureLogger();
    const inbox = makeInbox();
    const processor = processorWith(inbox, WarningHandler, logger);
    const order = new PlaceOrder('o-2');
    await processor.send(order);
    await expect(processor.send(order)).resolves.toBeUndefined();
    expect(ran('o-2')).toBe(1);
    expect(logger.lines.filter((l) => l.level === 'warn')).toEqual([
      expect.objectContaining({
        obj: expect.objectContaining({ requestId: order.id, contextKey: 'orders-warn' }),
      }),
    ]);
    await expect(inbox.exists(order.id, 'orders-warn')).resolves.toBe(true);
    await expect(inbox.exists(order.id, 'WarningHandler')).resolves.toBe(false);
  });

  it('does not record a failed handling, so the retry runs', async () => {
    const inbox = makeInbox();
    const processor = processorWith(inbox, ThrowingHandler);
    const order = new PlaceOrder('o-3');
    failNext = 1;
    await expect(processor.send(order)).rejects.toThrow('handler failed');
    await expect(inbox.exists(order.id, 'ThrowingHandler')).resolves.toBe(false);
    await expect(processor.send(order)).resolves.toBe('placed o-3');
    expect(ran('o-3')).toBe(2);
    await expect(inbox.exists(order.id, 'ThrowingHandler')).resolves.toBe(true);
  });

  it('with onceOnly false records every handling without checking', async () => {
    const inbox = makeInbox();
    const processor = processorWith(inbox, RecordingHandler);
    const order = new PlaceOrder('o-4');
    await processor.send(order);
    await processor.send(order);
    expect(ran('o-4')).toBe(2);
    await expect(inbox.exists(order.id, 'orders-record')).resolves.toBe(true);
  });

  it('never runs two concurrent deliveries of one id: the second waits, then is a duplicate', async () => {
    const processor = processorWith(makeInbox(), ThrowingHandler);
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    const order = new PlaceOrder('o-5');
    const inside = nextEntry();
    const first = processor.send(order);
    await inside;
    const second = processor.send(order);
    await new Promise((resolve) => setTimeout(resolve, 100)); // time for it to run, were it not held
    expect(ran('o-5')).toBe(1);
    open();
    await expect(first).resolves.toBe('placed o-5');
    await expect(second).rejects.toBeInstanceOf(OnceOnlyError);
    expect(ran('o-5')).toBe(1);
  });

  it('lets the waiting duplicate run when the first handling failed', async () => {
    const processor = processorWith(makeInbox(), ThrowingHandler);
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    failNext = 1;
    const order = new PlaceOrder('o-6');
    const first = processor.send(order);
    const second = processor.send(order);
    open();
    await expect(first).rejects.toThrow('handler failed');
    await expect(second).resolves.toBe('placed o-6');
    expect(ran('o-6')).toBe(2);
  });
});

describe('UseInbox configuration', () => {
  it('is an InboxConfigurationError when the processor has no inbox', async () => {
    await expect(processorWith(undefined, ThrowingHandler).send(new PlaceOrder('x'))).rejects.toThrow(
      new InboxConfigurationError(
        'ThrowingHandler: UseInbox needs an inbox on the CommandProcessor (new CommandProcessor({ subscribers, inbox: new InMemoryInbox() })).',
      ),
    );
  });

  it('rejects a bad action, onceOnly, contextKey or table name, naming it', () => {
    expect(() => UseInbox({ step: 0, action: 'ignore' as 'warn' })).toThrow(
      /action must be 'throw' or 'warn', got "ignore"/,
    );
    expect(() => UseInbox({ step: 0, onceOnly: 'yes' as unknown as boolean })).toThrow(
      InboxConfigurationError,
    );
    expect(() => UseInbox({ step: 0, contextKey: '' })).toThrow(/contextKey must be a non-empty string/);
    expect(() => new PostgresInbox(lite, { table: 'inbox; DROP TABLE x' })).toThrow(
      /table must be an identifier .* got "inbox; DROP TABLE x"/,
    );
  });
});

describe('PostgresInbox over a pg Pool (two processes: two pools)', () => {
  class CountingHandler extends RequestHandler<PlaceOrder> {
    @UseInbox({ step: 0, action: 'warn' })
    override async handle(command: PlaceOrder) {
      await inboxTransaction(this.context)!.query(`INSERT INTO ${counts} (order_id) VALUES ($1)`, [
        command.orderId,
      ]);
      entered();
      await gate;
      if (failNext-- > 0) throw new Error('handler failed');
      return 'counted';
    }
  }
  let counts = '';

  it('ensureSchema is idempotent, also from two pools at once', async () => {
    const table = pgTable();
    const [a, b] = [new PostgresInbox(newPool(), { table }), new PostgresInbox(newPool(), { table })];
    await Promise.all([a.ensureSchema(), b.ensureSchema(), a.ensureSchema()]);
    await expect(b.ensureSchema()).resolves.toBeUndefined();
  });

  it('holds a duplicate in another pool until the first commits; the handler writes in the claim transaction', async () => {
    counts = pgTable();
    const setup = newPool();
    await setup.query(`CREATE TABLE ${counts} (order_id text NOT NULL)`);
    const table = pgTable();
    const [one, two] = [1, 2].map(() =>
      processorWith(new PostgresInbox(newPool(), { table }), CountingHandler),
    );
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    failNext = 1;
    const order = new PlaceOrder('o-7');
    const inside = nextEntry();
    const first = one.send(order); // fails: its count row rolls back with its claim
    await inside;
    const second = two.send(order);
    const third = two.send(order);
    await new Promise((resolve) => setTimeout(resolve, 100));
    open();
    await expect(first).rejects.toThrow('handler failed');
    const results = await Promise.all([second, third]);
    expect(results.sort()).toEqual(['counted', undefined].sort());
    const { rows } = await setup.query(`SELECT order_id FROM ${counts}`);
    expect(rows).toEqual([{ order_id: 'o-7' }]);
  });
});
