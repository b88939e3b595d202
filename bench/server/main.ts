// Server bench (issue 12): the same small app on bare node:http, fastify (3 hooks), Hono (fast
// path) and ours (serve + 3 middleware + Router), each server in its own child process and
// autocannon in this one. Reports req/s and the server process's CPU per request, and the targets.
// Run: npm run bench -- server (or node dist/bench/server/main.js). BENCH_SECONDS sets the round
// length; BENCH_CPU_PROF=<dir> writes a --cpu-prof profile of every server child into <dir>.
import { fork, type ChildProcess } from 'node:child_process';
import * as os from 'node:os';
import { median } from '../shared/harness';
import { BODY, startTarget, TARGETS, type Target } from './targets';

// Loaded in the parent only (see main), so the server children do not carry the load generator.
let autocannon: typeof import('autocannon');

const WARMUP_S = 2;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const CONNECTIONS = 10;

interface Child {
  child: ChildProcess;
  port: number;
  /** The child's CPU time so far (user + system, process.cpuUsage), in µs. */
  cpu(): Promise<number>;
}

function spawnTarget(target: Target): Promise<Child> {
  const profDir = process.env.BENCH_CPU_PROF;
  const execArgv = profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [];
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--serve', target], {
      execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
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

/** Ends a child through its IPC channel (so a --cpu-prof profile gets written), killing it if it lingers. */
function stop(child: ChildProcess): Promise<void> {
  child.removeAllListeners('exit');
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    const timer = setTimeout(() => child.kill(), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.disconnect();
  });
}

interface Sample {
  rps: number;
  cpuPerRequestUs: number;
  errors: number;
}

async function run(child: Child, seconds: number): Promise<Sample> {
  const before = await child.cpu();
  const result = await autocannon({
    url: `http://127.0.0.1:${child.port}/`,
    connections: CONNECTIONS,
    duration: seconds,
  });
  const cpu = (await child.cpu()) - before;
  return {
    rps: result.requests.average,
    cpuPerRequestUs: cpu / Math.max(1, result.requests.total),
    errors: result.errors + result.non2xx,
  };
}

interface Result {
  rps: number;
  rpsMin: number;
  rpsMax: number;
  cpuUs: number;
  cpuMin: number;
  cpuMax: number;
  errors: number;
}

function summarise(samples: Sample[]): Result {
  const rps = samples.map((s) => s.rps);
  const cpu = samples.map((s) => s.cpuPerRequestUs);
  return {
    rps: median(rps),
    rpsMin: Math.min(...rps),
    rpsMax: Math.max(...rps),
    cpuUs: median(cpu),
    cpuMin: Math.min(...cpu),
    cpuMax: Math.max(...cpu),
    errors: samples.reduce((n, s) => n + s.errors, 0),
  };
}

/** A response's header names, sorted, without those node's own connection handling writes. */
function headerNames(headers: Headers): string {
  const ignored = new Set(['date', 'connection', 'keep-alive']);
  const names: string[] = [];
  headers.forEach((_value, name) => {
    if (!ignored.has(name)) names.push(name);
  });
  return names.sort().join(', ');
}

/** The child side: start the target, answer CPU queries, exit when the parent lets go. */
async function serveChild(target: Target): Promise<void> {
  const port = await startTarget(target);
  process.on('message', () => {
    const usage = process.cpuUsage();
    process.send?.(usage.user + usage.system);
  });
  process.send?.(port);
  process.once('disconnect', () => process.exit(0));
}

/**
 * Each round's ratio of b's CPU per request to a's (= a's req per CPU-second ÷ b's), and their
 * median. Paired by round, so load from elsewhere that slows one round moves both sides of it.
 */
function pairedRatio(samples: Map<Target, Sample[]>, a: Target, b: Target): number {
  const as = samples.get(a)!;
  const bs = samples.get(b)!;
  return median(as.map((s, round) => bs[round].cpuPerRequestUs / s.cpuPerRequestUs));
}

function report(samples: Map<Target, Sample[]>): void {
  const results = new Map(TARGETS.map((t) => [t, summarise(samples.get(t)!)]));
  const pad = Math.max(...TARGETS.map((t) => t.length));
  console.log(
    `${'target'.padEnd(pad)}   req/s (min–max)           CPU µs/req (min–max)   req per CPU-s   errors`,
  );
  for (const target of TARGETS) {
    const r = results.get(target)!;
    const rps = `${Math.round(r.rps)} (${Math.round(r.rpsMin)}–${Math.round(r.rpsMax)})`;
    const cpu = `${r.cpuUs.toFixed(1)} (${r.cpuMin.toFixed(1)}–${r.cpuMax.toFixed(1)})`;
    console.log(
      `${target.padEnd(pad)}   ${rps.padEnd(24)}  ${cpu.padEnd(21)}  ${Math.round(1e6 / r.cpuUs)
        .toString()
        .padStart(13)}   ${r.errors}`,
    );
  }
  // req/s per CPU-second of a ÷ that of b: b's CPU per request ÷ a's (median of the rounds' ratios).
  const perCpu = (a: Target, b: Target): number => pairedRatio(samples, a, b);
  const cpuRatio = (a: Target, b: Target): number => pairedRatio(samples, b, a);
  const check = (label: string, value: number, ok: boolean, unit: string): void =>
    console.log(`${ok ? 'PASS' : 'FAIL'}  ${label}: ${value.toFixed(2)}${unit}`);
  console.log('\ntargets (median of the per-round ratios; req per CPU-second = 1 / CPU per request):');
  const bareRatio = perCpu('ours, FastResponse', 'node:http (bare)');
  check('ours (FastResponse) ≥ 0.9× bare node:http, req per CPU-s', bareRatio, bareRatio >= 0.9, '×');
  for (const plain of [
    'ours, new Response + overrideGlobalResponse',
    'ours, new Response (default)',
  ] as const) {
    const vsFastify = perCpu(plain, 'fastify (3 hooks)');
    check(`${plain} ≥ 1× fastify (3 hooks), req per CPU-s`, vsFastify, vsFastify >= 1, '×');
    const vsFast = cpuRatio(plain, 'ours, FastResponse');
    check(`${plain}: CPU/req < 2× ours with FastResponse`, vsFast, vsFast < 2, '×');
  }
  console.log('\nother ratios, req per CPU-s:');
  for (const other of ['fastify (3 hooks)', 'hono (fast path)'] as const) {
    console.log(`ours (FastResponse) ÷ ${other}: ${perCpu('ours, FastResponse', other).toFixed(2)}×`);
  }
}

async function main(): Promise<void> {
  const serveIndex = process.argv.indexOf('--serve');
  if (serveIndex >= 0) return serveChild(process.argv[serveIndex + 1] as Target);
  console.log(
    `server bench: GET / → '${BODY}' with a request check, a response header and timing; autocannon ${CONNECTIONS} connections in this process, each server in its own; ${WARMUP_S}s warmup, then ${ROUNDS} interleaved rounds of ${DURATION_S}s per server; node ${process.version}, ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  autocannon = (await import('autocannon')).default;
  const children = new Map<Target, Child>();
  let expectedHeaders: string | undefined;
  try {
    for (const target of TARGETS) {
      const child = await spawnTarget(target);
      children.set(target, child);
      const probe = await fetch(`http://127.0.0.1:${child.port}/`);
      const text = await probe.text();
      if (probe.status !== 200 || text !== BODY || probe.headers.get('x-bench') !== '1')
        throw new Error(`${target} answered ${probe.status} ${text}`);
      // The same work on the wire: every server sends the same headers as the first (bare node:http).
      const names = headerNames(probe.headers);
      expectedHeaders ??= names;
      if (names !== expectedHeaders)
        throw new Error(`${target} sends headers ${names}, not ${expectedHeaders}`);
      const denied = await fetch(`http://127.0.0.1:${child.port}/`, { headers: { 'x-deny': '1' } });
      if (denied.status !== 403) throw new Error(`${target} did not deny: ${denied.status}`);
      await denied.text();
      await autocannon({
        url: `http://127.0.0.1:${child.port}/`,
        connections: CONNECTIONS,
        duration: WARMUP_S,
      });
    }
    // Interleaved rounds: a burst of load from elsewhere on the machine hits one round, not one server.
    const samples = new Map<Target, Sample[]>(TARGETS.map((t) => [t, []]));
    // Every other round runs the servers in reverse order, so none always runs first or last.
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 ? [...TARGETS].reverse() : TARGETS;
      for (const target of order) samples.get(target)!.push(await run(children.get(target)!, DURATION_S));
    }
    report(samples);
  } finally {
    await Promise.all([...children.values()].map(({ child }) => stop(child)));
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
