import type { FailoverEnvironmentConfig } from '../failover/environment-config';
import type { HttpEnvironmentConfig } from '../http/http-environment';
import type { SocketEnvironmentConfig } from '../socket/socket-environment-config';

/**
 * One environment's configuration: the failover fields (URL, credentials, timeout, retries), the
 * HTTP fields (interceptors, file limits) and the socket fields. Validated when the client is built.
 *
 * @example
 * ```ts
 * const production: EnvironmentConfig = {
 *   apiUrl: 'https://api.example.com', apiKey: process.env.PROD_KEY, timeoutMs: 5_000, maxRetries: 1,
 *   enableSocket: true, maxFileSize: 10 * 1024 * 1024,
 * };
 * ```
 */
export interface EnvironmentConfig
  extends FailoverEnvironmentConfig, HttpEnvironmentConfig, SocketEnvironmentConfig {}
