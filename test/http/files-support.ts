// Helpers for upload/download tests: temp files and a heap/arrayBuffer growth sampler.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { once } from 'node:events';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'matryoshka-files-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes `mb` MiB of patterned bytes without holding them in memory. */
export async function bigFile(filePath: string, mb: number): Promise<number> {
  const chunk = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < chunk.length; i++) chunk[i] = i % 251;
  const out = createWriteStream(filePath);
  for (let i = 0; i < mb; i++) if (!out.write(chunk)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  return mb * chunk.length;
}

/** A real `gc()` without --expose-gc: so samples measure what is retained, not garbage awaiting collection. */
function collector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as (options?: { type: 'minor' | 'major' }) => void;
  // Chunks in flight are young objects: a scavenge frees them in well under a millisecond.
  return () => gc({ type: 'minor' });
}

/**
 * Peak growth of retained JS heap + ArrayBuffer memory (where Buffers live) while `work` runs:
 * every sample collects garbage first, so a file held whole in memory shows and chunks in flight do not.
 */
export async function peakGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growthBytes: number }> {
  const gc = collector();
  const sample = () => {
    gc();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const baseline = sample();
  let peak = baseline;
  const timer = setInterval(() => (peak = Math.max(peak, sample())), 20);
  try {
    const result = await work();
    peak = Math.max(peak, sample());
    return { result, growthBytes: peak - baseline };
  } finally {
    clearInterval(timer);
  }
}
