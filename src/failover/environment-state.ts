import {
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  circuitBreaker,
  handleWhen,
  retry,
  type CircuitBreakerPolicy,
  type RetryPolicy,
} from 'cockatiel';
import { AttemptFailure } from './attempt-failure';
import type { CircuitStatus, EnvironmentStats } from './failover-stats';
import type { FailoverSettings } from './failover-settings';
import { LatencyWindow } from './latency-window';
import type { ResolvedEnvironment } from './resolve-environment';

const CIRCUIT_STATUS: Record<CircuitState, CircuitStatus> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

const isRetriableAttempt = handleWhen((e) => e instanceof AttemptFailure && e.retriable);

/**
 * What the failover layer keeps per environment: its circuit breaker, its retry policy, its health
 * and its counters. Transport-agnostic: connections belong to the transports. Counters change only
 * through its record* methods, which only the attempt loop and the health monitor call.
 */
export class EnvironmentState {
  readonly name: string;
  private healthState: boolean | null = null;
  private lastHealthCheck: Date | null = null;
  private requests = 0;
  private failures = 0;
  private lastError: string | null = null;
  private lastErrorAt: Date | null = null;
  private readonly latency = new LatencyWindow();
  private breaker: CircuitBreakerPolicy;
  /** The breaker has counted no failure since its last success (see `direct`). */
  private clean = true;
  /** When the breaker last opened; lets the hot path skip an open circuit without cockatiel's throw. */
  private openedAt = 0;
  private readonly retryPolicy: RetryPolicy | undefined;
  /** What ended the current half-open trial without an answer or a failed attempt (see `trial`). */
  private inconclusive: { error: unknown } | undefined;

  constructor(
    readonly env: ResolvedEnvironment,
    private readonly options: FailoverSettings,
  ) {
    this.name = env.name;
    this.breaker = this.newBreaker();
    // No retry layer at all when maxRetries is 0: one promise fewer on every request.
    this.retryPolicy =
      env.maxRetries > 0
        ? retry(isRetriableAttempt, {
            maxAttempts: env.maxRetries,
            backoff: new ExponentialBackoff({
              initialDelay: options.backoffInitialMs,
              maxDelay: options.backoffMaxMs,
            }),
          })
        : undefined;
  }

  /**
   * Runs `fn` (one attempt; its argument is the 1-based attempt number) inside the retry policy and
   * the breaker. An open breaker throws cockatiel's BrokenCircuitError at once.
   */
  execute<T>(fn: (attempt: number) => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    if (this.retryPolicy === undefined) {
      if (this.runsDirect) return this.direct(fn);
      // The breaker invokes its function synchronously: Closed there is an ordinary call; anything
      // else means this call is the half-open trial. A success resets its count: clean again.
      return this.breaker
        .execute(() => (this.breaker.state === CircuitState.Closed ? fn(1) : this.trial(fn, 1)), signal)
        .then((result) => {
          this.clean = true;
          return result;
        });
    }
    return this.retryPolicy.execute(
      ({ attempt }) =>
        this.breaker.execute(
          () => (this.breaker.state === CircuitState.Closed ? fn(attempt + 1) : this.trial(fn, attempt + 1)),
          signal,
        ),
      signal,
    );
  }

  /**
   * A closed breaker that has counted no failure since its last success learns nothing from another
   * success (a ConsecutiveBreaker opens after n consecutive failures; a success resets the count),
   * so the attempt runs outside it — two promises fewer per request — and only a failed attempt is
   * fed to it. The circuit-breaker tests pin that it still opens after n consecutive failures.
   */
  private async direct<T>(fn: (attempt: number) => Promise<T>): Promise<T> {
    try {
      return await fn(1);
    } catch (error) {
      if (error instanceof AttemptFailure) await this.countFailure(error);
      throw error;
    }
  }

  /**
   * True when one attempt would run outside the breaker (see `direct`): no retry policy, and a closed
   * breaker that has counted no failure. The attempt loop's fast path then makes the attempt itself
   * and hands a failed one to `countFailure`.
   */
  get runsDirect(): boolean {
    return this.retryPolicy === undefined && this.clean && this.breaker.state === CircuitState.Closed;
  }

  /** Feeds one failed attempt to the breaker (which may open). */
  async countFailure(failure: AttemptFailure): Promise<void> {
    this.clean = false;
    await this.breaker.execute(() => Promise.reject(failure)).catch(() => undefined);
  }

  /**
   * The half-open trial. cockatiel closes a half-open circuit on any error its filter does not
   * handle, so a trial ended by something that proves nothing about the environment (a caller's
   * abort, an interceptor or file error) would let traffic back to an environment still down. Such
   * an error is marked here and the breaker's filter counts it as a failure: the circuit re-opens
   * and the next trial comes after another `halfOpenAfterMs`. Only an answer closes it. Outside a
   * trial those errors stay neutral (a closed breaker neither counts nor forgets failures for them).
   */
  private async trial<T>(fn: (attempt: number) => Promise<T>, attempt: number): Promise<T> {
    try {
      return await fn(attempt);
    } catch (error) {
      if (!(error instanceof AttemptFailure)) this.inconclusive = { error };
      throw error;
    }
  }

  /** The breaker's filter: failed attempts, and the error that ended a half-open trial without a verdict. */
  private countsAsFailure(error: unknown): boolean {
    if (error instanceof AttemptFailure) return true;
    const inconclusive = this.inconclusive;
    if (inconclusive === undefined || inconclusive.error !== error) return false;
    this.inconclusive = undefined;
    return true;
  }

  /**
   * True while an open circuit is certain to refuse: the same test cockatiel makes, done here so a
   * skipped environment costs a comparison instead of a BrokenCircuitError (~6 µs of stack capture).
   */
  skipsNow(): boolean {
    const state = this.breaker.state;
    if (state === CircuitState.Isolated) return true;
    return state === CircuitState.Open && Date.now() - this.openedAt < this.options.halfOpenAfterMs;
  }

  get circuit(): CircuitStatus {
    return CIRCUIT_STATUS[this.breaker.state];
  }

  /** True while the breaker skips this environment. */
  get circuitOpen(): boolean {
    const state = this.breaker.state;
    return state === CircuitState.Open || state === CircuitState.Isolated;
  }

  /** Opens the breaker by feeding it failures (cockatiel has no manual open that half-opens later). */
  async tripBreaker(failure: AttemptFailure): Promise<void> {
    for (let i = 0; i < this.options.breakerThreshold && this.breaker.state !== CircuitState.Open; i++) {
      await this.countFailure(failure);
    }
  }

  /** A health probe proved the environment up: forget the breaker's failures so traffic may return now. */
  resetBreaker(): void {
    if (this.breaker.state !== CircuitState.Closed) {
      this.breaker = this.newBreaker();
      this.clean = true;
    }
  }

  /** Last health-check result; null before the first check. */
  get healthy(): boolean | null {
    return this.healthState;
  }

  /** A health check (or the socket) found the environment up or down. Returns true when that changed. */
  recordHealth(healthy: boolean, checked: boolean): boolean {
    const changed = this.healthState !== healthy;
    this.healthState = healthy;
    if (checked) this.lastHealthCheck = new Date();
    return changed;
  }

  /** One attempt is being made. */
  recordAttempt(): void {
    this.requests++;
  }

  /** The environment answered after `ms`. */
  recordLatency(ms: number): void {
    this.latency.record(ms);
  }

  recordFailure(outcome: string): void {
    this.failures++;
    this.lastError = outcome;
    this.lastErrorAt = new Date();
  }

  /** Its part of `getStats()`. */
  stats(): EnvironmentStats {
    return {
      healthy: this.healthState,
      lastHealthCheckAt: this.lastHealthCheck,
      circuit: this.circuit,
      requests: this.requests,
      failures: this.failures,
      lastError: this.lastError,
      lastErrorAt: this.lastErrorAt,
      latencyMs: this.latency.percentiles(),
    };
  }

  private newBreaker(): CircuitBreakerPolicy {
    const breaker = circuitBreaker(
      handleWhen((e) => this.countsAsFailure(e)),
      {
        halfOpenAfter: this.options.halfOpenAfterMs,
        breaker: new ConsecutiveBreaker(this.options.breakerThreshold),
      },
    );
    breaker.onBreak(() => {
      this.openedAt = Date.now();
    });
    return breaker;
  }
}
