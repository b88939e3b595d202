import { BrokenCircuitError } from 'cockatiel';
import type { Logger } from '../core';
import { AttemptFailure } from './attempt-failure';
import { abortReason } from './attempt-timer';
import type { EnvironmentName } from './environment-config';
import type { EnvironmentSet } from './environment-set';
import type { EnvironmentState } from './environment-state';
import { AllEnvironmentsFailedError, FailoverClientClosedError, type EnvironmentOutcome } from './errors';

/** One request (or operation) as the failover loop runs it. */
export interface AttemptPlan<T> {
  /** One attempt in one environment (1-based `attempt`). Throws AttemptFailure for a failed attempt. */
  attempt(state: EnvironmentState, attempt: number): Promise<T>;
  /**
   * Checks that must pass before anything is sent to `state` (a file that may not go there, a download
   * folder that cannot be made). Runs once per environment, outside its circuit breaker and retries:
   * what it throws stops the request and never counts for or against the environment.
   */
  precheck?(state: EnvironmentState): void | Promise<void>;
  /** Visit exactly these environments, in this order. Default: current first, then the fallback order. */
  order?: readonly EnvironmentName[];
  signal?: AbortSignal;
}

const SKIPPED = 'skipped: circuit open';

/**
 * Runs `plan` across environments: attempts (with retries) in each, moving on after failed
 * attempts. The one place attempts, failures and latency are counted.
 */
export async function runAttempts<T>(
  environments: EnvironmentSet,
  plan: AttemptPlan<T>,
  logger: Logger,
): Promise<T> {
  if (environments.closed) throw new FailoverClientClosedError();
  const startedOn = environments.current;
  const order = plan.order ?? environments.order();
  let outcomes: EnvironmentOutcome[] | undefined;
  for (let i = 0; i < order.length; i++) {
    const state = environments.state(order[i]);
    if (state.skipsNow()) {
      (outcomes ??= []).push({ environment: state.name, outcome: SKIPPED, attempts: 0 });
      continue;
    }
    let attempts = 0;
    try {
      if (plan.precheck !== undefined) await plan.precheck(state);
      const result = await state.execute((n) => {
        attempts = n;
        return counted(state, plan, n);
      }, plan.signal);
      // Only where something earlier in this call failed: a per-call order that merely starts
      // elsewhere says nothing about the current environment.
      if (outcomes !== undefined && state.name !== startedOn && environments.current === startedOn)
        environments.switchCurrent(state.name, 'failover', describe(outcomes));
      return result;
    } catch (error) {
      if (plan.signal?.aborted) throw abortReason(plan.signal);
      if (environments.closed) throw new FailoverClientClosedError();
      if (error instanceof AttemptFailure) {
        if (!error.retriable) {
          // It may have reached the server and may not be sent again: the answer (or error) is the caller's.
          if (error.answer !== undefined) return error.answer as T;
          throw error.callerError ?? error;
        }
        (outcomes ??= []).push(outcomeOf(error, attempts));
        logger.warn(
          { environment: state.name, outcome: error.outcome, attempts },
          'failover: environment failed, trying the next',
        );
        continue;
      }
      if (error instanceof BrokenCircuitError) {
        (outcomes ??= []).push({ environment: state.name, outcome: SKIPPED, attempts: 0 });
        continue;
      }
      throw error;
    }
  }
  const failed = new AllEnvironmentsFailedError(outcomes ?? []);
  logger.error({ outcomes: failed.outcomes }, 'failover: every environment failed');
  throw failed;
}

/** One attempt, counted: every attempt, every failed one, the latency of every answer. */
async function counted<T>(state: EnvironmentState, plan: AttemptPlan<T>, attempt: number): Promise<T> {
  state.recordAttempt();
  const started = performance.now();
  try {
    const result = await plan.attempt(state, attempt);
    state.recordLatency(performance.now() - started);
    return result;
  } catch (error) {
    if (error instanceof AttemptFailure) {
      if (error.answered) state.recordLatency(performance.now() - started);
      state.recordFailure(error.outcome);
    }
    throw error;
  }
}

function outcomeOf(failure: AttemptFailure, attempts: number): EnvironmentOutcome {
  const outcome: EnvironmentOutcome = {
    environment: failure.environment,
    outcome: failure.outcome,
    attempts,
  };
  if (failure.status !== undefined) outcome.status = failure.status;
  if (failure.cause instanceof Error) outcome.cause = failure.cause;
  return outcome;
}

function describe(outcomes: readonly EnvironmentOutcome[]): string {
  return outcomes.map((o) => `${o.environment}: ${o.outcome}`).join('; ');
}
