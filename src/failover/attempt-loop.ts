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
export function runAttempts<T>(
  environments: EnvironmentSet,
  plan: AttemptPlan<T>,
  logger: Logger,
): Promise<T> {
  if (environments.closed) return Promise.reject(new FailoverClientClosedError());
  if (plan.order === undefined && plan.precheck === undefined) {
    const order = environments.order();
    const first = environments.state(order[0]);
    if (first.runsDirect) return firstAttempt(environments, plan, logger, order, first);
  }
  return visit(
    environments,
    plan,
    logger,
    environments.current,
    plan.order ?? environments.order(),
    0,
    undefined,
  );
}

/**
 * The common case without the loop's generality: the first environment runs its one attempt outside
 * its breaker (see EnvironmentState.runsDirect). A failed attempt is fed to the breaker and judged
 * as the loop judges it; the loop then goes on from the second environment. Two async frames per
 * request instead of three, and no closure for the breaker.
 */
async function firstAttempt<T>(
  environments: EnvironmentSet,
  plan: AttemptPlan<T>,
  logger: Logger,
  order: readonly EnvironmentName[],
  state: EnvironmentState,
): Promise<T> {
  const startedOn = environments.current;
  try {
    return await counted(state, plan, 1);
  } catch (error) {
    if (error instanceof AttemptFailure) await state.countFailure(error);
    const verdict = judge(error, environments, plan, logger, state, 1);
    if (verdict instanceof Answer) return verdict.value as T;
    return visit(environments, plan, logger, startedOn, order, 1, [verdict]);
  }
}

/** The loop: environments `order[from…]`, after `outcomes` of those before. */
async function visit<T>(
  environments: EnvironmentSet,
  plan: AttemptPlan<T>,
  logger: Logger,
  startedOn: EnvironmentName,
  order: readonly EnvironmentName[],
  from: number,
  outcomes: EnvironmentOutcome[] | undefined,
): Promise<T> {
  for (let i = from; i < order.length; i++) {
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
      const verdict = judge(error, environments, plan, logger, state, attempts);
      if (verdict instanceof Answer) return verdict.value as T;
      (outcomes ??= []).push(verdict);
    }
  }
  const failed = new AllEnvironmentsFailedError(outcomes ?? []);
  logger.error({ outcomes: failed.outcomes }, 'failover: every environment failed');
  throw failed;
}

/** A failed attempt's answer, returned as is when the request may not move on. */
class Answer {
  constructor(readonly value: unknown) {}
}

/**
 * What an environment's failure means for the call: its outcome (move on to the next), the answer
 * to return, or (thrown) the error that ends the call.
 */
function judge(
  error: unknown,
  environments: EnvironmentSet,
  plan: AttemptPlan<unknown>,
  logger: Logger,
  state: EnvironmentState,
  attempts: number,
): EnvironmentOutcome | Answer {
  if (plan.signal?.aborted) throw abortReason(plan.signal);
  if (environments.closed) throw new FailoverClientClosedError();
  if (error instanceof AttemptFailure) {
    if (!error.retriable) {
      // It may have reached the server and may not be sent again: the answer (or error) is the caller's.
      if (error.answer !== undefined) return new Answer(error.answer);
      throw error.callerError ?? error;
    }
    logger.warn(
      { environment: state.name, outcome: error.outcome, attempts },
      'failover: environment failed, trying the next',
    );
    return outcomeOf(error, attempts);
  }
  if (error instanceof BrokenCircuitError) return { environment: state.name, outcome: SKIPPED, attempts: 0 };
  throw error;
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
