import type { HttpInterceptor } from '../http/interceptor';
import type { EnvironmentAuth } from './auth';
import type { EnvironmentConfig } from './environment-config';

/** Defaults the contract fixes. */
export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_RETRIES = 0;

/** An environment's validated config plus what the hot path needs precomputed. */
export interface ResolvedEnvironment {
  readonly name: string;
  /** A frozen copy of what the user passed. */
  readonly config: Readonly<EnvironmentConfig>;
  /** scheme://host:port — one connection pool per origin. */
  readonly origin: string;
  /** The apiUrl's path without a trailing slash ('' or '/api'). */
  readonly basePath: string;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly auth: EnvironmentAuth;
  /** Client-wide interceptors first, then the environment's own. */
  readonly interceptors: readonly HttpInterceptor[];
  readonly enableLogging: boolean;
  /** Absolute, or undefined. */
  readonly fileStoragePath: string | undefined;
}
