// Small real servers and a capturing logger for the contract tests (no mocks).
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Logger } from 'matryoshka-pipeline';

export interface Hit {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export type Reply = (hit: Hit, res: http.ServerResponse) => void;

export interface TestEnv {
  url: string;
  port: number;
  hits: Hit[];
  /** Requests other than GET /health. */
  readonly apiHits: Hit[];
  reply: Reply;
  close(): Promise<void>;
}

export const json =
  (status: number, value: unknown): Reply =>
  (_hit, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(value));
  };

/** Answers with `reply` after `ms`, unless the client went away first (no timer left behind). */
export const later =
  (ms: number, reply: Reply): Reply =>
  (hit, res) => {
    const timer = setTimeout(() => reply(hit, res), ms);
    res.on('close', () => clearTimeout(timer));
  };

/** A node:http server on 127.0.0.1:0; /health answers 200 unless `reply` handles it differently. */
export async function startEnv(reply: Reply = json(200, { ok: true })): Promise<TestEnv> {
  const hits: Hit[] = [];
  const sockets = new Set<Socket>();
  const env: TestEnv = {
    url: '',
    port: 0,
    hits,
    get apiHits() {
      return hits.filter((h) => !h.url.startsWith('/health'));
    },
    reply,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const hit = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) };
      hits.push(hit);
      env.reply(hit, res);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  env.port = (server.address() as AddressInfo).port;
  env.url = `http://127.0.0.1:${env.port}`;
  return env;
}

/** A URL whose port refuses connections (a server that was started and closed). */
export async function deadUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

export interface Captured {
  level: string;
  obj: unknown;
  msg: string | undefined;
}

export function captureLogger(): Logger & { lines: Captured[]; text(): string } {
  const lines: Captured[] = [];
  const at =
    (level: string) =>
    (objOrMsg: object | string, msg?: string): void => {
      lines.push(
        typeof objOrMsg === 'string' ? { level, obj: undefined, msg: objOrMsg } : { level, obj: objOrMsg, msg },
      );
    };
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    text: () =>
      lines
        .map((l) => {
          let obj = '';
          try {
            obj = JSON.stringify(l.obj, (_k, v) => (v instanceof Error ? { message: v.message } : v));
          } catch {
            obj = String(l.obj);
          }
          return `${l.level} ${obj} ${l.msg ?? ''}`;
        })
        .join('\n'),
  };
}

export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it is true (or fails after `timeoutMs`). */
export async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await delay(10);
  }
}
