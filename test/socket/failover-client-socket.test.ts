// client.socket against the real FailoverClient and one real socket.io server per environment.
import { FailoverClient } from '../../src/client';
import type { Socket } from 'socket.io-client';
import { SocketAckTimeoutError, SocketBufferOverflowError, SocketOptionsError } from '../../src/socket';
import { MatryoshkaError } from '../../src/core';
import { startSocketServer, type TestSocketServer } from './socket-servers';

const socketOptions = {
  transports: ['websocket'],
  reconnectionDelay: 20,
  reconnectionDelayMax: 50,
  reconnectionAttempts: 2,
  timeout: 2_000,
};

describe('client.socket with the FailoverClient', () => {
  let production: TestSocketServer;
  let staging: TestSocketServer;
  let client: FailoverClient | undefined;

  const makeClient = (): FailoverClient =>
    (client = new FailoverClient({
      environments: {
        production: { apiUrl: production.url, apiKey: 'prod-key-123', enableSocket: true, socketOptions },
        staging: { apiUrl: staging.url, apiKey: 'staging-key-456', enableSocket: true, socketOptions },
      },
      initialEnvironment: 'production',
    }));

  beforeEach(async () => {
    production = await startSocketServer();
    staging = await startSocketServer();
  });
  afterEach(async () => {
    await client?.close();
    client = undefined;
    await Promise.all([production.close(), staging.close()]);
  });

  it('connects when the client starts and sends the environment credentials in the auth payload', async () => {
    const c = makeClient();
    await c.socket.connect();
    expect(c.socket.connected).toBe(true);
    expect(c.socket.environment).toBe('production');
    expect(production.auths).toHaveLength(1);
    expect(JSON.stringify(production.auths[0])).toContain('prod-key-123');
    const [socket] = await production.io.fetchSockets();
    expect(socket.handshake.url).not.toContain('prod-key-123');
  });

  it('takes the buffer bound from FailoverClientOptions.socket', async () => {
    const c = (client = new FailoverClient({
      environments: { production: { apiUrl: production.url, socketOptions } },
      socket: { maxBufferedEmits: 2 },
    }));
    c.socket.emit('early', 1).emit('early', 2);
    expect(() => c.socket.emit('early', 3)).toThrow(SocketBufferOverflowError);
    await c.socket.connect();
    await production.waitFor('early', 2);
  });

  it('rejects an unusable socket option with a SocketOptionsError naming it', () => {
    const environments = { production: { apiUrl: production.url, socketOptions } };
    for (const socket of [{ drainTimeoutMs: -1 }, { drainTimeoutMs: NaN }, { maxBufferedEmits: 1.5 }]) {
      const error = (() => {
        try {
          new FailoverClient({ environments, socket }).close();
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(SocketOptionsError);
      expect(error).toBeInstanceOf(MatryoshkaError);
      expect(error).toMatchObject({ option: Object.keys(socket)[0] });
      expect((error as Error).message).toContain(Object.keys(socket)[0]);
    }
  });

  it('keeps listeners across a switch: an event from the new environment reaches the old listener', async () => {
    const c = makeClient();
    const got: unknown[] = [];
    c.socket.on('news', (item: unknown) => got.push(item));
    await c.socket.connect();
    production.broadcast('news', 'from production');
    await until(() => got.length === 1);

    await c.switchTo('staging', { skipHealthCheck: true });
    await c.socket.connect();
    expect(c.socket.environment).toBe('staging');
    staging.broadcast('news', 'from staging');
    production.broadcast('news', 'stale production'); // the old connection is gone
    await until(() => got.length >= 2);
    await new Promise((r) => setTimeout(r, 50));
    expect(got).toEqual(['from production', 'from staging']);
  });

  it('delivers 10,000 events emitted across a forced switch: none lost, order kept', async () => {
    const c = makeClient();
    await c.socket.connect();
    const total = 10_000;
    let switching: Promise<boolean> | undefined;
    for (let i = 0; i < total; i++) {
      c.socket.emit('seq', i);
      if (i === 4_000) switching = c.switchTo('staging', { skipHealthCheck: true });
      if (i % 500 === 499) await new Promise((r) => setImmediate(r));
    }
    await switching;
    await until(() => count(production, 'seq') + count(staging, 'seq') === total, 20_000);
    const onProduction = values(production, 'seq');
    const onStaging = values(staging, 'seq');
    expect(onProduction.length).toBeGreaterThan(0);
    expect(onStaging.length).toBeGreaterThan(0);
    expect([...onProduction, ...onStaging]).toEqual([...Array(total).keys()]);
  });

  it('never sends an ack that timed out while buffered, by socket.io or by us after a switch', async () => {
    let stagingOpen = false;
    staging.io.use((_s, next) => (stagingOpen ? next() : next(new Error('not yet'))));
    const c = makeClient();
    await c.socket.connect();
    // A silently dead link (a missed ping): socket.io keeps emits in its own buffer.
    const live = (c.socket as unknown as { live: Socket }).live;
    (live.io.engine as unknown as { _hasPingExpired(): boolean })._hasPingExpired = () => true;
    const early = c.socket.emitWithAck('echo', 'timed out in socket.io', { timeoutMs: 30 }).catch((e) => e);
    const late = c.socket.emitWithAck('echo', 'timed out in our buffer', { timeoutMs: 400 }).catch((e) => e);
    c.socket.emit('plain', 1);
    expect(await early).toBeInstanceOf(SocketAckTimeoutError);
    await c.switchTo('staging', { skipHealthCheck: true }); // moves socket.io's leftovers to our buffer
    expect(c.socket.bufferedCount).toBe(2); // 'late' and 'plain'; 'early' is gone
    expect(await late).toBeInstanceOf(SocketAckTimeoutError);
    expect(c.socket.bufferedCount).toBe(1);
    stagingOpen = true;
    await staging.waitFor('plain', 1, 5_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(values(staging, 'echo')).toEqual([]);
    expect(values(production, 'echo')).toEqual([]);
  });

  it('fails over to staging when the production socket server dies', async () => {
    const c = makeClient();
    const changes: string[] = [];
    c.onEnvironmentChanged((to, from) => {
      changes.push(`${from}->${to}`);
    });
    await c.socket.connect();
    await production.kill();
    // Emits handed to the dying connection are at most once; those made once the socket knows are buffered.
    const ticker = setInterval(() => c.socket.emit('probe'), 5);
    try {
      await staging.waitFor('probe', 1, 10_000);
    } finally {
      clearInterval(ticker);
    }
    expect(c.currentEnvironment).toBe('staging');
    expect(c.socket.environment).toBe('staging');
    expect(changes).toEqual(['production->staging']);
    expect(c.socket.connected).toBe(true);
  });

  it('moves the socket when an HTTP failure switches the environment', async () => {
    await production.close();
    production = await startSocketServer(undefined, { apiStatus: 503 }); // socket server fine, API failing
    const c = makeClient();
    await c.socket.connect();
    expect(c.socket.environment).toBe('production');
    const response = await c.http.request({ endpoint: '/api/items' });
    expect(response.environment).toBe('staging');
    expect(c.socket.environment).toBe('staging');
    c.socket.emit('moved', 'yes');
    await staging.waitFor('moved', 1, 10_000);
    expect(values(production, 'moved')).toEqual([]);
  });
});

function count(server: TestSocketServer, event: string): number {
  let n = 0;
  for (const e of server.received) if (e[0] === event) n++;
  return n;
}

function values(server: TestSocketServer, event: string): unknown[] {
  return server.received.filter((e) => e[0] === event).map((e) => e[1]);
}

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
