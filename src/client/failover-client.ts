import { inspect } from 'node:util';
import { declareSecretNames, silentLogger, type Logger } from '../core';
import type { EnvironmentChangeListener } from '../failover/change-listeners';
import { AuthType, type EnvironmentName } from '../failover/environment-config';
import { FailoverCore } from '../failover/failover-core';
import type { FailoverStats } from '../failover/failover-stats';
import { HealthMonitor } from '../failover/health-monitor';
import { FailoverHttp } from '../http/failover-http';
import { httpHealthProbe } from '../http/health-probe';
import { openHttpEnvironment, type HttpEnvironment } from '../http/http-environment';
import { FailoverSocket } from '../socket/failover-socket';
import type { SocketHost } from '../socket/socket-host';
import type { EnvironmentConfig } from './environment-config';
import {
  executeWithFallback,
  type ExecuteWithFallbackOptions,
  type FailoverOperation,
} from './execute-with-fallback';
import type { FailoverClientOptions } from './failover-client-options';
import { resolveClientOptions } from './resolve-client-options';

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
  private readonly configs = new Map<EnvironmentName, Readonly<EnvironmentConfig>>();
  private readonly httpEnvironments = new Map<EnvironmentName, HttpEnvironment>();
  private closing: Promise<void> | undefined;

  /** Validates every environment; bad config throws EnvironmentConfigError naming environment and field. */
  constructor(options: FailoverClientOptions) {
    const resolved = resolveClientOptions(options);
    // RequestLogging (and every redaction) then treats each auth header, custom ones too, as a secret.
    declareSecretNames(resolved.environments.map((env) => env.auth.primaryHeader));
    this.logger = options.logger ?? silentLogger;
    this.core = new FailoverCore(resolved.environments, resolved.settings, this.logger, resolved.scrubber);
    for (const env of resolved.environments) {
      this.configs.set(env.name, env.config);
      this.httpEnvironments.set(
        env.name,
        openHttpEnvironment(env, resolved.interceptors, resolved.connections),
      );
    }
    this.http = new FailoverHttp(this.core, this.httpEnvironments);
    this.health = new HealthMonitor(
      this.core,
      httpHealthProbe(this.httpEnvironments, resolved.settings.health.path),
    );
    this.health.start();
    // Last: the socket may read anything above through the SocketHost seam.
    this.socket = new FailoverSocket(this, options.socket);
  }

  /** The environment traffic goes to first. */
  get currentEnvironment(): EnvironmentName {
    return this.core.environments.current;
  }

  /** Where fail-back returns: the initial environment, or the last one chosen with `switchTo`. */
  get preferredEnvironment(): EnvironmentName {
    return this.core.environments.preferred;
  }

  /** The configured environment names, in declared order. */
  get environments(): readonly EnvironmentName[] {
    return this.core.environments.names;
  }

  /** An environment's validated config (frozen; printed or serialised, its credentials are [REDACTED]). */
  environmentConfig(name: EnvironmentName): EnvironmentConfig {
    this.core.environments.state(name); // UnknownEnvironmentError for a name never configured
    return this.configs.get(name)!;
  }

  /** `text` with every secret this client knows (API keys, static and recently provided tokens) replaced by [REDACTED]. */
  scrub(text: string): string {
    return this.core.scrub(text);
  }

  /**
   * The environment's credentials as a socket.io `auth` payload: `{ token }` for Bearer,
   * `{ apiKey }` for ApiKey, both for Both, `{}` for None. Providers are asked for a fresh token.
   */
  async socketAuth(name: EnvironmentName): Promise<Record<string, string>> {
    const auth = this.core.environments.state(name).env.auth;
    const out: Record<string, string> = {};
    if (auth.type === AuthType.Bearer || auth.type === AuthType.Both) out.token = await auth.freshToken();
    if (auth.type === AuthType.ApiKey || auth.type === AuthType.Both) out.apiKey = auth.apiKeyValue()!;
    return out;
  }

  /**
   * Called on every switch (failover, health, fail-back, manual). Listeners are isolated: one that
   * throws or rejects is logged and the others still run. What a listener returns is ignored.
   *
   * @example
   * ```ts
   * const changes: string[] = [];
   * const off = client.onEnvironmentChanged((to, from) => changes.push(`${from} → ${to}`));
   * off();
   * ```
   */
  onEnvironmentChanged(listener: EnvironmentChangeListener): () => void {
    return this.core.environments.onChange(listener);
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
    const environments = this.core.environments;
    const state = environments.state(environment);
    if (!options.skipHealthCheck && !(await this.health.check(state))) return false;
    environments.prefer(environment);
    environments.switchCurrent(environment, 'manual');
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
    return executeWithFallback(this.core, (name) => this.configs.get(name)!, operation, options);
  }

  /** Probes every environment now, updates health, and applies fail-back / move-off like the background checks. */
  checkAllEnvironments(): Promise<Record<EnvironmentName, boolean>> {
    return this.health.checkAll();
  }

  /**
   * The socket could not reach `environment`: mark it unhealthy, open its breaker, and if it was
   * current move to the next environment that is not known to be down. Resolves with the current one.
   */
  reportUnreachable(environment: EnvironmentName, error: Error): Promise<EnvironmentName> {
    return this.core.markUnreachable(environment, error);
  }

  /** A snapshot of health, circuits, counters, latency and switches. Contains no secrets. */
  getStats(): FailoverStats {
    return this.core.stats();
  }

  /**
   * What `JSON.stringify(client)` and `console.log(client)` show: the environments (credentials
   * [REDACTED]), the current and preferred one. Never a secret, whatever the depth.
   */
  toJSON(): object {
    return {
      currentEnvironment: this.currentEnvironment,
      preferredEnvironment: this.preferredEnvironment,
      environments: Object.fromEntries(this.configs),
      closed: this.closed,
    };
  }

  [inspect.custom](depth: number, options: object): string {
    return `FailoverClient ${inspect(this.toJSON(), { ...options, depth })}`;
  }

  /** True once `close()` was called. */
  get closed(): boolean {
    return this.core.environments.closed;
  }

  /** Stops health checks, closes the socket and every connection. Idempotent; later requests throw FailoverClientClosedError. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.core.environments.close();
      this.health.stop();
      try {
        await this.socket.close();
      } finally {
        await Promise.all([...this.httpEnvironments.values()].map((http) => http.pool.destroy()));
      }
    })();
    return this.closing;
  }
}

export type { ExecuteWithFallbackOptions, FailoverOperation };
