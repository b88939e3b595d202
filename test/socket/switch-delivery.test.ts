// Issue 9: no emit lost across an environment switch. Three real socket.io servers on 127.0.0.1 (one
// per environment); events are counted as the servers' own `socket.on` handlers get them.
import { FailoverClient } from '../../src/client';
import { threeEnvConfig, type ThreeEnvName } from '../failover/support/env-servers';
import { startSocketServer, type TestSocketServer } from './socket-servers';

const reconnection = {
  reconnectionDelay: 20,
  reconnectionDelayMax: 50,
  reconnectionAttempts: 2,
  timeout: 2_000,
};
/** Events recorded as a server's own `socket.on` handlers get them. */
const handle = ['seq', 'held'];
/** A short server heartbeat, so a blocked event loop makes socket.io-client hold emits itself. */
const heartbeat = { pingInterval: 200, pingTimeout: 200 };

describe.each([
  ['websocket', ['websocket']],
  ['polling, then upgrade (socket.io default)', ['polling', 'websocket']],
])('emits across a switch, transports: %s', (_name, transports) => {
  let servers: Record<ThreeEnvName, TestSocketServer>;
  let client: FailoverClient | undefined;

  const makeClient = (): FailoverClient =>
    (client = new FailoverClient({
      environments: threeEnvConfig(
        servers,
        {},
        { enableSocket: true, socketOptions: { ...reconnection, transports } },
      ),
      initialEnvironment: 'production',
    }));

  beforeEach(async () => {
    const [production, staging, development] = await Promise.all([
      startSocketServer(undefined, { handle }),
      startSocketServer(undefined, { handle }),
      startSocketServer(undefined, { handle }),
    ]);
    servers = { production, staging, development };
  });
  afterEach(async () => {
    await client?.close();
    client = undefined;
    await Promise.all(Object.values(servers).map((s) => s.close()));
  });

  it('(a) 500 emits in one synchronous loop, switchTo after the 250th not awaited: each arrives once, in order', async () => {
    const c = makeClient();
    await c.socket.connect();
    for (let i = 0; i < 500; i++) {
      c.socket.emit('seq', i);
      if (i === 249) void c.switchTo('staging', { skipHealthCheck: true });
    }
    await waitForTotal(servers, 'seq', 500);
    const onProduction = values(servers.production, 'seq');
    const onStaging = values(servers.staging, 'seq');
    // Emitted before the switch: production's; after it: staging's. Each server in emit order.
    expect(onProduction).toEqual(range(0, 250));
    expect(onStaging).toEqual(range(250, 500));
    expect(values(servers.development, 'seq')).toEqual([]);
  });

  it('(b) 10,000 events emitted across a forced switch arrive, none lost, order kept', async () => {
    const c = makeClient();
    await c.socket.connect();
    const total = 10_000;
    for (let i = 0; i < total; i++) {
      c.socket.emit('seq', i);
      if (i === 4_999) void c.switchTo('staging', { skipHealthCheck: true });
    }
    await waitForTotal(servers, 'seq', total);
    expect(values(servers.production, 'seq')).toEqual(range(0, 5_000));
    expect(values(servers.staging, 'seq')).toEqual(range(5_000, total));
  });

  it('(c) production killed while emitting: what the client emitted after seeing the drop arrives on staging, in order; nothing twice', async () => {
    const c = makeClient();
    await c.socket.connect();
    const total = 3_000;
    let firstAfterDrop = -1;
    let killing: Promise<void> | undefined;
    for (let i = 0; i < total; i++) {
      if (firstAfterDrop < 0 && killing && !c.socket.connected) firstAfterDrop = i;
      c.socket.emit('seq', i);
      if (i === 1_000) killing = servers.production.kill();
      if (i % 20 === 19) await new Promise((r) => setTimeout(r, 1));
    }
    await killing;
    await until(() => values(servers.staging, 'seq').includes(total - 1), 10_000);
    const onProduction = values(servers.production, 'seq') as number[];
    const onStaging = values(servers.staging, 'seq') as number[];
    expect(firstAfterDrop).toBeGreaterThan(1_000);
    // Production got a prefix, in order; staging a contiguous run to the end, in order; no event twice.
    expect(onProduction).toEqual(range(0, onProduction.length));
    expect(onStaging.length).toBeGreaterThan(0);
    expect(onStaging).toEqual(range(onStaging[0], total));
    expect(onStaging[0]).toBeGreaterThanOrEqual(onProduction.length);
    // Everything emitted once the socket knew the connection was gone was delivered; only emits
    // already handed to the dying connection can be missing (at most once).
    expect(onStaging[0]).toBeLessThanOrEqual(firstAfterDrop);
    expect(values(servers.development, 'seq')).toEqual([]);
  });

  it('(c) production killed while socket.io holds emits itself (expired heartbeat): they are carried to staging, in order', async () => {
    await servers.production.close();
    servers.production = await startSocketServer(undefined, { handle, server: heartbeat });
    const c = makeClient();
    await c.socket.connect();
    await until(() => c.socket.connected && upgraded(c, transports), 5_000);
    block(heartbeat.pingInterval + heartbeat.pingTimeout + 200); // no ping seen: the heartbeat expires
    for (let i = 0; i < 100; i++) c.socket.emit('held', i); // socket.io keeps these in its sendBuffer
    const killing = servers.production.kill();
    for (let i = 100; i < 200; i++) c.socket.emit('held', i);
    await killing;
    await until(() => values(servers.staging, 'held').length >= 200, 10_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(values(servers.staging, 'held')).toEqual(range(0, 200));
    expect(values(servers.production, 'held')).toEqual([]);
    expect(c.currentEnvironment).toBe('staging');
  });
});

describe('an unplanned drop on the polling transport', () => {
  it('carries what engine.io had not written yet (queued behind a POST) and what socket.io held, in order, nothing twice', async () => {
    const production = await startSocketServer(undefined, { handle, server: heartbeat });
    const staging = await startSocketServer(undefined, { handle });
    const socketOptions = { ...reconnection, transports: ['polling'] };
    const c = new FailoverClient({
      environments: {
        production: { apiUrl: production.url, enableSocket: true, socketOptions },
        staging: { apiUrl: staging.url, enableSocket: true, socketOptions },
      },
      initialEnvironment: 'production',
    });
    try {
      await c.socket.connect();
      for (let i = 0; i < 100; i++) c.socket.emit('held', i); // 0 goes in a POST; 1..99 wait in engine.io
      block(heartbeat.pingInterval + heartbeat.pingTimeout + 200); // the heartbeat expires
      for (let i = 100; i < 200; i++) c.socket.emit('held', i); // socket.io keeps these itself
      const killing = production.kill();
      await killing;
      await until(() => values(staging, 'held').includes(199), 10_000);
      await new Promise((r) => setTimeout(r, 50));
      // 0 was on the wire (a POST production never answered): at most once. Everything else was
      // still held by engine.io (1..99) or socket.io (100..199), and arrives on staging, in order.
      expect([[], [0]]).toContainEqual(values(production, 'held'));
      expect(values(staging, 'held')).toEqual(range(1, 200));
    } finally {
      await c.close();
      await staging.close();
    }
  });
});

describe('a planned switch whose old connection cannot drain', () => {
  it('waits for it at most drainTimeoutMs, then closes it and logs how many emits were not written', async () => {
    let stalled = false;
    const production = await startSocketServer(undefined, { handle });
    const staging = await startSocketServer(undefined, { handle });
    // engine.io middleware: once stalled, production's polling POSTs are never answered.
    production.io.engine.use((req: { method?: string }, _res: unknown, next: () => void) => {
      if (!(stalled && req.method === 'POST')) next();
    });
    const warnings: object[] = [];
    const ignore = (): void => undefined;
    const c = new FailoverClient({
      environments: {
        production: {
          apiUrl: production.url,
          enableSocket: true,
          socketOptions: { ...reconnection, transports: ['polling'] },
        },
        staging: {
          apiUrl: staging.url,
          enableSocket: true,
          socketOptions: { ...reconnection, transports: ['polling'] },
        },
      },
      initialEnvironment: 'production',
      socket: { drainTimeoutMs: 300 },
      logger: {
        debug: ignore,
        info: ignore,
        error: ignore,
        warn: (o: object | string) => void warnings.push(o as object),
      },
    });
    try {
      await c.socket.connect();
      stalled = true;
      for (let i = 0; i < 10; i++) c.socket.emit('seq', i); // the first POST hangs; the rest wait behind it
      await c.switchTo('staging', { skipHealthCheck: true });
      c.socket.emit('seq', 10);
      await staging.waitFor('seq', 1, 5_000);
      await until(() => warnings.some((w) => 'undrained' in w), 5_000);
      expect(warnings.find((w) => 'undrained' in w)).toMatchObject({
        environment: 'production',
        undrained: 10,
        drainTimeoutMs: 300,
      });
      expect(values(staging, 'seq')).toEqual([10]);
    } finally {
      await c.close();
      await Promise.all([production.kill(), staging.close()]); // kill: production still holds hung POSTs
    }
  });
});

/** Busy-waits: the event loop (client and in-process servers alike) sees no timer or I/O meanwhile. */
function block(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // spin
  }
}

/** With polling first, waits for the websocket upgrade so the heartbeat case runs on a settled transport. */
function upgraded(c: FailoverClient, transports: string[]): boolean {
  if (!transports.includes('websocket')) return true;
  const live = (c.socket as unknown as { live: { io: { engine: { transport: { name: string } } } } | null })
    .live;
  return live?.io.engine.transport.name === 'websocket';
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

function values(server: TestSocketServer, event: string): unknown[] {
  return server.handled.filter((e) => e[0] === event).map((e) => e[1]);
}

/** Waits until the servers together handled `total` events named `event`, then a little more (duplicates would show). */
async function waitForTotal(
  servers: Record<ThreeEnvName, TestSocketServer>,
  event: string,
  total: number,
): Promise<void> {
  const sum = () => Object.values(servers).reduce((n, s) => n + values(s, event).length, 0);
  await until(() => sum() >= total, 10_000).catch(() => undefined); // the assertions say what is missing
  await new Promise((r) => setTimeout(r, 50));
}

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
