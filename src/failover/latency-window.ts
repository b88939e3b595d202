/**
 * The last N latencies of an environment in a ring buffer: recording is one store, percentiles are
 * computed only when stats are read.
 */
export class LatencyWindow {
  private readonly samples: Float64Array;
  private next = 0;
  private count = 0;

  constructor(size = 512) {
    this.samples = new Float64Array(size);
  }

  record(ms: number): void {
    this.samples[this.next] = ms;
    this.next = (this.next + 1) % this.samples.length;
    if (this.count < this.samples.length) this.count++;
  }

  /** p50 and p95 in ms (nearest rank), or null before the first sample. */
  percentiles(): { p50: number | null; p95: number | null } {
    if (this.count === 0) return { p50: null, p95: null };
    const sorted = this.samples.slice(0, this.count).sort();
    const at = (p: number): number =>
      Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] * 100) / 100;
    return { p50: at(0.5), p95: at(0.95) };
  }
}
