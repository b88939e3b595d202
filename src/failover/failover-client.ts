import { inspect } from 'node:util';
import { declareSecretNames, silentLogger, type Logger } from '../core';
import { FailoverHttp } from '../http/failover-http';
import type { SocketHost } from '../socket/socket-host';
import { FailoverSocket } from '../socket/failover-socket';
import { AttemptFailure } from './attempt-failure';
import { AttemptTimer, abortReason, raceAbort } from './attempt-timer';
import { AuthType, type EnvironmentConfig, type EnvironmentName } from './environment-config';
import { FailoverCore, type EnvironmentChangeListener } from './failover-core';
import type { FailoverClientOptions } from './failover-options';
import type { FailoverStats } from './failover-stats';
import { HealthMonitor } from './health-monitor';
import { resolveClientOptions } from './validate-config';

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
 * Environment-aware HTTP (and socket.io) with failover, retries, per-environment circuit breakers,
 * health checks and fail-back. The `FailoverManager` of the Flutter package, method names kept.
 *
 * @example
 * ```ts
 * const client = new FailoverClient({
 *   environments: {
 *     production: { apiUrl: 'https://api.example.com', apiKey: process.env.PROD_KEY, timeoutMs: 5_000, maxRetries: 1 },
 *     staging: { apiUrl: 'https://staging.example.com', bearerToken: () => getIdToken(), authType: AuthType.Bearer },
 *   },
 *   initialEnvironment: 'production',
 *   healthCheck: { path: '/health', intervalMs: 30_000, failback: true },
 * });
 * const res = await client.http.request({ endpoint: '/users/1' });
 * await client.close();
 * ```
 */
export class FailoverClient implements SocketHost {
  /** HTTP requests, uploads and downloads that follow the environments. */
  readonly http: FailoverHttp;
  /** A socket.io connection that follows the current environment. */
  readonly socket: FailoverSocket;
  readonly logger: Logger;
  private readonly core: FailoverCore;
  private readonly health: HealthMonitor;
  private closing: Promise<void> | undefined;

  /** Validates every environment; bad config throws EnvironmentConfigError naming environment and field. */
  constructor(options: FailoverClientOptions) {
    const resolved = resolveClientOptions(options);
    // RequestLogging (and every redaction) then treats each custom auth header as a secret.
    declareSecretNames(resolved.environments.map((env) => env.auth.primaryHeader));
    this.logger = options.logger ?? silentLogger;
    this.core = new FailoverCore(resolved, this.logger);
    this.health = new HealthMonitor(this.core);
    this.http = new FailoverHttp(this.core);
    this.health.start();
    // Last: the socket may read anything above through the SocketHost seam.
    this.socket = new FailoverSocket(this, options.socket);
  }

  /** The environment traffic goes to first. */
  get currentEnvironment(): EnvironmentName {
    return this.core.current;
  }

  /** Where fail-back returns: the initial environment, or the last one chosen with `switchTo`. */
  get preferredEnvironment(): EnvironmentName {
    return this.core.preferred;
  }

  /** The configured environment names, in declared order. */
  get environments(): readonly EnvironmentName[] {
    return this.core.names;
  }

  /** An environment's validated config (frozen). */
  environmentConfig(name: EnvironmentName): EnvironmentConfig {
    return this.core.state(name).env.config;
  }

  /**
   * The environment's credentials as a socket.io `auth` payload: `{ token }` for Bearer,
   * `{ apiKey }` for ApiKey, both for Both, `{}` for None. Providers are asked for a fresh token.
   */
  /** `text` with every secret this client knows (API keys, static and recently provided tokens) replaced by [REDACTED]. */
  scrub(text: string): string {
    return this.core.scrub(text);
  }

  async socketAuth(name: EnvironmentName): Promise<Record<string, string>> {
    const auth = this.core.state(name).env.auth;
    const out: Record<string, string> = {};
    if (auth.type === AuthType.Bearer || auth.type === AuthType.Both) out.token = await auth.freshToken();
    if (auth.type === AuthType.ApiKey || auth.type === AuthType.Both) out.apiKey = auth.apiKeyValue()!;
    return out;
  }

  /**
   * Called on every switch (failover, health, fail-back, manual). Listeners are isolated: one that
   * throws or rejects is logged and the others still run.
   *
   * @example
   * ```ts
   * const off = client.onEnvironmentChanged((to, from) => console.log(`${from} → ${to}`));
   * off();
   * ```
   */
  onEnvironmentChanged(listener: EnvironmentChangeListener): () => void {
    return this.core.addListener(listener);
  }

  /**
   * Makes `environment` current (and the preferred one fail-back returns to). Unless
   * `skipHealthCheck`, it is probed first and the switch happens only when healthy.
   *
   * @example
   * ```ts
   * if (!(await client.switchTo('staging'))) console.warn('staging is down');
   * ```
   */
  async switchTo(
    environment: EnvironmentName,
    options: { skipHealthCheck?: boolean } = {},
  ): Promise<boolean> {
    const state = this.core.state(environment);
    if (!options.skipHealthCheck && !(await this.health.check(state))) return false;
    this.core.preferred = environment;
    if (environment !== this.core.current) this.core.switchCurrent(environment, 'manual');
    return true;
  }

  /**
   * Runs your own operation with failover: every error (and a timeout) is a failed attempt; each
   * environment gets `1 + maxRetries` attempts, open circuits are skipped.
   *
   * @example
   * ```ts
   * const user = await client.executeWithFallback(async (config, env, signal) => {
   *   const res = await fetch(`${config.apiUrl}/me`, { signal, headers: { 'x-api-key': config.apiKey! } });
   *   if (!res.ok) throw new Error(`HTTP ${res.status}`);
   *   return res.json();
   * });
   * ```
   */
  executeWithFallback<T>(
    operation: FailoverOperation<T>,
    options: ExecuteWithFallbackOptions = {},
  ): Promise<T> {
    const core = this.core;
    const signal = options.signal;
    return core.run<T>({
      order: options.fallbackOrder,
      signal,
      attempt: async (state) => {
        const timer = new AttemptTimer(options.timeoutMs ?? state.env.timeoutMs, signal);
        const started = performance.now();
        state.requests++;
        try {
          const result = await raceAbort(operation(state.env.config, state.name, timer.signal), timer.signal);
          state.latency.record(performance.now() - started);
          return result;
        } catch (error) {
          if (!timer.timedOut && signal?.aborted) throw abortReason(signal);
          const outcome = timer.timedOut
            ? `timed out after ${timer.timeoutMs} ms`
            : core.scrub(error instanceof Error ? error.message : String(error));
          state.recordFailure(outcome);
          throw new AttemptFailure({
            environment: state.name,
            outcome,
            retriable: true,
          });
        } finally {
          timer.dispose();
        }
      },
    });
  }

  /** Probes every environment now, updates health, and applies fail-back / move-off like the background checks. */
  checkAllEnvironments(): Promise<Record<EnvironmentName, boolean>> {
    return this.health.checkAll();
  }

  /**
   * The socket could not reach `environment`: mark it unhealthy, open its breaker, and if it was
   * current move to the next environment that is not known to be down. Resolves with the current one.
   */
  async reportUnreachable(environment: EnvironmentName, error: Error): Promise<EnvironmentName> {
    const core = this.core;
    const state = core.state(environment);
    const outcome = core.scrub(`unreachable: ${error?.message ?? String(error)}`);
    state.recordFailure(outcome);
    state.healthy = false;
    core.invalidateOrder();
    await state.tripBreaker(new AttemptFailure({ environment, outcome, retriable: true }));
    if (environment === core.current) {
      const next = core
        .order()
        .find(
          (name) =>
            name !== environment &&
            core.states.get(name)!.healthy !== false &&
            !core.states.get(name)!.circuitOpen,
        );
      if (next !== undefined) core.switchCurrent(next, 'unreachable', outcome);
    }
    return core.current;
  }

  /** A snapshot of health, circuits, counters, latency and switches. Contains no secrets. */
  getStats(): FailoverStats {
    const core = this.core;
    const environments: FailoverStats['environments'] = {};
    for (const state of core.states.values()) {
      environments[state.name] = {
        healthy: state.healthy,
        lastHealthCheckAt: state.lastHealthCheckAt,
        circuit: state.circuit,
        requests: state.requests,
        failures: state.failures,
        lastError: state.lastError,
        lastErrorAt: state.lastErrorAt,
        latencyMs: state.latency.percentiles(),
      };
    }
    return {
      currentEnvironment: core.current,
      preferredEnvironment: core.preferred,
      environments,
      switches: core.switches.map((s) => ({ ...s })),
    };
  }

  /**
   * What `JSON.stringify(client)` and `console.log(client)` show: the environments (credentials
   * [REDACTED]), the current and preferred one. Never a secret, whatever the depth.
   */
  toJSON(): object {
    const environments: Record<EnvironmentName, EnvironmentConfig> = {};
    for (const name of this.core.names) environments[name] = this.environmentConfig(name);
    return {
      currentEnvironment: this.currentEnvironment,
      preferredEnvironment: this.preferredEnvironment,
      environments,
      closed: this.closed,
    };
  }

  [inspect.custom](depth: number, options: object): string {
    return `FailoverClient ${inspect(this.toJSON(), { ...options, depth })}`;
  }

  /** True once `close()` was called. */
  get closed(): boolean {
    return this.core.closed;
  }

  /** Stops health checks, closes the socket and every connection. Idempotent; later requests throw FailoverClientClosedError. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.core.closed = true;
      this.health.stop();
      try {
        await this.socket.close();
      } finally {
        await Promise.all([...this.core.states.values()].map((state) => state.close()));
        this.core.clearListeners();
      }
    })();
    return this.closing;
  }
}
