// The demo's timeline: commands spread evenly over the run, and the things that go wrong at fixed
// points of it — production dies, staging slows down past its timeout, production comes back,
// staging recovers.
import type { Environments } from './environments';

/** One step of the timeline, at a fraction (0–1) of the run. */
export interface Phase {
  at: number;
  label: string;
  act(): void | Promise<void>;
}

/** Staging's added latency while "slow": over its 400 ms request timeout and the 500 ms health-check timeout (main.ts). */
export const STAGING_SLOWDOWN_MS = 800;

export function phases(envs: Environments): Phase[] {
  return [
    { at: 0, label: 'steady: all three environments up, traffic on production', act: () => undefined },
    {
      at: 0.2,
      label: 'production killed (port refuses, open connections cut)',
      act: () => envs.production.kill(),
    },
    {
      at: 0.4,
      label: `staging slowed (+${STAGING_SLOWDOWN_MS} ms, over its 400 ms timeout)`,
      act: () => void (envs.staging.latencyMs = STAGING_SLOWDOWN_MS),
    },
    { at: 0.6, label: 'production back on the same port', act: () => envs.production.revive() },
    { at: 0.8, label: 'staging recovered', act: () => void (envs.staging.latencyMs = 0) },
  ];
}

export interface RunOptions {
  /** Commands to send. */
  total: number;
  durationMs: number;
  phases: Phase[];
  /** Sends command `i`; the promise settles when it is answered (it never rejects: failures are counted). */
  send(i: number): Promise<void>;
  onPhase(label: string): void;
  /** Set by the runner: the phase now in force. */
  setPhase(label: string): void;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Open-loop load: command `i` goes out at `i / total` of the run whether or not earlier ones were
 * answered (as real traffic does), and each phase fires when its time comes. Resolves once every
 * command has settled.
 */
export async function run(options: RunOptions): Promise<void> {
  const { total, durationMs } = options;
  const pending = [...options.phases].sort((a, b) => a.at - b.at);
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  let next = 0;
  while (next < total || pending.length > 0) {
    const elapsed = performance.now() - started;
    while (pending.length > 0 && pending[0].at * durationMs <= elapsed) {
      const phase = pending.shift()!;
      options.setPhase(phase.label);
      options.onPhase(phase.label);
      await phase.act();
    }
    const due = Math.min(total, Math.floor((elapsed / durationMs) * total) + 1);
    for (; next < due; next++) {
      const sending = options.send(next);
      inFlight.add(sending);
      void sending.finally(() => inFlight.delete(sending));
    }
    await sleep(10);
  }
  await Promise.all([...inFlight]);
}
