// Failover benchmark, side by side in one run against the same local servers (in a child process,
// so server work does not share the client's core):
//   (a) throughput of client.http.request vs a bare undici request;
//   (b) with production refusing connections and its breaker open, p50 latency of a request vs a
//       direct request to staging;
//   (c) the same outage handled by a plain "try each base URL in turn with fetch" loop.
// Run: `npm run bench -- failover` (or `npx tsc -p tsconfig.build.json && node dist/bench/failover/main.js`).
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { Agent, Pool, request as undiciRequest } from 'undici';
import { FailoverClient } from '../../src/client';
import { formatOps, machineLine, markdownTable, measure } from '../shared/harness';

const API_KEY = 'bench-key';
const BODY = JSON.stringify({ id: 42, name: 'Ada', roles: ['admin', 'dev'] });
const LATENCY_SAMPLES = 3_000;
const CONCURRENCY = 32;

/** Child process: staging and development echo servers; prints their ports. */
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

async function startServers(): Promise<{
  child: ChildProcess;
  production: string;
  staging: string;
  development: string;
  refusing: string;
}> {
  const child = fork(__filename, ['--servers'], { stdio: 'inherit' });
  const ports = await new Promise<number[]>((resolve) =>
    child.once('message', (m: { ports: number[] }) => resolve(m.ports)),
  );
  // Production for (a) is staging's server (healthy); for (b)/(c) a port that refuses connections.
  const refusing = await refusingPort();
  const staging = `http://127.0.0.1:${ports[0]}`;
  return {
    child,
    production: staging,
    staging,
    development: `http://127.0.0.1:${ports[1]}`,
    refusing: `http://127.0.0.1:${refusing}`,
  };
}

async function refusingPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** p50/p95 in µs of `n` sequential calls of each contender, interleaved call by call. */
async function latencies(
  contenders: { name: string; run: () => Promise<unknown> }[],
  n: number,
): Promise<Map<string, { p50: number; p95: number }>> {
  for (const c of contenders) for (let i = 0; i < 300; i++) await c.run(); // warm-up
  const samples = contenders.map(() => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < contenders.length; j++) {
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

async function main(): Promise<void> {
  const servers = await startServers();
  const bareAgent = new Agent();
  const headers = { 'x-api-key': API_KEY };
  const bare = async (base: string) => {
    const res = await undiciRequest(`${base}/users/42`, { headers, dispatcher: bareAgent });
    return res.body.text();
  };

  // (a) Throughput, healthy production.
  const healthy = new FailoverClient({
    environments: {
      production: { apiUrl: servers.production, apiKey: API_KEY },
      staging: { apiUrl: servers.staging, apiKey: API_KEY },
      development: { apiUrl: servers.development, apiKey: API_KEY },
    },
  });
  const ours = async () => (await healthy.http.request({ endpoint: '/users/42' })).text();
  // The same dispatcher kind the client uses per environment (a Pool, path only), for a strict comparison.
  const barePool = new Pool(servers.production);
  const pooled = async () =>
    (await barePool.request({ path: '/users/42', method: 'GET', headers })).body.text();
  const throughputContenders = [
    { name: 'bare undici request()', run: () => bare(servers.production) },
    { name: 'client.http.request', run: ours },
    { name: 'bare undici Pool.request()', run: pooled },
  ];
  const sequential = await measure(throughputContenders, { rounds: 7 });
  const concurrent = await measure(throughputContenders, { rounds: 7, concurrency: CONCURRENCY });

  // (b) Production refuses connections; its breaker is open (opened by real refused attempts).
  const outage = new FailoverClient({
    environments: {
      production: { apiUrl: servers.refusing, apiKey: API_KEY },
      staging: { apiUrl: servers.staging, apiKey: API_KEY },
      development: { apiUrl: servers.development, apiKey: API_KEY },
    },
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
  const lat = await latencies(
    [
      { name: 'direct to staging (bare undici)', run: () => bare(servers.staging) },
      {
        name: 'direct to staging (bare undici Pool)',
        run: async () =>
          (await stagingPool.request({ path: '/users/42', method: 'GET', headers })).body.text(),
      },
      {
        name: 'client, production first, breaker open',
        run: async () => (await outage.http.request({ endpoint: '/users/42', fallbackOrder: pinned })).text(),
      },
      {
        name: 'client, after failover (staging current)',
        run: async () => (await outage.http.request({ endpoint: '/users/42' })).text(),
      },
      {
        name: 'direct to staging (fetch)',
        run: async () => (await fetch(`${servers.staging}/users/42`, { headers })).text(),
      },
      { name: 'fetch loop over base URLs', run: fetchLoop },
    ],
    LATENCY_SAMPLES,
  );

  const direct = lat.get('direct to staging (bare undici)')!.p50;
  const fetchDirect = lat.get('direct to staging (fetch)')!.p50;
  const ratio = (x: number, y: number) => `${(x / y).toFixed(2)}×`;
  console.log(`\n## Failover (bench/failover) — ${machineLine()}\n`);
  console.log('(a) throughput, healthy production (ops/s, median of 7 interleaved rounds)\n');
  console.log(
    markdownTable(
      ['contender', 'sequential', 'min–max', `${CONCURRENCY} concurrent`, 'min–max'],
      sequential.map((s, i) => [
        s.name,
        formatOps(s.opsPerSec),
        `${formatOps(s.min)}–${formatOps(s.max)}`,
        formatOps(concurrent[i].opsPerSec),
        `${formatOps(concurrent[i].min)}–${formatOps(concurrent[i].max)}`,
      ]),
    ),
  );
  const seqRatio = sequential[1].opsPerSec / sequential[0].opsPerSec;
  const conRatio = concurrent[1].opsPerSec / concurrent[0].opsPerSec;
  console.log(
    `\nclient ÷ bare request(): sequential ${seqRatio.toFixed(2)}×, ${CONCURRENCY} concurrent ${conRatio.toFixed(2)}×  (target ≥ 0.85×: ${Math.min(seqRatio, conRatio) >= 0.85 ? 'met' : 'NOT met'})`,
  );
  console.log(
    `client ÷ bare Pool.request(): sequential ${(sequential[1].opsPerSec / sequential[2].opsPerSec).toFixed(2)}×, ${CONCURRENCY} concurrent ${(concurrent[1].opsPerSec / concurrent[2].opsPerSec).toFixed(2)}×`,
  );
  console.log(
    `\n(b)/(c) production refusing connections, ${LATENCY_SAMPLES} sequential requests each, interleaved (µs)\n`,
  );
  console.log(
    markdownTable(
      ['contender', 'p50 µs', 'p95 µs', 'p50 ÷ direct undici', 'p50 ÷ direct fetch'],
      [...lat].map(([name, v]) => [
        name,
        v.p50.toFixed(0),
        v.p95.toFixed(0),
        ratio(v.p50, direct),
        ratio(v.p50, fetchDirect),
      ]),
    ),
  );
  const bRatio = lat.get('client, production first, breaker open')!.p50 / direct;
  const bPool =
    lat.get('client, production first, breaker open')!.p50 /
    lat.get('direct to staging (bare undici Pool)')!.p50;
  console.log(
    `\n(b) breaker-open p50 ÷ direct staging p50: ${bRatio.toFixed(2)}× vs request(), ${bPool.toFixed(2)}× vs Pool.request() (target ≤ 1.2×: ${Math.max(bRatio, bPool) <= 1.2 ? 'met' : 'NOT met'})`,
  );
  console.log(
    `(c) fetch loop p50 ÷ direct fetch p50: ${(lat.get('fetch loop over base URLs')!.p50 / fetchDirect).toFixed(2)}×`,
  );

  await healthy.close();
  await outage.close();
  await bareAgent.close();
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
