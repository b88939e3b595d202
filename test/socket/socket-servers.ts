// Real socket.io servers on 127.0.0.1 for the socket tests: one per environment, each also answering
// GET /health so the FailoverClient's health checks see it alive.
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo, Socket as NetSocket } from 'node:net';
import { Server, type ServerOptions, type Socket } from 'socket.io';

export interface TestSocketServer {
  readonly url: string;
  readonly io: Server;
  /** Every event received, as [event, ...args] (ack callbacks left out), seen by `onAny` as it is decoded. */
  readonly received: unknown[][];
  /**
   * Events of the names in `options.handle` as a server's `socket.on(event, handler)` gets them, as
   * [event, ...args]. socket.io runs `onAny` at once but `on` handlers a tick later, and only while
   * the socket is still connected: this is what a user's server sees.
   */
  readonly handled: unknown[][];
  /** The auth payload of each connection, in order. */
  readonly auths: unknown[];
  /** Waits until `count` events named `event` have arrived. */
  waitFor(event: string, count: number, timeoutMs?: number): Promise<void>;
  /** Sends an event to every connected client. */
  broadcast(event: string, ...args: unknown[]): void;
  /** A crash: every TCP connection destroyed, the port closed. */
  kill(): Promise<void>;
  close(): Promise<void>;
}

export async function startSocketServer(
  setup?: (socket: Socket) => void,
  options: {
    apiStatus?: number;
    port?: number;
    /** Events recorded in `handled`, through `socket.on` as a user's server would. */
    handle?: string[];
    /** Passed to socket.io's `Server` (heartbeat timings, for instance). */
    server?: Partial<ServerOptions>;
  } = {},
): Promise<TestSocketServer> {
  // GET /health is always 200; every other path answers `apiStatus` (default 200).
  const http: HttpServer = createServer((req, res) => {
    res.writeHead(req.url?.startsWith('/health') ? 200 : (options.apiStatus ?? 200)).end('ok');
  });
  const connections = new Set<NetSocket>();
  http.on('connection', (c) => {
    connections.add(c);
    c.on('close', () => connections.delete(c));
  });
  const io = new Server(http, options.server);
  const received: unknown[][] = [];
  const auths: unknown[] = [];
  const handled: unknown[][] = [];
  const waiting: { event: string; count: number; resolve: () => void }[] = [];
  const counts = new Map<string, number>();
  io.on('connection', (socket) => {
    auths.push(socket.handshake.auth);
    socket.onAny((event: string, ...args: unknown[]) => {
      const last = args[args.length - 1];
      received.push([event, ...(typeof last === 'function' ? args.slice(0, -1) : args)]);
      const n = (counts.get(event) ?? 0) + 1;
      counts.set(event, n);
      for (let i = waiting.length - 1; i >= 0; i--) {
        if (waiting[i].event === event && n >= waiting[i].count) waiting.splice(i, 1)[0].resolve();
      }
    });
    for (const event of options.handle ?? []) {
      socket.on(event, (...args: unknown[]) => void handled.push([event, ...args]));
    }
    setup?.(socket);
  });
  await new Promise<void>((resolve) => http.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  let closed = false;
  const server: TestSocketServer = {
    url: `http://127.0.0.1:${port}`,
    io,
    received,
    handled,
    auths,
    waitFor(event, count, timeoutMs = 20_000) {
      if ((counts.get(event) ?? 0) >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`only ${counts.get(event) ?? 0}/${count} "${event}" events arrived`)),
          timeoutMs,
        );
        waiting.push({ event, count, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    broadcast(event, ...args) {
      io.emit(event, ...args);
    },
    async kill() {
      if (closed) return;
      closed = true;
      for (const c of connections) c.destroy();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
    async close() {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => io.close(() => resolve()));
      for (const c of connections) c.destroy();
    },
  };
  return server;
}
