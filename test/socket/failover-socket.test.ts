import { FailoverClient } from '../../src/client';
import type { EnvironmentConfig } from '../../src/client';
import type { FailoverSocket } from '../../src/socket/failover-socket';
import { MatryoshkaError } from '../../src/core';
import {
  SocketAckTimeoutError,
  SocketBufferOverflowError,
  SocketError,
  SocketClosedError,
  SocketUnreachableError,
} from '../../src/socket/errors';
import { startSocketServer, type TestSocketServer } from './socket-servers';

const fast = {
  transports: ['websocket'],
  reconnectionDelay: 20,
  reconnectionDelayMax: 40,
  reconnectionAttempts: 2,
};

// The socket alone: a real FailoverClient with one environment, so there is nowhere to fail over to.
describe('FailoverSocket on one environment', () => {
  let server: TestSocketServer;
  const clients: FailoverClient[] = [];
  const clientFor = (config: EnvironmentConfig, options?: { maxBufferedEmits?: number }) => {
    const client = new FailoverClient({ environments: { local: config }, socket: options });
    clients.push(client);
    return client;
  };
  const make = (config: EnvironmentConfig, options?: { maxBufferedEmits?: number }): FailoverSocket =>
    clientFor(config, options).socket;
  // reportUnreachable marks the environment down; untouched, its health stays unknown (null).
  const reportedUnreachable = (client: FailoverClient) =>
    client.getStats().environments.local.healthy === false;

  beforeAll(async () => {
    server = await startSocketServer((socket) => {
      socket.on('echo', (payload: unknown, ack: (r: unknown) => void) => ack({ echoed: payload }));
      socket.on('silent', () => undefined);
      socket.on('hello', () => socket.emit('welcome', 'hi'));
    });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  afterAll(() => server.close());

  it('connects at start where enableSocket is set, and reports connected truly', async () => {
    const socket = make({ apiUrl: server.url, enableSocket: true, socketOptions: fast });
    expect(socket.connected).toBe(false);
    await socket.connect();
    expect(socket.connected).toBe(true);
    await socket.close();
    expect(socket.connected).toBe(false);
  });

  it('stays idle without enableSocket until connect() is called', async () => {
    const socket = make({ apiUrl: server.url, socketOptions: fast });
    await new Promise((r) => setTimeout(r, 50));
    expect(socket.environment).toBeUndefined();
    await socket.connect();
    expect(socket.connected).toBe(true);
  });

  it('sends auth in the socket.io auth payload, never in the URL', async () => {
    const before = server.auths.length;
    const socket = make({ apiUrl: server.url, apiKey: 'sekret-key', socketOptions: fast });
    await socket.connect();
    expect(server.auths[before]).toEqual({ apiKey: 'sekret-key' });
    const urls = (await server.io.fetchSockets()).map((s) => s.handshake.url);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url).not.toContain('sekret');
  });

  it('buffers emits made before connecting and delivers them in order', async () => {
    const socket = make({ apiUrl: server.url, socketOptions: fast });
    for (let i = 0; i < 100; i++) socket.emit('buffered', i);
    expect(socket.bufferedCount).toBe(100);
    await socket.connect();
    await server.waitFor('buffered', 100);
    const got = server.received.filter((e) => e[0] === 'buffered').map((e) => e[1]);
    expect(got).toEqual([...Array(100).keys()]);
  });

  it('refuses an emit past the buffer bound with a SocketBufferOverflowError', () => {
    const socket = make({ apiUrl: server.url, socketOptions: fast }, { maxBufferedEmits: 3 });
    socket.emit('x', 1).emit('x', 2).emit('x', 3);
    expect(() => socket.emit('x', 4)).toThrow(SocketBufferOverflowError);
    expect(() => socket.emit('x', 4)).toThrow(/"x" refused: 3 emits are already buffered/);
    const overflow = (() => {
      try {
        socket.emit('x', 4);
      } catch (e) {
        return e;
      }
    })();
    expect(overflow).toBeInstanceOf(SocketError);
    expect(overflow).toBeInstanceOf(MatryoshkaError); // caught with every other Matryoshka error
    expect(overflow).toMatchObject({ name: 'SocketBufferOverflowError' });
    return expect(socket.emitWithAck('echo', 1)).rejects.toBeInstanceOf(SocketBufferOverflowError);
  });

  it('resolves emitWithAck with the ack and rejects a missing ack with SocketAckTimeoutError', async () => {
    const socket = make({ apiUrl: server.url, socketOptions: fast });
    await socket.connect();
    await expect(socket.emitWithAck('echo', 'ping', { timeoutMs: 2_000 })).resolves.toEqual({
      echoed: 'ping',
    });
    const started = Date.now();
    const error = await socket.emitWithAck('silent', 1, { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SocketAckTimeoutError);
    expect(error).toMatchObject({ event: 'silent', timeoutMs: 100, environment: 'local' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
  });

  it('times out an ack buffered past its deadline and never sends it', async () => {
    const socket = make({ apiUrl: server.url, socketOptions: fast });
    const error = await socket.emitWithAck('echo', 'late', { timeoutMs: 30 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SocketAckTimeoutError);
    expect(socket.bufferedCount).toBe(0);
  });

  it('delivers server events to listeners and honours off()', async () => {
    const socket = make({ apiUrl: server.url, socketOptions: fast });
    const got: unknown[] = [];
    const listener = (m: unknown) => got.push(m);
    socket.on('welcome', listener).on('welcome', listener); // attached once
    await socket.connect();
    socket.emit('hello');
    await until(() => got.length === 1);
    socket.off('welcome', listener);
    socket.emit('hello');
    await server.waitFor('hello', 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(got).toEqual(['hi']);
  });

  it('rejects pending acks and later emits after close', async () => {
    const socket = make({ apiUrl: server.url, socketOptions: fast });
    await socket.connect();
    const pending = socket.emitWithAck('silent', 1, { timeoutMs: 5_000 }).catch((e: unknown) => e);
    await socket.close();
    expect(await pending).toBeInstanceOf(SocketClosedError);
    expect(socket.connected).toBe(false);
    expect(() => socket.emit('after', 1)).toThrow(SocketClosedError);
    await expect(socket.connect()).rejects.toBeInstanceOf(SocketClosedError);
  });

  it('reconnects within its environment after an outage, delivering what was emitted meanwhile', async () => {
    const flaky = await startSocketServer((socket) =>
      socket.on('hello', () => socket.emit('welcome', 'again')),
    );
    const port = Number(new URL(flaky.url).port);
    const client = clientFor({ apiUrl: flaky.url, socketOptions: { ...fast, reconnectionAttempts: 50 } });
    const socket = client.socket;
    const welcomes: unknown[] = [];
    socket.on('welcome', (m) => welcomes.push(m));
    await socket.connect();
    await flaky.kill();
    await until(() => !socket.connected);
    socket.emit('during-outage', 1).emit('during-outage', 2).emit('hello');
    const revived = await startSocketServer((s) => s.on('hello', () => s.emit('welcome', 'again')), { port });
    try {
      await revived.waitFor('during-outage', 2, 5_000);
      expect(revived.received.map((e) => e.slice(0, 2))).toEqual([
        ['during-outage', 1],
        ['during-outage', 2],
        ['hello'],
      ]);
      await until(() => welcomes.length === 1);
      expect(reportedUnreachable(client)).toBe(false);
    } finally {
      await socket.close();
      await revived.close();
    }
  });

  it('reports the environment unreachable after the configured attempts, and rejects connect()', async () => {
    const dead = await startSocketServer();
    await dead.kill();
    const client = clientFor({ apiUrl: dead.url, apiKey: 'never-logged-key', socketOptions: fast });
    const error = await client.socket.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SocketUnreachableError);
    expect(reportedUnreachable(client)).toBe(true);
    expect(String((error as Error).message)).not.toContain('never-logged-key');
  });

  it('treats a refusal by the server (auth middleware) as an answer: no failover', async () => {
    const guarded = await startSocketServer();
    guarded.io.use((s, next) =>
      s.handshake.auth.apiKey === 'right' ? next() : next(new Error('unauthorized')),
    );
    const client = clientFor({ apiUrl: guarded.url, apiKey: 'wrong', socketOptions: fast });
    const socket = client.socket;
    try {
      const error = await socket.connect().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SocketUnreachableError);
      expect(((error as Error).cause as Error).message).toContain('unauthorized');
      expect(reportedUnreachable(client)).toBe(false);
    } finally {
      await socket.close();
      await guarded.close();
    }
  });

  it('keeps a provider token out of logs and errors when the server echoes it in a refusal', async () => {
    const guarded = await startSocketServer();
    const presented: unknown[] = [];
    guarded.io.use((s, next) => {
      presented.push(s.handshake.auth.token);
      next(new Error(`token ${String(s.handshake.auth.token)} is revoked`));
    });
    const lines: string[] = [];
    const record = (level: string) => (obj: object | string, msg?: string) =>
      lines.push(`${level} ${msg ?? ''} ${JSON.stringify(obj)}`);
    let issued = 0;
    const client = new FailoverClient({
      environments: {
        local: { apiUrl: guarded.url, bearerToken: () => `provided-token-${++issued}`, socketOptions: fast },
      },
      logger: { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') },
    });
    clients.push(client);
    try {
      const error = (await client.socket.connect().catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(SocketUnreachableError);
      expect(presented[0]).toBe('provided-token-1');
      const refusal = lines.find((l) => l.includes('refused'));
      expect(refusal).toContain('is revoked'); // the server's message is kept, the token is not
      const cause = (error.cause as Error).message;
      expect(cause).toContain('is revoked');
      for (const text of [...lines, error.message, cause, String(error.stack)]) {
        expect(text).not.toContain('provided-token');
      }
    } finally {
      await client.socket.close();
      await guarded.close();
    }
  });

  it('close() leaves no open handle, with socket.io default transports (polling, then upgrade)', async () => {
    const handles = () =>
      process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'Timeout').length;
    await new Promise((r) => setTimeout(r, 50));
    const baseline = handles();
    const client = new FailoverClient({
      environments: { local: { apiUrl: server.url, enableSocket: true } },
    });
    await client.socket.connect();
    await client.socket.emitWithAck('echo', 'x', { timeoutMs: 2_000 });
    expect(handles()).toBeGreaterThan(baseline);
    await client.close();
    await until(() => handles() <= baseline, 2_000);
  });
});

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
