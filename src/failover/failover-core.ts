import { BrokenCircuitError } from 'cockatiel';
import { inspect } from 'node:util';
import type { Logger } from '../core';
import { AttemptFailure } from './attempt-failure';
import { abortReason } from './attempt-timer';
import type { EnvironmentName } from './environment-config';
import { EnvironmentState } from './environment-state';
import {
  AllEnvironmentsFailedError,
  FailoverClientClosedError,
  UnknownEnvironmentError,
  type EnvironmentOutcome,
} from './errors';
import type { EnvironmentSwitch, SwitchReason } from './failover-stats';
import type { ResolvedClientOptions } from './validate-config';

/**
 * Called on every switch of the current environment. Whatever it returns is ignored, except that a
 * returned promise that rejects is logged (so `(to) => changes.push(to)` is a listener too).
 */
export type EnvironmentChangeListener = (to: EnvironmentName, from: EnvironmentName) => unknown;

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

const MAX_SWITCHES = 100;

/**
 * The failover loop and the state it moves: environments, the current one, listeners, switches.
 * Shared by FailoverClient, its HTTP layer and its health monitor; not exported from the package.
 */
export class FailoverCore {
  readonly states = new Map<EnvironmentName, EnvironmentState>();
  readonly names: readonly EnvironmentName[];
  /** Where fail-back returns: the initial environment, or the last one chosen with switchTo. */
  preferred: EnvironmentName;
  readonly switches: EnvironmentSwitch[] = [];
  closed = false;
  private currentName: EnvironmentName;
  private readonly listeners = new Set<EnvironmentChangeListener>();
  private readonly fallbackOrder: readonly EnvironmentName[];
  private cachedOrder: readonly EnvironmentName[] | undefined;

  constructor(
    readonly options: ResolvedClientOptions,
    readonly logger: Logger,
  ) {
    for (const env of options.environments) this.states.set(env.name, new EnvironmentState(env, options));
    this.names = options.environments.map((e) => e.name);
    this.preferred = options.preferred;
    this.currentName = options.preferred;
    this.fallbackOrder = options.fallbackOrder;
  }

  /** Printed or serialised: the environment names only (it holds every credential). */
  toJSON(): object {
    return { environments: this.names, current: this.currentName };
  }

  [inspect.custom](): string {
    return `FailoverCore ${inspect(this.toJSON())}`;
  }

  get current(): EnvironmentName {
    return this.currentName;
  }

  state(name: EnvironmentName): EnvironmentState {
    const state = this.states.get(name);
    if (state === undefined) throw new UnknownEnvironmentError(name, this.names);
    return state;
  }

  /**
   * Current first, then the fallback order, each environment once; environments the last health check
   * found down go last (still tried: a stale check must not make a request fail).
   */
  order(): readonly EnvironmentName[] {
    if (this.cachedOrder !== undefined) return this.cachedOrder;
    const order = [this.currentName, ...this.fallbackOrder.filter((n) => n !== this.currentName)];
    const up = order.filter((n) => this.states.get(n)!.healthy !== false);
    const down = order.filter((n) => this.states.get(n)!.healthy === false);
    return (this.cachedOrder = up.concat(down));
  }

  /** Health or the current environment changed: the order must be recomputed. */
  invalidateOrder(): void {
    this.cachedOrder = undefined;
  }

  /** Runs `plan` across environments: attempts (with retries) in each, moving on after failed attempts. */
  async run<T>(plan: AttemptPlan<T>): Promise<T> {
    if (this.closed) throw new FailoverClientClosedError();
    const startedOn = this.currentName;
    const order = plan.order ?? this.order();
    let outcomes: EnvironmentOutcome[] | undefined;
    for (let i = 0; i < order.length; i++) {
      const state = this.state(order[i]);
      if (state.skipsNow()) {
        (outcomes ??= []).push({ environment: state.name, outcome: 'skipped: circuit open', attempts: 0 });
        continue;
      }
      let attempts = 0;
      try {
        if (plan.precheck !== undefined) await plan.precheck(state);
        const result = await state.execute((n) => {
          attempts = n;
          return plan.attempt(state, n);
        }, plan.signal);
        // Only where something earlier in this call failed: a per-call order that merely starts
        // elsewhere says nothing about the current environment.
        if (outcomes !== undefined && state.name !== startedOn)
          this.answeredElsewhere(state.name, startedOn, outcomes);
        return result;
      } catch (error) {
        if (plan.signal?.aborted) throw abortReason(plan.signal);
        if (this.closed) throw new FailoverClientClosedError();
        if (error instanceof AttemptFailure) {
          if (!error.retriable) {
            // Not idempotent and it may have reached the server: the answer (or error) is the caller's.
            if (error.answer !== undefined) return error.answer as T;
            throw error.callerError ?? error;
          }
          (outcomes ??= []).push({
            environment: state.name,
            outcome: error.outcome,
            status: error.status,
            attempts,
            ...(error.cause instanceof Error ? { cause: error.cause } : {}),
          });
          this.logger.warn(
            { environment: state.name, outcome: error.outcome, attempts },
            'failover: environment failed, trying the next',
          );
          continue;
        }
        if (error instanceof BrokenCircuitError) {
          (outcomes ??= []).push({ environment: state.name, outcome: 'skipped: circuit open', attempts: 0 });
          continue;
        }
        throw error;
      }
    }
    const failed = new AllEnvironmentsFailedError(outcomes ?? []);
    this.logger.error({ outcomes: failed.outcomes }, 'failover: every environment failed');
    throw failed;
  }

  /**
   * A request started on `startedOn` was answered by `to` after `outcomes` failed: make `to` current
   * unless something else moved it meanwhile.
   */
  private answeredElsewhere(
    to: EnvironmentName,
    startedOn: EnvironmentName,
    outcomes: EnvironmentOutcome[],
  ): void {
    if (this.currentName !== startedOn) return;
    const detail = outcomes.map((o) => `${o.environment}: ${o.outcome}`).join('; ');
    this.switchCurrent(to, 'failover', detail);
  }

  /** Makes `to` current, records it and tells listeners (each isolated from the others' errors). */
  switchCurrent(to: EnvironmentName, reason: SwitchReason, detail?: string): boolean {
    const from = this.currentName;
    if (to === from || this.closed) return false;
    this.currentName = to;
    this.cachedOrder = undefined;
    this.switches.push({ from, to, at: new Date(), reason, ...(detail ? { detail } : {}) });
    if (this.switches.length > MAX_SWITCHES) this.switches.shift();
    this.logger.info({ from, to, reason }, `failover: switched environment ${from} → ${to} (${reason})`);
    for (const listener of [...this.listeners]) {
      try {
        const result = listener(to, from);
        if (typeof (result as PromiseLike<unknown> | null)?.then === 'function')
          Promise.resolve(result).then(undefined, (error: unknown) => this.listenerFailed(error));
      } catch (error) {
        this.listenerFailed(error);
      }
    }
    return true;
  }

  addListener(listener: EnvironmentChangeListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  clearListeners(): void {
    this.listeners.clear();
  }

  /** `text` with every known secret replaced by [REDACTED]. */
  readonly scrub = (text: string): string => this.options.scrubber.scrub(text);

  private listenerFailed(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.logger.error({ error: this.scrub(message) }, 'failover: an onEnvironmentChanged listener failed');
  }
}
