// A small, fair micro-benchmark harness shared by the benches: warm up, calibrate, then run every
// contender once per round (interleaved, so drift hits all alike) and report the median ops/s.
import os from 'node:os';

/** One thing to measure: `run` does one operation and resolves when it is done. */
export interface Contender {
  readonly name: string;
  readonly run: () => Promise<unknown>;
}

export interface MeasureOptions {
  /** Rounds per contender; the median is reported. Default 7. */
  rounds?: number;
  /** Target time of one round, used to calibrate the iteration count. Default 150 ms. */
  roundMs?: number;
  /** Warm-up time per contender before calibration. Default 300 ms. */
  warmupMs?: number;
  /** 0: iterations awaited one after another. n > 0: batches of n concurrent operations. */
  concurrency?: number;
}

export interface Measurement {
  readonly name: string;
  /** Median ops/s over the rounds. */
  readonly opsPerSec: number;
  /** Lowest and highest round, ops/s. */
  readonly min: number;
  readonly max: number;
  readonly iterations: number;
  readonly rounds: number;
}

/** Runs `n` operations of `run`, sequentially or in concurrent batches; returns elapsed ns. */
async function timeIterations(run: () => Promise<unknown>, n: number, concurrency: number): Promise<number> {
  const start = process.hrtime.bigint();
  if (concurrency <= 0) {
    for (let i = 0; i < n; i++) await run();
  } else {
    const batch: Promise<unknown>[] = new Array(concurrency);
    for (let done = 0; done < n; done += concurrency) {
      for (let j = 0; j < concurrency; j++) batch[j] = run();
      await Promise.all(batch);
    }
  }
  return Number(process.hrtime.bigint() - start);
}

/** Runs `run` for about `ms` milliseconds; returns how many operations fit. */
async function runFor(
  run: () => Promise<unknown>,
  ms: number,
  concurrency: number,
): Promise<{ ops: number; ns: number }> {
  let ops = 0;
  let ns = 0;
  let chunk = Math.max(concurrency, 100);
  while (ns < ms * 1e6) {
    ns += await timeIterations(run, chunk, concurrency);
    ops += concurrency > 0 ? Math.ceil(chunk / concurrency) * concurrency : chunk;
    chunk = Math.min(chunk * 2, 100_000);
  }
  return { ops, ns };
}

/** The median (the mean of the middle two for an even count). Every bench's medians come from here. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Measures every contender: each is warmed up and calibrated (iterations per round so a round
 * takes about `roundMs`), then the rounds run interleaved — round 1 of each, round 2 of each, …
 */
export async function measure(
  contenders: readonly Contender[],
  options: MeasureOptions = {},
): Promise<Measurement[]> {
  const rounds = options.rounds ?? 7;
  const roundMs = options.roundMs ?? 150;
  const warmupMs = options.warmupMs ?? 300;
  const concurrency = options.concurrency ?? 0;
  const iterations: number[] = [];
  for (const c of contenders) {
    const { ops, ns } = await runFor(c.run, warmupMs, concurrency);
    let n = Math.max(1_000, Math.round((ops / ns) * roundMs * 1e6));
    if (concurrency > 0) n = Math.ceil(n / concurrency) * concurrency;
    iterations.push(n);
  }
  const samples: number[][] = contenders.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < contenders.length; i++) {
      const ns = await timeIterations(contenders[i].run, iterations[i], concurrency);
      samples[i].push((iterations[i] / ns) * 1e9);
    }
  }
  return contenders.map((c, i) => ({
    name: c.name,
    opsPerSec: median(samples[i]),
    min: Math.min(...samples[i]),
    max: Math.max(...samples[i]),
    iterations: iterations[i],
    rounds,
  }));
}

/** Full GC (needs `node --expose-gc`), twice so finalizers and weak references settle. */
export function fullGc(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('Run with `node --expose-gc` (global.gc is needed for heap figures).');
  gc();
  gc();
}

/** heapUsed growth, in bytes, across `n` sequential operations, each side measured after a full GC. */
export async function heapGrowth(
  run: () => Promise<unknown>,
  n: number,
): Promise<{ before: number; after: number; growth: number }> {
  fullGc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < n; i++) await run();
  fullGc();
  const after = process.memoryUsage().heapUsed;
  return { before, after, growth: after - before };
}

/** `12 345 678` style thousands grouping, readable in a terminal and in markdown. */
export function formatOps(ops: number): string {
  return Math.round(ops).toLocaleString('en-US');
}

export function formatMb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(2)} MB`;
}

/** Node version, CPU count and model: the machine line every figure is printed with. */
export function machineLine(): string {
  const cpus = os.cpus();
  return `node ${process.version}, ${cpus.length} CPUs (${cpus[0]?.model?.trim() ?? 'unknown'}), ${os.platform()} ${os.arch()}`;
}

/** Renders rows as a markdown table with right-aligned numeric columns after the first. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : '-'.repeat(w - 1) + ':')).join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
