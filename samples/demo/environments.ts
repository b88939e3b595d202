// The three local environments of the demo: each one an HTTP server (our Shelf-style `serve` with
// a Router) and a socket.io server on the same 127.0.0.1 port, with controls to kill it (a refusing
// port), slow it down and bring it back on the same port. They share one ledger, as replicas of one
// backend share a database, so the demo can prove that nothing was lost.
import type { Socket as NetSocket } from 'node:net';
import { Server as SocketServer } from 'socket.io';
import { FastResponse, Router, serve, type Logger, type RunningServer } from '../../src';

/** What each environment accepts as credentials (fake, obviously). */
export interface EnvironmentAuth {
  /** Header name (lower case) and the exact value expected. */
  header: string;
  value: string;
  /** The socket.io handshake's auth payload must carry this field with `socketValue`. */
  socketField: 'apiKey' | 'token';
  socketValue: string;
}

/** One order as the ledger keeps it. */
export interface OrderReceipt {
  orderId: string;
  sku: string;
  quantity: number;
  servedBy: string;
}

export interface ChatAck {
  ok: true;
  servedBy: string;
}

export interface Price {
  sku: string;
  cents: number;
  servedBy: string;
  /** Set by the GetPrice fallback: a cached price, not a fresh one. */
  stale?: boolean;
}

/**
 * The backend's shared state. Writes are idempotent: an order is keyed by its idempotency key and
 * a chat message by its id, so a retry that reached the server twice is absorbed, not doubled.
 */
export class Ledger {
  readonly orders = new Map<string, OrderReceipt>();
  readonly chats = new Map<string, string>();
  /** Writes that arrived a second time (a retry or a failover after the first one was processed). */
  duplicates = 0;

  placeOrder(key: string, sku: string, quantity: number, servedBy: string): OrderReceipt {
    const existing = this.orders.get(key);
    if (existing) {
      this.duplicates++;
      return existing;
    }
    const receipt = { orderId: `ord-${this.orders.size + 1}`, sku, quantity, servedBy };
    this.orders.set(key, receipt);
    return receipt;
  }

  postChat(id: string, text: string): void {
    if (this.chats.has(id)) this.duplicates++;
    else this.chats.set(id, text);
  }
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const json = (body: unknown, status = 200): Response =>
  new FastResponse(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A quiet logger for the servers: handler errors are counted, not printed over the live view. */
function countingLogger(onError: (message: string) => void): Logger {
  const ignore = (): void => undefined;
  return {
    debug: ignore,
    info: ignore,
    warn: ignore,
    error: (obj, msg) => onError(typeof obj === 'string' ? obj : (msg ?? 'error')),
  };
}

/**
 * One environment: `url` stays the same for its whole life (the port is kept across kill and
 * revive, as a real host name would be).
 */
export class LocalEnvironment {
  /** Added to every HTTP answer and socket ack while > 0. */
  latencyMs = 0;
  up = false;
  /** HTTP requests and socket events this environment answered. */
  served = 0;
  serverErrors = 0;
  private running: RunningServer | undefined;
  private io: SocketServer | undefined;
  private readonly connections = new Set<NetSocket>();
  private port = 0;

  constructor(
    readonly name: string,
    private readonly auth: EnvironmentAuth,
    private readonly ledger: Ledger,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts listening (on a free port the first time, on the same port afterwards). */
  async start(): Promise<void> {
    if (this.up) return;
    const running = await serve(this.router().handler, {
      port: this.port,
      host: '127.0.0.1',
      logger: countingLogger(() => this.serverErrors++),
    });
    this.port = running.port;
    running.server.on('connection', (socket: NetSocket) => {
      this.connections.add(socket);
      socket.once('close', () => this.connections.delete(socket));
    });
    const io = new SocketServer(running.server, { transports: ['websocket'] });
    io.use((socket, next) => {
      const given = (socket.handshake.auth as Record<string, unknown>)[this.auth.socketField];
      next(given === this.auth.socketValue ? undefined : new Error('unauthorized'));
    });
    io.on('connection', (socket) => {
      socket.on('chat', async (message: { id: string; text: string }, ack?: (answer: ChatAck) => void) => {
        if (this.latencyMs > 0) await delay(this.latencyMs);
        if (!this.up || socket.disconnected) return; // died meanwhile: the ack never comes
        this.ledger.postChat(message.id, message.text);
        this.served++;
        ack?.({ ok: true, servedBy: this.name });
      });
    });
    this.running = running;
    this.io = io;
    this.up = true;
  }

  /** A crash: the port refuses connections and every open connection is cut mid-flight. */
  async kill(): Promise<void> {
    if (!this.up) return;
    this.up = false;
    const io = this.io!;
    const server = this.running!.server;
    this.io = undefined;
    this.running = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.connections) socket.destroy();
    this.connections.clear();
    io.close(); // socket.io's engine and its http server (already closing)
    await closed;
  }

  /** Listens again on the same port. */
  revive(): Promise<void> {
    return this.start();
  }

  /** Stops for good (the end of the demo). */
  close(): Promise<void> {
    return this.kill();
  }

  private authorized(request: Request): boolean {
    return request.headers.get(this.auth.header) === this.auth.value;
  }

  private router(): Router {
    // Every answer waits `latencyMs` first: "slow" means slow everywhere, health checks included.
    const slow = async <T>(answer: () => T | Promise<T>): Promise<T> => {
      if (this.latencyMs > 0) await delay(this.latencyMs);
      return answer();
    };
    return new Router()
      .get('/health', () => slow(() => new FastResponse('ok')))
      .get('/prices/:sku', (request, info) =>
        slow(() => {
          if (!this.authorized(request)) return json({ error: 'unauthorized' }, 401);
          this.served++;
          const sku = info.params.sku;
          const cents = 100 + [...sku].reduce((sum, c) => sum + c.charCodeAt(0), 0);
          return json({ sku, cents, servedBy: this.name } satisfies Price);
        }),
      )
      .post('/orders', async (request) => {
        if (!this.authorized(request)) return json({ error: 'unauthorized' }, 401);
        const key = request.headers.get('idempotency-key');
        const body = (await request.json()) as { sku: string; quantity: number };
        return slow(() => {
          if (!key) return json({ error: 'idempotency-key header required' }, 400);
          this.served++;
          return json(this.ledger.placeOrder(key, body.sku, body.quantity, this.name), 201);
        });
      });
  }
}

/** The demo's three environments and their (fake) credentials. */
export interface Environments {
  production: LocalEnvironment;
  staging: LocalEnvironment;
  development: LocalEnvironment;
  ledger: Ledger;
  all: LocalEnvironment[];
  closeAll(): Promise<void>;
}

/** The credentials each environment expects; the client config in main.ts sends exactly these. */
export const CREDENTIALS = {
  production: { apiKey: 'demo-prod-key-not-secret' },
  staging: { token: 'demo-staging-id-token-not-secret' },
  development: { header: 'X-Dev-Key', apiKey: 'demo-dev-key' },
} as const;

export async function startEnvironments(): Promise<Environments> {
  const ledger = new Ledger();
  const production = new LocalEnvironment(
    'production',
    {
      header: 'x-api-key',
      value: CREDENTIALS.production.apiKey,
      socketField: 'apiKey',
      socketValue: CREDENTIALS.production.apiKey,
    },
    ledger,
  );
  const staging = new LocalEnvironment(
    'staging',
    {
      header: 'authorization',
      value: `Bearer ${CREDENTIALS.staging.token}`,
      socketField: 'token',
      socketValue: CREDENTIALS.staging.token,
    },
    ledger,
  );
  const development = new LocalEnvironment(
    'development',
    {
      header: 'x-dev-key',
      value: CREDENTIALS.development.apiKey,
      socketField: 'apiKey',
      socketValue: CREDENTIALS.development.apiKey,
    },
    ledger,
  );
  const all = [production, staging, development];
  await Promise.all(all.map((env) => env.start()));
  return {
    production,
    staging,
    development,
    ledger,
    all,
    closeAll: async () => {
      await Promise.all(all.map((env) => env.close()));
    },
  };
}
