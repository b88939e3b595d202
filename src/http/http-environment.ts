import * as path from 'node:path';
import { Pool } from 'undici';
import type { FailoverEnvironmentConfig } from '../failover/environment-config';
import type { ResolvedEnvironment } from '../failover/resolve-environment';
import { failFor } from '../failover/resolve-environment';
import type { HttpInterceptor } from './interceptor';

/** The HTTP fields of an environment's configuration. */
export interface HttpEnvironmentConfig extends FailoverEnvironmentConfig {
  interceptors?: HttpInterceptor[];
  /** Largest upload in bytes. */
  maxFileSize?: number;
  /** Allowed upload extensions ('.png') or MIME types ('image/png'). */
  allowedFileTypes?: string[];
  /** Downloads must land inside this folder. */
  fileStoragePath?: string;
}

/** What HTTP keeps per environment: its keep-alive connection pool and its validated HTTP settings. */
export interface HttpEnvironment {
  readonly name: string;
  readonly env: ResolvedEnvironment;
  readonly pool: Pool;
  /** Client-wide interceptors first, then the environment's own. */
  readonly interceptors: readonly HttpInterceptor[];
  readonly maxFileSize: number | undefined;
  readonly allowedFileTypes: readonly string[] | undefined;
  /** Absolute, or undefined. */
  readonly fileStoragePath: string | undefined;
}

/** Validates the HTTP fields of one environment (EnvironmentConfigError naming it and the field). */
export function validateHttpConfig(name: string, config: HttpEnvironmentConfig): void {
  const fail = failFor(name);
  if (config.interceptors !== undefined && !Array.isArray(config.interceptors))
    fail('interceptors', 'must be an array');
  for (const interceptor of config.interceptors ?? []) {
    if (!interceptor || typeof interceptor !== 'object')
      fail('interceptors', 'each interceptor must be an object');
  }
  if (
    config.maxFileSize !== undefined &&
    (typeof config.maxFileSize !== 'number' || !(config.maxFileSize > 0))
  ) {
    fail('maxFileSize', 'must be a positive number of bytes');
  }
  const types = config.allowedFileTypes;
  if (
    types !== undefined &&
    (!Array.isArray(types) || types.some((t) => typeof t !== 'string' || t.trim() === ''))
  )
    fail('allowedFileTypes', "must be an array of extensions ('.png') or MIME types ('image/png')");
  if (
    config.fileStoragePath !== undefined &&
    (typeof config.fileStoragePath !== 'string' || config.fileStoragePath === '')
  ) {
    fail('fileStoragePath', 'must be a non-empty path');
  }
}

/** Opens the environment's pool. `connections`: per environment, null for undici's default (unlimited). */
export function openHttpEnvironment(
  env: ResolvedEnvironment<HttpEnvironmentConfig>,
  clientInterceptors: readonly HttpInterceptor[],
  connections: number | null,
): HttpEnvironment {
  const config = env.config;
  return {
    name: env.name,
    env,
    // Connecting counts against the attempt's timeout too (a connect timeout provably sent nothing).
    pool: new Pool(env.origin, { connections, connectTimeout: env.timeoutMs }),
    interceptors: Object.freeze([...clientInterceptors, ...(config.interceptors ?? [])]),
    maxFileSize: config.maxFileSize,
    allowedFileTypes: config.allowedFileTypes,
    fileStoragePath: config.fileStoragePath === undefined ? undefined : path.resolve(config.fileStoragePath),
  };
}
