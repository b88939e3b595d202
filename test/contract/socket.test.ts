// API.md §4, client.socket and the socket side of the pipeline, in the contract's literal forms.
// Real socket.io servers on 127.0.0.1 (each also answers GET /health).
import { createServer } from 'node:http';
import type { AddressInfo, Socket as NetSocket } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { container as rootContainer } from 'tsyringe';
import {
  Command,
  CommandProcessor,
  EmitSocketEvent,
  FailoverClient,
  SocketAckTimeoutError,
  SocketRequestHandler,
  SubscriberRegistry,
  registerFailoverHandlers,
} from 'matryoshka-pipeline';
import { deadUrl, until } from './support';

interface IoServer {
  url: string;
  io: Server;
  received: unknown[][];
  close(): Promise<void>;
}

const servers: IoServer[] = [];
const clients: FailoverClient[] = [];

async function startIo(setup?: (socket: Socket) => void): Promise<IoServer> {
  const http = createServer((req, res) => {
    res.writeHead(req.url?.startsWith('/health') ? 200 : 200).end('ok');
  });
  const conns = new Set<NetSocket>();
  http.on('connection', (c) => {
    conns.add(c);
    c.on('close', () => conns.delete(c));
  });
  const io = new Server(http);
  const received: unknown[][] = [];
  io.on('connection', (socket) => {
    socket.onAny((event: string, ...args: unknown[]) => {
      const last = args[args.length - 1];
      received.push([event, ...(typeof last === 'function' ? args.slice(0, -1) : args)]);
    });
    setup?.(socket);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const server: IoServer = {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    io,
    received,
    close: async () => {
      for (const c of conns) c.destroy();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
  servers.push(server);
  return server;
}

const fast = { reconnectionAttempts: 1, reconnectionDelay: 20, reconnectionDelayMax: 20, timeout: 500 };
const newClient = (options: ConstructorParameters<typeof FailoverClient>[0]) => {
  const client = new FailoverClient(options);
  clients.push(client);
  return client;
};

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('§4 client.socket', () => {
  it('connect(), connected, emit(event, ...args), emitWithAck(event, payload, { timeoutMs }), on(event, listener), off(event, listener?)', async () => {
    const server = await startIo((socket) => {
      socket.on('save', (doc: { id: number }, ack: (r: unknown) => void) => ack({ ok: true, id: doc.id }));
      socket.on('ping-me', () => socket.emit('price', 'ACME', 42));
    });
    const client = newClient({ environments: { production: { apiUrl: server.url, socketOptions: fast } } });
    expect(client.socket.connected).toBe(false);
    await client.socket.connect();
    expect(client.socket.connected).toBe(true);

    client.socket.emit('move', 3, 4);
    await until(() => server.received.some((r) => r[0] === 'move'));
    expect(server.received.find((r) => r[0] === 'move')).toEqual(['move', 3, 4]);

    const saved = await client.socket.emitWithAck('save', { id: 9 }, { timeoutMs: 2_000 });
    expect(saved).toEqual({ ok: true, id: 9 });

    const prices: unknown[][] = [];
    const listener = (...args: unknown[]) => prices.push(args);
    client.socket.on('price', listener);
    client.socket.emit('ping-me');
    await until(() => prices.length === 1);
    expect(prices[0]).toEqual(['ACME', 42]);
    client.socket.off('price', listener);
    client.socket.emit('ping-me');
    await until(() => server.received.filter((r) => r[0] === 'ping-me').length === 2);
    await new Promise((r) => setTimeout(r, 30));
    expect(prices).toHaveLength(1);

    const other: unknown[] = [];
    client.socket.on('price', () => other.push(1));
    client.socket.off('price'); // every listener of the event
    client.socket.emit('ping-me');
    await until(() => server.received.filter((r) => r[0] === 'ping-me').length === 3);
    await new Promise((r) => setTimeout(r, 30));
    expect(other).toHaveLength(0);
  });

  it('emitWithAck without an ack in time rejects with SocketAckTimeoutError', async () => {
    const server = await startIo();
    const client = newClient({ environments: { production: { apiUrl: server.url, socketOptions: fast } } });
    await client.socket.connect();
    await expect(client.socket.emitWithAck('never-acked', { a: 1 }, { timeoutMs: 50 })).rejects.toBeInstanceOf(
      SocketAckTimeoutError,
    );
  });

  it('emits made while disconnected are buffered and delivered', async () => {
    const server = await startIo();
    const client = newClient({ environments: { production: { apiUrl: server.url, socketOptions: fast } } });
    client.socket.emit('early', 1);
    client.socket.emit('early', 2);
    await client.socket.connect();
    await until(() => server.received.filter((r) => r[0] === 'early').length === 2);
    expect(server.received.filter((r) => r[0] === 'early')).toEqual([
      ['early', 1],
      ['early', 2],
    ]);
  });

  it("on an environment switch it connects to the new environment's socket and re-attaches every listener", async () => {
    const hello = (name: string) => (socket: Socket) => socket.emit('hello', name);
    const a = await startIo(hello('a'));
    const b = await startIo(hello('b'));
    const client = newClient({
      environments: { production: { apiUrl: a.url, socketOptions: fast }, staging: { apiUrl: b.url, socketOptions: fast } },
    });
    const hellos: string[] = [];
    client.socket.on('hello', (name: string) => hellos.push(name));
    await client.socket.connect();
    await until(() => hellos.includes('a'));
    expect(await client.switchTo('staging', { skipHealthCheck: true })).toBe(true);
    await until(() => hellos.includes('b'));
    client.socket.emit('after-switch', 'x');
    await until(() => b.received.some((r) => r[0] === 'after-switch'));
    expect(a.received.some((r) => r[0] === 'after-switch')).toBe(false);
  });

  it('a socket that cannot reach its environment drives the same failover as HTTP', async () => {
    const dead = await deadUrl();
    const b = await startIo();
    const client = newClient({
      environments: {
        production: { apiUrl: dead, socketOptions: fast },
        staging: { apiUrl: b.url, socketOptions: fast },
      },
    });
    const changes: string[] = [];
    client.onEnvironmentChanged((to, from) => {
      changes.push(`${from}->${to}`);
    });
    await client.socket.connect();
    expect(client.socket.connected).toBe(true);
    expect(client.currentEnvironment).toBe('staging');
    expect(changes).toEqual(['production->staging']);
  });
});

describe('§4 socket through the pipeline', () => {
  it('EmitSocketEvent sent through a processor (registerFailoverHandlers), with and without ack', async () => {
    const server = await startIo((socket) => {
      socket.on('save', (doc: unknown, ack: (r: unknown) => void) => ack({ saved: doc }));
    });
    const client = newClient({ environments: { production: { apiUrl: server.url, socketOptions: fast } } });
    const container = rootContainer.createChildContainer();
    container.registerInstance(FailoverClient, client);
    const processor = new CommandProcessor({ subscribers: registerFailoverHandlers(new SubscriberRegistry()), container });
    await client.socket.connect();
    await processor.send(new EmitSocketEvent('chat', { room: 'general', text: 'hi' }));
    await until(() => server.received.some((r) => r[0] === 'chat'));
    expect(server.received.find((r) => r[0] === 'chat')).toEqual(['chat', { room: 'general', text: 'hi' }]);
    const saved = await processor.send(new EmitSocketEvent<{ saved: unknown }>('save', { n: 1 }, { ack: true, timeoutMs: 2_000 }));
    expect(saved).toEqual({ saved: { n: 1 } });
  });

  it('SocketRequestHandler subclasses use this.socket of the FailoverClient registered in the container', async () => {
    const server = await startIo((socket) => {
      socket.on('chat', (msg: string, ack: (r: string) => void) => ack(`got ${msg}`));
    });
    class PostChat extends Command<string> {
      constructor(readonly message: string) {
        super();
      }
    }
    class PostChatHandler extends SocketRequestHandler<PostChat> {
      async handle(command: PostChat) {
        return this.socket.emitWithAck<string>('chat', command.message, { timeoutMs: 2_000 });
      }
    }
    const client = newClient({ environments: { production: { apiUrl: server.url, socketOptions: fast } } });
    const container = rootContainer.createChildContainer();
    container.registerInstance(FailoverClient, client);
    const processor = new CommandProcessor({ subscribers: new SubscriberRegistry().register(PostChat, PostChatHandler), container });
    await client.socket.connect();
    await expect(processor.send(new PostChat('hello'))).resolves.toBe('got hello');
  });
});
