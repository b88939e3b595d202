import type { Logger } from '../core';
import type { EnvironmentName } from '../failover/environment-config';
import type { FailoverOptions } from '../failover/failover-settings';
import type { HttpInterceptor } from '../http/interceptor';
import type { FailoverSocketOptions } from '../socket/socket-options';
import type { EnvironmentConfig } from './environment-config';

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
export interface FailoverClientOptions extends FailoverOptions {
  /** Only these environments exist. At least one. */
  environments: Record<EnvironmentName, EnvironmentConfig>;
  /** The preferred environment: where traffic starts and where fail-back returns. Default: the first declared. */
  initialEnvironment?: EnvironmentName;
  /** Replaces the declared order after the current environment. Environments not listed are not failed over to. */
  fallbackOrder?: readonly EnvironmentName[];
  /** Interceptors for every environment, run before each environment's own. */
  interceptors?: HttpInterceptor[];
  /** Default: silent. Secrets never reach it. */
  logger?: Logger;
  /** Keep-alive connections per environment. Default: unlimited (undici Pool default). */
  connectionsPerEnvironment?: number;
  /** `client.socket` settings (emit buffer bound); see docs/sockets.md. */
  socket?: FailoverSocketOptions;
}
