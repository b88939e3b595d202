import type { EnvironmentName } from './environment-config';
import type { FailField } from './resolve-environment';

/** Background health checks: `GET <apiUrl><path>`, healthy = 2xx. */
export interface HealthCheckOptions {
  /** Default '/health'. */
  path?: string;
  /** Default 30 000 ms. 0 means no background checks (as when `healthCheck` is omitted); `checkAllEnvironments()` still works. */
  intervalMs?: number;
  /** Per probe. Default 2 000 ms. */
  timeoutMs?: number;
  /** Move back to the preferred (initial) environment once it is healthy again. Default true. */
  failback?: boolean;
}

/** The per-environment circuit breaker (cockatiel's ConsecutiveBreaker). */
export interface CircuitBreakerOptions {
  /** Consecutive failed attempts that open the circuit. Default 5. */
  consecutiveFailures?: number;
  /** How long an open circuit skips its environment before one trial request. Default 10 000 ms. */
  halfOpenAfterMs?: number;
}

/** Backoff between retries within one environment (cockatiel's ExponentialBackoff, decorrelated jitter). */
export interface RetryBackoffOptions {
  /** Default 50 ms. */
  initialDelayMs?: number;
  /** Default 1 000 ms. */
  maxDelayMs?: number;
}

/** The failover layer's part of the client options. */
export interface FailoverOptions {
  initialEnvironment?: EnvironmentName;
  fallbackOrder?: readonly EnvironmentName[];
  healthCheck?: HealthCheckOptions;
  circuitBreaker?: CircuitBreakerOptions;
  retryBackoff?: RetryBackoffOptions;
}

/** The failover options, validated, with defaults applied. */
export interface FailoverSettings {
  preferred: EnvironmentName;
  fallbackOrder: readonly EnvironmentName[];
  health: { path: string; intervalMs: number; timeoutMs: number; failback: boolean };
  breakerThreshold: number;
  halfOpenAfterMs: number;
  backoffInitialMs: number;
  backoffMaxMs: number;
}

/** Validates the failover options against the configured `names`; `fail` names the bad field. */
export function resolveFailoverSettings(
  names: readonly EnvironmentName[],
  options: FailoverOptions,
  fail: FailField,
): FailoverSettings {
  const known = (field: string, name: unknown): string => {
    if (typeof name !== 'string' || !names.includes(name))
      fail(field, `'${String(name)}' is not a configured environment (configured: ${names.join(', ')})`);
    return name as string;
  };
  const preferred =
    options.initialEnvironment === undefined
      ? names[0]
      : known('initialEnvironment', options.initialEnvironment);
  let fallbackOrder = names;
  if (options.fallbackOrder !== undefined) {
    if (!Array.isArray(options.fallbackOrder) || options.fallbackOrder.length === 0)
      fail('fallbackOrder', 'must be a non-empty array of environment names');
    options.fallbackOrder.forEach((n) => known('fallbackOrder', n));
    if (new Set(options.fallbackOrder).size !== options.fallbackOrder.length)
      fail('fallbackOrder', 'lists an environment twice');
    fallbackOrder = [...options.fallbackOrder];
  }
  return {
    preferred,
    fallbackOrder,
    health: resolveHealth(options.healthCheck, fail),
    ...resolveBreakerAndBackoff(options, fail),
  };
}

function resolveHealth(hc: HealthCheckOptions | undefined, fail: FailField): FailoverSettings['health'] {
  const health = {
    path: hc?.path ?? '/health',
    // Asking for health checks without an interval means the usual 30 s; omitting them means none.
    intervalMs: hc?.intervalMs ?? (hc ? 30_000 : 0),
    timeoutMs: hc?.timeoutMs ?? 2_000,
    failback: hc?.failback ?? true,
  };
  if (typeof health.path !== 'string' || !health.path.startsWith('/'))
    fail('healthCheck.path', "must start with '/'");
  if (!Number.isFinite(health.intervalMs) || health.intervalMs < 0)
    fail('healthCheck.intervalMs', 'must be ≥ 0 (0 = no background checks)');
  if (!Number.isFinite(health.timeoutMs) || health.timeoutMs <= 0)
    fail('healthCheck.timeoutMs', 'must be a positive number of milliseconds');
  return health;
}

function resolveBreakerAndBackoff(
  options: FailoverOptions,
  fail: FailField,
): Pick<FailoverSettings, 'breakerThreshold' | 'halfOpenAfterMs' | 'backoffInitialMs' | 'backoffMaxMs'> {
  const cb = options.circuitBreaker ?? {};
  const breakerThreshold = cb.consecutiveFailures ?? 5;
  const halfOpenAfterMs = cb.halfOpenAfterMs ?? 10_000;
  if (!Number.isInteger(breakerThreshold) || breakerThreshold < 1)
    fail('circuitBreaker.consecutiveFailures', 'must be an integer ≥ 1');
  if (!Number.isFinite(halfOpenAfterMs) || halfOpenAfterMs < 0)
    fail('circuitBreaker.halfOpenAfterMs', 'must be ≥ 0');
  const rb = options.retryBackoff ?? {};
  const backoffInitialMs = rb.initialDelayMs ?? 50;
  const backoffMaxMs = rb.maxDelayMs ?? 1_000;
  if (!Number.isFinite(backoffInitialMs) || backoffInitialMs < 0)
    fail('retryBackoff.initialDelayMs', 'must be ≥ 0');
  if (!Number.isFinite(backoffMaxMs) || backoffMaxMs < backoffInitialMs)
    fail('retryBackoff.maxDelayMs', 'must be ≥ initialDelayMs');
  return { breakerThreshold, halfOpenAfterMs, backoffInitialMs, backoffMaxMs };
}
