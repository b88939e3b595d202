import type { Logger } from '../core';
import type { HttpInterceptor } from '../http/interceptor';
import type { FailoverSocketOptions } from '../socket/socket-options';
import type { EnvironmentConfig, EnvironmentName } from './environment-config';

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

/**
 * Everything `new FailoverClient(options)` takes.
 *
 * @example
 * ```ts
 * const client = new FailoverClient({
 *   environments: {
 *     production: { apiUrl: 'https://api.example.com', apiKey: process.env.API_KEY },
 *     staging: { apiUrl: 'https://staging.example.com', bearerToken: () => auth.currentUser!.getIdToken() },
 *   },
 *   initialEnvironment: 'production',
 *   healthCheck: { path: '/health', intervalMs: 30_000 },
 * });
 * ```
 */
export interface FailoverClientOptions {
  /** Only these environments exist. At least one. */
  environments: Record<EnvironmentName, EnvironmentConfig>;
  /** The preferred environment: where traffic starts and where fail-back returns. Default: the first declared. */
  initialEnvironment?: EnvironmentName;
  /** Replaces the declared order after the current environment. Environments not listed are not failed over to. */
  fallbackOrder?: readonly EnvironmentName[];
  healthCheck?: HealthCheckOptions;
  circuitBreaker?: CircuitBreakerOptions;
  retryBackoff?: RetryBackoffOptions;
  /** Interceptors for every environment, run before each environment's own. */
  interceptors?: HttpInterceptor[];
  /** Default: silent. Secrets never reach it. */
  logger?: Logger;
  /** Keep-alive connections per environment. Default: unlimited (undici Pool default). */
  connectionsPerEnvironment?: number;
  /** `client.socket` settings (emit buffer bound); see docs/sockets.md. */
  socket?: FailoverSocketOptions;
}
