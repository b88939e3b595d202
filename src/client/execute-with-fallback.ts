import { AttemptFailure } from '../failover/attempt-failure';
import { AttemptTimer, abortReason, raceAbort } from '../failover/attempt-timer';
import type { EnvironmentName } from '../failover/environment-config';
import type { FailoverCore } from '../failover/failover-core';
import type { EnvironmentConfig } from './environment-config';

/** The operation `executeWithFallback` runs in each environment until one succeeds. */
export type FailoverOperation<T> = (
  config: Readonly<EnvironmentConfig>,
  environment: EnvironmentName,
  signal: AbortSignal,
) => Promise<T>;

/** Options of one `executeWithFallback` call. */
export interface ExecuteWithFallbackOptions {
  /** Visit exactly these environments in this order. Default: current first, then the fallback order. */
  fallbackOrder?: readonly EnvironmentName[];
  /** Per-attempt timeout (the operation's signal aborts). Default: each environment's timeoutMs. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * Runs the caller's operation through the failover loop: every error it throws (and a timeout,
 * which aborts its signal) is a retriable failed attempt, its message scrubbed of secrets.
 */
export function executeWithFallback<T>(
  core: FailoverCore,
  configOf: (name: EnvironmentName) => Readonly<EnvironmentConfig>,
  operation: FailoverOperation<T>,
  options: ExecuteWithFallbackOptions,
): Promise<T> {
  const signal = options.signal;
  return core.run<T>({
    order: options.fallbackOrder,
    signal,
    attempt: async (state) => {
      const timer = new AttemptTimer(options.timeoutMs ?? state.env.timeoutMs, signal);
      try {
        return await raceAbort(operation(configOf(state.name), state.name, timer.signal), timer.signal);
      } catch (error) {
        if (!timer.timedOut && signal?.aborted) throw abortReason(signal);
        const outcome = timer.timedOut
          ? `timed out after ${timer.timeoutMs} ms`
          : core.scrub(error instanceof Error ? error.message : String(error));
        throw new AttemptFailure({ environment: state.name, outcome, retriable: true });
      } finally {
        timer.dispose();
      }
    },
  });
}
