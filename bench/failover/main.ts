// Failover benchmark: client.http.request against the strongest thing a careful user would write
// instead — a bare undici Pool to the same origin — side by side in one run, the HTTP servers in a
// separate process. Every contender sends a new request per call and reads the whole body.
//   (a) throughput at concurrency 1 and 50, with CPU per request of this (client) process;
//   (b) production refusing connections, its breaker open: p50 of a request vs a direct Pool
//       request to staging (and a plain "try each base URL with fetch" loop, for comparison).
// Run: `npm run bench -- failover` (or `npx tsc -p tsconfig.build.json && node dist/bench/failover/main.js`).
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { FailoverClient } from '../../src/client';
import { formatOps, machineLine, markdownTable, median } from '../shared/harness';

const API_KEY = 'bench-key';
const BODY = JSON.stringify({ id: 42, name: 'Ada', roles: ['admin', 'dev'] });
const ROUNDS = 15;
const ROUND_MS = 250;
const LATENCY_SAMPLES = 3_000;
const TARGET_THROUGHPUT = 0.95;
const TARGET_BREAKER_P50 = 1.05;

/** Child process: two keep-alive JSON servers (staging, development); prints their ports. */
function runServers(): void {
  const ports: number[] = [];
  let started = 0;
  for (let i = 0; i < 2; i++) {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BODY) });
      res.end(BODY);
    });
    server.keepAliveTimeout = 60_000;
    server.listen(0, '127.0.0.1', () => {
      ports[i] = (server.address() as AddressInfo).port;
      if (++started === 2) process.send!({ ports });
    });
  }
}

interface Servers {
  child: ChildProcess;
  staging: string;
  development: string;
  refusing: string;
}

async function startServers(): Promise<Servers> {
  const child = fork(__filename, ['--servers'], { stdio: 'inherit' });
  const ports = await new Promise<number[]>((resolve) =>
    child.once('message', (m: { ports: number[] }) => resolve(m.ports)),
  );
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const refusing = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return {
    child,
    staging: `http://127.0.0.1:${ports[0]}`,
    development: `http://127.0.0.1:${ports[1]}`,
    refusing: `http://127.0.0.1:${refusing}`,
  };
}

interface Contender {
  name: string;
  run: () => Promise<unknown>;
}

/** `concurrency` loops, each awaiting one call after another, for about `ms`: ops, wall ns, CPU µs. */
async function runFor(
  run: () => Promise<unknown>,
  ms: number,
  concurrency: number,
): Promise<{ ops: number; ns: number; cpuUs: number }> {
  const deadline = performance.now() + ms;
  let ops = 0;
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const loop = async (): Promise<void> => {
    while (performance.now() < deadline) {
      await run();
      ops++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const ns = Number(process.hrtime.bigint() - start);
  const used = process.cpuUsage(cpu);
  return { ops, ns, cpuUs: used.user + used.system };
}

interface Throughput {
  name: string;
  /** Each round's ops/s, in round order (rounds pair up across contenders). */
  rounds: number[];
  opsPerSec: number;
  min: number;
  max: number;
  cpuUsPerOp: number;
}

/** Interleaved rounds (each contender once per round, the first one alternating); medians. */
async function throughput(contenders: Contender[], concurrency: number): Promise<Throughput[]> {
  for (const c of contenders) await runFor(c.run, 400, concurrency); // warm-up
  const ops = contenders.map(() => [] as number[]);
  const cpu = contenders.map(() => [] as number[]);
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 === 0 ? contenders.map((_, i) => i) : contenders.map((_, i) => i).reverse();
    for (const i of order) {
      const m = await runFor(contenders[i].run, ROUND_MS, concurrency);
      ops[i].push((m.ops / m.ns) * 1e9);
      cpu[i].push(m.cpuUs / m.ops);
    }
  }
  return contenders.map((c, i) => ({
    name: c.name,
    rounds: ops[i],
    opsPerSec: median(ops[i]),
    min: Math.min(...ops[i]),
    max: Math.max(...ops[i]),
    cpuUsPerOp: median(cpu[i]),
  }));
}

/** p50/p95 in µs of `n` sequential calls of each contender, interleaved call by call (order rotating). */
async function latencies(
  contenders: Contender[],
  n: number,
): Promise<Map<string, { p50: number; p95: number }>> {
  for (const c of contenders) for (let i = 0; i < 300; i++) await c.run(); // warm-up
  const samples = contenders.map(() => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    // The first contender of each round rotates: none always follows the same one.
    for (let k = 0; k < contenders.length; k++) {
      const j = (i + k) % contenders.length;
      const start = process.hrtime.bigint();
      await contenders[j].run();
      samples[j][i] = Number(process.hrtime.bigint() - start) / 1_000;
    }
  }
  const out = new Map<string, { p50: number; p95: number }>();
  contenders.forEach((c, j) => {
    const sorted = samples[j].sort();
    out.set(c.name, { p50: sorted[Math.floor(n * 0.5)], p95: sorted[Math.floor(n * 0.95)] });
  });
  return out;
}

const headers = { 'x-api-key': API_KEY };
const poolGet = async (pool: Pool): Promise<string> =>
  (await pool.request({ path: '/users/42', method: 'GET', headers })).body.text();

function printThroughput(concurrency: number, rows: Throughput[]): number {
  const [ours, pool] = rows;
  console.log(
    `\n(a) throughput at concurrency ${concurrency} (median of ${ROUNDS} interleaved rounds of ${ROUND_MS} ms)\n`,
  );
  console.log(
    markdownTable(
      ['contender', 'req/s', 'min–max', 'CPU µs/req (client process)'],
      rows.map((r) => [
        r.name,
        formatOps(r.opsPerSec),
        `${formatOps(r.min)}–${formatOps(r.max)}`,
        r.cpuUsPerOp.toFixed(1),
      ]),
    ),
  );
  // The median of per-round ratios: both sides of each ratio ran back to back, so a slow stretch
  // of the machine moves both.
  const ratio = median(ours.rounds.map((opsPerSec, r) => opsPerSec / pool.rounds[r]));
  console.log(
    `\nc=${concurrency}: client ÷ Pool throughput ${ratio.toFixed(2)}× (median of per-round ratios) (target ≥ ${TARGET_THROUGHPUT}×: ${ratio >= TARGET_THROUGHPUT ? 'met' : 'NOT met'}); CPU per request ${(ours.cpuUsPerOp / pool.cpuUsPerOp).toFixed(2)}× the Pool's`,
  );
  return ratio;
}

async function main(): Promise<void> {
  const servers = await startServers();
  const environments = (production: string) => ({
    production: { apiUrl: production, apiKey: API_KEY },
    staging: { apiUrl: servers.staging, apiKey: API_KEY },
    development: { apiUrl: servers.development, apiKey: API_KEY },
  });
  console.log(`\n## Failover (bench/failover) — ${machineLine()}`);

  // (a) Healthy production: the client's first environment and the bare Pool hit the same server.
  const healthy = new FailoverClient({ environments: environments(servers.staging) });
  const barePool = new Pool(servers.staging);
  const contenders: Contender[] = [
    {
      name: 'client.http.request',
      run: async () => (await healthy.http.request({ endpoint: '/users/42' })).text(),
    },
    { name: 'bare undici Pool.request()', run: () => poolGet(barePool) },
  ];
  const c1 = printThroughput(1, await throughput(contenders, 1));
  const c50 = printThroughput(50, await throughput(contenders, 50));

  // (b) Production refuses connections; its breaker is open (opened by real refused attempts).
  const outage = new FailoverClient({
    environments: environments(servers.refusing),
    circuitBreaker: { consecutiveFailures: 3, halfOpenAfterMs: 600_000 },
  });
  const pinned = ['production', 'staging', 'development'] as const;
  for (let i = 0; i < 5; i++) await outage.http.request({ endpoint: '/users/42', fallbackOrder: pinned });
  if (outage.getStats().environments.production.circuit !== 'open')
    throw new Error('production breaker did not open');
  const stagingPool = new Pool(servers.staging);
  const urls = [servers.refusing, servers.staging, servers.development];
  const fetchLoop = async () => {
    for (const base of urls) {
      try {
        const res = await fetch(`${base}/users/42`, { headers });
        if (res.status >= 500) continue;
        return await res.text();
      } catch {
        // next base URL
      }
    }
    throw new Error('all failed');
  };
  const DIRECT = 'direct to staging (bare undici Pool)';
  const BREAKER = 'client, production first, breaker open';
  const lat = await latencies(
    [
      { name: DIRECT, run: () => poolGet(stagingPool) },
      {
        name: BREAKER,
        run: async () => (await outage.http.request({ endpoint: '/users/42', fallbackOrder: pinned })).text(),
      },
      {
        name: 'client, after failover (staging current)',
        run: async () => (await outage.http.request({ endpoint: '/users/42' })).text(),
      },
      { name: 'fetch loop over base URLs (comparison)', run: fetchLoop },
    ],
    LATENCY_SAMPLES,
  );
  const direct = lat.get(DIRECT)!.p50;
  console.log(
    `\n(b) production refusing connections, ${LATENCY_SAMPLES} sequential requests each, interleaved (µs)\n`,
  );
  console.log(
    markdownTable(
      ['contender', 'p50 µs', 'p95 µs', 'p50 ÷ direct Pool'],
      [...lat].map(([name, v]) => [
        name,
        v.p50.toFixed(0),
        v.p95.toFixed(0),
        `${(v.p50 / direct).toFixed(2)}×`,
      ]),
    ),
  );
  const breaker = lat.get(BREAKER)!.p50 / direct;
  console.log(
    `\n(b) breaker-open p50 ÷ direct Pool p50: ${breaker.toFixed(2)}× (target ≤ ${TARGET_BREAKER_P50}×: ${breaker <= TARGET_BREAKER_P50 ? 'met' : 'NOT met'})`,
  );
  console.log(
    `\nsummary: c=1 ${c1.toFixed(2)}×, c=50 ${c50.toFixed(2)}× the Pool's throughput; breaker-open p50 ${breaker.toFixed(2)}× a direct Pool request`,
  );

  await healthy.close();
  await outage.close();
  await barePool.close();
  await stagingPool.close();
  servers.child.kill();
}

if (process.argv.includes('--servers')) runServers();
else
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
