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
  // A full collection: chunks promoted to old space while the body streams must not count as held.
  return () => gc();
}

/**
 * Peak growth of retained JS heap + ArrayBuffer memory (where Buffers live) while `work` runs.
 * `work` receives `progress(bytes)`: call it from a transfer's onProgress, and a sample is taken
 * every 5 MB moved (a timer cannot be trusted to fire while a fast transfer keeps the loop busy).
 * Every sample collects garbage first, so a file held whole in memory shows and chunks in flight do not.
 */
export async function peakGrowth<T>(
  work: (progress: (bytes: number) => void) => Promise<T>,
): Promise<{ result: T; growthBytes: number; samples: number }> {
  const gc = collector();
  const sample = () => {
    // Twice: the first collection's freed ArrayBuffers are swept concurrently; the second waits for it.
    gc();
    gc();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const step = 5 * 1024 * 1024;
  const baseline = sample();
  let peak = baseline;
  let samples = 0;
  let next = step;
  const progress = (bytes: number) => {
    if (bytes < next) return;
    next = bytes + step;
    samples++;
    peak = Math.max(peak, sample());
  };
  const result = await work(progress);
  peak = Math.max(peak, sample());
  return { result, growthBytes: peak - baseline, samples };
}
