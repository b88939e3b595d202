// Real node:http servers on 127.0.0.1 standing in for environments, with switchable behaviour.
import * as http from 'node:http';
import * as net from 'node:net';
import { FailoverClient, type EnvironmentConfig, type FailoverClientOptions } from '../../../src';

export interface Recorded {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type Behaviour = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

export interface EnvServer {
  name: string;
  url: string;
  port: number;
  server: http.Server;
  /** Every request that reached the handler (health probes included). */
  requests: Recorded[];
  /** Requests excluding /health probes. */
  readonly hits: Recorded[];
  behave(behaviour: Behaviour): void;
  /** Stop listening and destroy every connection (a crash): later connects are refused. */
  kill(): Promise<void>;
  /** Listen again on the same port. */
  revive(): Promise<void>;
}

/** Answers 200 with `{ env, method, url, body }`. */
export const echo =
  (name: string): Behaviour =>
  (req, res, body) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ env: name, method: req.method, url: req.url, body }));
  };

export async function startEnv(name: string, behaviour?: Behaviour, collectBody = true): Promise<EnvServer> {
  let current: Behaviour = behaviour ?? echo(name);
  const requests: Recorded[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    if (!collectBody) {
      requests.push({ method: req.method!, url: req.url!, headers: req.headers, body: '' });
      current(req, res, '');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      current(req, res, body);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await listen(server, 0);
  const port = (server.address() as net.AddressInfo).port;
  const env: EnvServer = {
    name,
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    requests,
    get hits() {
      return requests.filter((r) => !r.url.startsWith('/health'));
    },
    behave(b) {
      current = b;
    },
    async kill() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
    async revive() {
      await listen(server, port);
    },
  };
  return env;
}

function listen(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** A URL whose port refuses connections: bound, then closed. */
export async function refusingUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

export type ThreeEnvName = 'production' | 'staging' | 'development';

export type ThreeEnvs = Record<ThreeEnvName, EnvServer> & { all: EnvServer[] };

/** Three environments: production, staging, development (all echoing). */
export async function threeEnvs(): Promise<ThreeEnvs> {
  const [production, staging, development] = await Promise.all([
    startEnv('production'),
    startEnv('staging'),
    startEnv('development'),
  ]);
  return { production, staging, development, all: [production, staging, development] };
}

/** Stops every server (already-killed ones included). */
export async function stopAll(envs: EnvServer[]): Promise<void> {
  await Promise.all(
    envs.map(
      (e) =>
        new Promise<void>((resolve) => {
          e.server.closeAllConnections();
          if (!e.server.listening) return resolve();
          e.server.close(() => resolve());
        }),
    ),
  );
}

/** Never answers (the request hangs until the client gives up). */
export const silent: Behaviour = () => undefined;

/** Answers `status` with a small JSON body. */
export const status =
  (code: number, name = 'env'): Behaviour =>
  (_req, res) => {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ env: name, status: code }));
  };

/**
 * `environments` for a FailoverClient over the three servers, declared production, staging, development.
 * `shared` is given to every environment; `perEnv` to one (after `shared`, and it may replace `apiUrl`).
 */
export function threeEnvConfig(
  envs: Record<ThreeEnvName, { url: string }>,
  perEnv: Partial<Record<ThreeEnvName, Partial<EnvironmentConfig>>> = {},
  shared: Partial<Omit<EnvironmentConfig, 'apiUrl'>> = {},
): Record<ThreeEnvName, EnvironmentConfig> {
  const one = (name: ThreeEnvName): EnvironmentConfig => ({
    apiUrl: envs[name].url,
    ...shared,
    ...perEnv[name],
  });
  return { production: one('production'), staging: one('staging'), development: one('development') };
}

/**
 * Registers a beforeEach that starts {@link threeEnvs} and an afterEach that closes every client made or
 * tracked during the test, then stops the servers.
 */
export function useThreeEnvs(): {
  /** This test's servers (started by beforeEach). */
  readonly envs: ThreeEnvs;
  /** A FailoverClient closed after the test. */
  client(options: FailoverClientOptions): FailoverClient;
  /** Closes `closable` after the test (before the servers stop). */
  track<T extends { close(): Promise<void> }>(closable: T): T;
} {
  let current: ThreeEnvs | undefined;
  let open: { close(): Promise<void> }[] = [];
  beforeEach(async () => {
    current = await threeEnvs();
  });
  afterEach(async () => {
    const closing = open;
    open = [];
    for (const closable of closing) await closable.close();
    if (current) await stopAll(current.all);
    current = undefined;
  });
  const track = <T extends { close(): Promise<void> }>(closable: T): T => {
    open.push(closable);
    return closable;
  };
  return {
    get envs() {
      if (!current) throw new Error('useThreeEnvs: the servers exist only inside a test');
      return current;
    },
    client: (options) => track(new FailoverClient(options)),
    track,
  };
}
