import * as path from 'node:path';
import type { HttpInterceptor } from '../http/interceptor';
import { redactSecrets } from '../core';
import { EnvironmentAuth } from './auth';
import { SecretScrubber, showAs } from './secret-scrubber';
import { AuthType, type EnvironmentConfig } from './environment-config';
import { EnvironmentConfigError } from './errors';
import type { FailoverClientOptions } from './failover-options';
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, type ResolvedEnvironment } from './resolved-environment';

/** RFC 9110 token: what a header name may be. */
const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** A header value may not break the header block. */
const UNSAFE_HEADER_VALUE = /[\r\n\0]/;
const AUTH_TYPES = new Set<string>(Object.values(AuthType));

/** Validates one environment and precomputes what requests need. Throws EnvironmentConfigError. */
export function resolveEnvironment(
  name: string,
  config: EnvironmentConfig,
  clientInterceptors: readonly HttpInterceptor[],
  scrubber: SecretScrubber,
): ResolvedEnvironment {
  const fail = (field: string, reason: string): never => {
    throw new EnvironmentConfigError(name, field, reason);
  };
  if (!config || typeof config !== 'object') fail('(config)', 'must be an object');

  let url: URL | undefined;
  if (typeof config.apiUrl !== 'string') fail('apiUrl', 'is required');
  try {
    url = new URL(config.apiUrl);
  } catch {
    fail('apiUrl', 'is not a valid URL');
  }
  if (url!.protocol !== 'http:' && url!.protocol !== 'https:')
    fail('apiUrl', `must be http or https, got ${url!.protocol}`);
  if (url!.username || url!.password)
    fail('apiUrl', 'must not contain credentials; use apiKey or bearerToken');
  if (url!.search || url!.hash) fail('apiUrl', 'must not contain a query or fragment');

  if (config.apiKey !== undefined) {
    if (typeof config.apiKey !== 'string' || config.apiKey.length === 0)
      fail('apiKey', 'must be a non-empty string');
    if (UNSAFE_HEADER_VALUE.test(config.apiKey)) fail('apiKey', 'contains a line break or NUL');
  }
  const token = config.bearerToken;
  if (token !== undefined) {
    if (typeof token === 'string') {
      if (token.length === 0) fail('bearerToken', 'must be a non-empty string or a provider function');
      if (UNSAFE_HEADER_VALUE.test(token)) fail('bearerToken', 'contains a line break or NUL');
    } else if (typeof token !== 'function') {
      fail('bearerToken', 'must be a string or a function returning a token');
    }
  }
  const hasKey = config.apiKey !== undefined;
  const hasToken = token !== undefined;
  let authType = config.authType;
  if (authType === undefined) {
    authType =
      hasKey && hasToken
        ? AuthType.Both
        : hasKey
          ? AuthType.ApiKey
          : hasToken
            ? AuthType.Bearer
            : AuthType.None;
  } else if (!AUTH_TYPES.has(authType)) {
    fail('authType', `must be one of ${[...AUTH_TYPES].join(', ')}`);
  }
  if ((authType === AuthType.ApiKey || authType === AuthType.Both) && !hasKey)
    fail('apiKey', `is required for authType '${authType}'`);
  if ((authType === AuthType.Bearer || authType === AuthType.Both) && !hasToken)
    fail('bearerToken', `is required for authType '${authType}'`);

  if (
    config.customAuthHeader !== undefined &&
    (typeof config.customAuthHeader !== 'string' || !HTTP_TOKEN.test(config.customAuthHeader))
  ) {
    fail('customAuthHeader', 'must be an HTTP header name (an RFC 9110 token)');
  }
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0)
    fail('timeoutMs', 'must be a positive number of milliseconds');
  const maxRetries = config.maxRetries ?? DEFAULT_MAX_RETRIES;
  if (!Number.isInteger(maxRetries) || maxRetries < 0) fail('maxRetries', 'must be an integer ≥ 0');
  if (config.interceptors !== undefined && !Array.isArray(config.interceptors))
    fail('interceptors', 'must be an array');
  for (const interceptor of config.interceptors ?? []) {
    if (!interceptor || typeof interceptor !== 'object')
      fail('interceptors', 'each interceptor must be an object');
  }
  if (config.socketUrl !== undefined) {
    let socketUrl: URL | undefined;
    try {
      socketUrl = new URL(config.socketUrl);
    } catch {
      fail('socketUrl', 'is not a valid URL');
    }
    if (!['http:', 'https:', 'ws:', 'wss:'].includes(socketUrl!.protocol))
      fail('socketUrl', 'must be http, https, ws or wss');
  }
  if (
    config.maxFileSize !== undefined &&
    (typeof config.maxFileSize !== 'number' || !(config.maxFileSize > 0))
  ) {
    fail('maxFileSize', 'must be a positive number of bytes');
  }
  if (config.allowedFileTypes !== undefined) {
    if (
      !Array.isArray(config.allowedFileTypes) ||
      config.allowedFileTypes.some((t) => typeof t !== 'string' || t.trim() === '')
    ) {
      fail('allowedFileTypes', "must be an array of extensions ('.png') or MIME types ('image/png')");
    }
  }
  if (
    config.fileStoragePath !== undefined &&
    (typeof config.fileStoragePath !== 'string' || config.fileStoragePath === '')
  ) {
    fail('fileStoragePath', 'must be a non-empty path');
  }

  const basePath = url!.pathname.replace(/\/+$/, '');
  const copy = { ...config };
  return {
    name,
    // Printed or serialised, it shows [REDACTED] for its credentials; read, it is the user's config.
    config: Object.freeze(showAs(copy, () => redactSecrets({ ...copy }))),
    origin: url!.origin,
    basePath,
    timeoutMs,
    maxRetries,
    auth: new EnvironmentAuth(name, authType!, config.apiKey, token, config.customAuthHeader, scrubber),
    interceptors: Object.freeze([...clientInterceptors, ...(config.interceptors ?? [])]),
    enableLogging: config.enableLogging === true,
    fileStoragePath: config.fileStoragePath === undefined ? undefined : path.resolve(config.fileStoragePath),
  };
}

/** Normalised client-level options. */
export interface ResolvedClientOptions {
  environments: ResolvedEnvironment[];
  preferred: string;
  fallbackOrder: string[];
  health: { path: string; intervalMs: number; timeoutMs: number; failback: boolean };
  breakerThreshold: number;
  halfOpenAfterMs: number;
  backoffInitialMs: number;
  backoffMaxMs: number;
  connections: number | null;
  /** Knows every environment's secrets. */
  scrubber: SecretScrubber;
}

/** Validates the whole client configuration. Throws EnvironmentConfigError ('*' for client-level fields). */
export function resolveClientOptions(options: FailoverClientOptions): ResolvedClientOptions {
  const fail = (field: string, reason: string): never => {
    throw new EnvironmentConfigError('*', field, reason);
  };
  if (!options || typeof options !== 'object') fail('options', 'must be an object');
  const envs = options.environments;
  if (!envs || typeof envs !== 'object' || Object.keys(envs).length === 0)
    fail('environments', 'must configure at least one environment');
  const clientInterceptors = options.interceptors ?? [];
  if (!Array.isArray(clientInterceptors)) fail('interceptors', 'must be an array');
  const scrubber = new SecretScrubber();
  const environments = Object.keys(envs).map((name) => {
    if (name.trim() === '') fail('environments', 'an environment name may not be empty');
    return resolveEnvironment(name, envs[name], clientInterceptors, scrubber);
  });
  const names = environments.map((e) => e.name);
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
  const hc = options.healthCheck ?? {};
  const health = {
    path: hc.path ?? '/health',
    // Asking for health checks without an interval means the usual 30 s; omitting them means none.
    intervalMs: hc.intervalMs ?? (options.healthCheck ? 30_000 : 0),
    timeoutMs: hc.timeoutMs ?? 2_000,
    failback: hc.failback ?? true,
  };
  if (typeof health.path !== 'string' || !health.path.startsWith('/'))
    fail('healthCheck.path', "must start with '/'");
  if (!Number.isFinite(health.intervalMs) || health.intervalMs < 0)
    fail('healthCheck.intervalMs', 'must be ≥ 0 (0 = no background checks)');
  if (!Number.isFinite(health.timeoutMs) || health.timeoutMs <= 0)
    fail('healthCheck.timeoutMs', 'must be a positive number of milliseconds');
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
  const connections = options.connectionsPerEnvironment ?? null;
  if (connections !== null && (!Number.isInteger(connections) || connections < 1))
    fail('connectionsPerEnvironment', 'must be an integer ≥ 1');
  return {
    environments,
    preferred,
    fallbackOrder,
    health,
    breakerThreshold,
    halfOpenAfterMs,
    backoffInitialMs,
    backoffMaxMs,
    connections,
    scrubber,
  };
}
