// Requests per second of a hello world: bare node:http, Matryoshka's serve + a three-middleware
// pipeline (with FastResponse and with plain Response), and Hono on @hono/node-server with the
// equivalent three middleware. Each server runs in its own child process (one core), autocannon
// in this one (the other core). Run: npm run bench -- server (or node dist/bench/server/main.js).
import { fork, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import autocannon from 'autocannon';
import { silentLogger } from '../../src/core';
import { createMiddleware, FastResponse, HttpPipeline, logRequests, Router, serve } from '../../src/server';

const TARGETS = ['node:http (bare)', 'matryoshka (FastResponse)', 'matryoshka (Response)', 'hono'] as const;
type Target = (typeof TARGETS)[number];
const BODY = 'Hello, World!';
const WARMUP_S = 1.5;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = 3;
const CONNECTIONS = 10;

/** The three middleware: a request logger, a response-header setter, a request-header check. */
function matryoshkaApp(fast: boolean) {
  const Res = fast ? FastResponse : Response;
  const router = new Router().get('/', () => new Res(BODY));
  return new HttpPipeline()
    .addMiddleware(logRequests({ logger: silentLogger }))
    .addMiddleware(
      createMiddleware({
        responseHandler: (response) => {
          response.headers.set('x-bench', '1');
          return response;
        },
      }),
    )
    .addMiddleware(
      createMiddleware({
        requestHandler: (request) =>
          request.headers.get('x-deny') ? new Res('denied', { status: 403 }) : undefined,
      }),
    )
    .addHandler(router);
}

async function startTarget(target: Target): Promise<number> {
  switch (target) {
    case 'node:http (bare)': {
      const server = http.createServer((_req, res) => {
        res.writeHead(200, {
          'content-type': 'text/plain;charset=UTF-8',
          'content-length': String(BODY.length),
        });
        res.end(BODY);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return (server.address() as AddressInfo).port;
    }
    case 'matryoshka (FastResponse)':
    case 'matryoshka (Response)':
      return (await serve(matryoshkaApp(target === 'matryoshka (FastResponse)'), { port: 0 })).port;
    case 'hono': {
      // Loaded only here so the other children do not pay for (or get patched by) Hono.
      const { Hono } = await import('hono');
      const { logger } = await import('hono/logger');
      const { serve: honoServe } = await import('@hono/node-server');
      const app = new Hono();
      app.use(logger(() => undefined));
      app.use(async (c, next) => {
        await next();
        c.header('x-bench', '1');
      });
      app.use(async (c, next) => {
        if (c.req.header('x-deny')) return c.text('denied', 403);
        await next();
      });
      app.get('/', (c) => c.text(BODY));
      return new Promise<number>((resolve) => {
        honoServe({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port));
      });
    }
  }
}

interface Child {
  child: ChildProcess;
  port: number;
  /** The child's CPU time (user + system), in µs. */
  cpu(): Promise<number>;
}

function spawnTarget(target: Target): Promise<Child> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--serve', target], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const cpu = (): Promise<number> =>
      new Promise((done) => {
        child.once('message', (m) => done(Number(m)));
        child.send('cpu');
      });
    child.once('message', (port) => resolve({ child, port: Number(port), cpu }));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${target} exited with ${code}`)));
  });
}

interface Sample {
  rps: number;
  cpuPerRequestUs: number;
  errors: number;
}

async function run(child: Child, seconds: number): Promise<Sample> {
  const url = `http://127.0.0.1:${child.port}/`;
  const before = await child.cpu();
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds });
  const cpu = (await child.cpu()) - before;
  return {
    rps: result.requests.average,
    cpuPerRequestUs: cpu / Math.max(1, result.requests.total),
    errors: result.errors + result.non2xx,
  };
}

async function main(): Promise<void> {
  const serveIndex = process.argv.indexOf('--serve');
  if (serveIndex >= 0) {
    const port = await startTarget(process.argv[serveIndex + 1] as Target);
    process.on('message', () => {
      const usage = process.cpuUsage();
      process.send?.(usage.user + usage.system);
    });
    process.send?.(port);
    process.once('disconnect', () => process.exit(0));
    return;
  }
  console.log(
    `server bench: hello world, ${CONNECTIONS} connections, ${WARMUP_S}s warmup then ${ROUNDS} interleaved rounds of ${DURATION_S}s per target; node ${process.version}, ${os.cpus().length} cores`,
  );
  const children = new Map<Target, Child>();
  try {
    for (const target of TARGETS) {
      const child = await spawnTarget(target);
      children.set(target, child);
      const probe = await fetch(`http://127.0.0.1:${child.port}/`);
      const text = await probe.text();
      if (probe.status !== 200 || text !== BODY)
        throw new Error(`${target} answered ${probe.status} ${text}`);
      await autocannon({
        url: `http://127.0.0.1:${child.port}/`,
        connections: CONNECTIONS,
        duration: WARMUP_S,
      });
    }
    // Interleaved rounds: a burst of load from elsewhere on the machine hits one round, not one target.
    const samples = new Map<Target, Sample[]>(TARGETS.map((t) => [t, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const target of TARGETS) samples.get(target)!.push(await run(children.get(target)!, DURATION_S));
    }
    // Median round per target (by req/s), with the min–max spread, as the other benches report.
    const median = new Map<Target, Sample>();
    for (const target of TARGETS) {
      const list = [...samples.get(target)!].sort((a, b) => a.rps - b.rps);
      const mid = list[Math.floor(list.length / 2)];
      median.set(target, mid);
      const spread = `${Math.round(list[0].rps)}–${Math.round(list[list.length - 1].rps)}`;
      console.log(
        `${target.padEnd(28)} ${Math.round(mid.rps).toString().padStart(6)} req/s (min–max ${spread})  server CPU ${mid.cpuPerRequestUs.toFixed(1)} µs/req  errors ${list.reduce((n, s) => n + s.errors, 0)}`,
      );
    }
    const bare = median.get('node:http (bare)')!;
    const hono = median.get('hono')!;
    console.log('\nratios of medians (req/s; server CPU per request in brackets, lower is better):');
    for (const target of TARGETS) {
      const s = median.get(target)!;
      console.log(
        `${target.padEnd(28)} ${(s.rps / bare.rps).toFixed(2)}x bare  ${(s.rps / hono.rps).toFixed(2)}x hono   [${(s.cpuPerRequestUs / bare.cpuPerRequestUs).toFixed(2)}x bare CPU]`,
      );
    }
  } finally {
    for (const { child } of children.values()) {
      child.removeAllListeners('exit');
      child.kill();
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
