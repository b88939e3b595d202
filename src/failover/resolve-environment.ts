import { redactSecrets } from '../core';
import { EnvironmentAuth } from './auth';
import { AuthType, type FailoverEnvironmentConfig } from './environment-config';
import { EnvironmentConfigError } from './errors';
import { showAs, type SecretScrubber } from './secret-scrubber';

/** Defaults the contract fixes. */
export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_RETRIES = 0;

/** RFC 9110 token: what a header name may be. */
export const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** A header value may not break the header block. */
const UNSAFE_HEADER_VALUE = /[\r\n\0]/;
const AUTH_TYPES = new Set<string>(Object.values(AuthType));

/** Reports a bad field of `environment` ('*' for a client-level option). */
export type FailField = (field: string, reason: string) => never;

/** The `fail` of one environment's validation: throws EnvironmentConfigError naming it and the field. */
export function failFor(environment: string): FailField {
  return (field, reason) => {
    throw new EnvironmentConfigError(environment, field, reason);
  };
}

/** An environment's validated config plus what every attempt needs precomputed. */
export interface ResolvedEnvironment<TConfig extends FailoverEnvironmentConfig = FailoverEnvironmentConfig> {
  readonly name: string;
  /** A frozen copy of what the user passed; printed or serialised, its credentials are [REDACTED]. */
  readonly config: Readonly<TConfig>;
  /** scheme://host:port. */
  readonly origin: string;
  /** The apiUrl's path without a trailing slash ('' or '/api'). */
  readonly basePath: string;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly auth: EnvironmentAuth;
  readonly enableLogging: boolean;
}

/** Validates the failover fields of one environment. Throws EnvironmentConfigError naming it and the field. */
export function resolveEnvironment<TConfig extends FailoverEnvironmentConfig>(
  name: string,
  config: TConfig,
  scrubber: SecretScrubber,
): ResolvedEnvironment<TConfig> {
  const fail = failFor(name);
  if (!config || typeof config !== 'object') fail('(config)', 'must be an object');
  const url = validateApiUrl(config.apiUrl, fail);
  const authType = validateAuth(config, fail);
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
  const copy = { ...config };
  return {
    name,
    config: Object.freeze(showAs(copy, () => redactSecrets({ ...copy }))),
    origin: url.origin,
    basePath: url.pathname.replace(/\/+$/, ''),
    timeoutMs,
    maxRetries,
    auth: new EnvironmentAuth(
      name,
      authType,
      config.apiKey,
      config.bearerToken,
      config.customAuthHeader,
      scrubber,
    ),
    enableLogging: config.enableLogging === true,
  };
}

function validateApiUrl(apiUrl: unknown, fail: FailField): URL {
  if (typeof apiUrl !== 'string') fail('apiUrl', 'is required');
  let url: URL | undefined;
  try {
    url = new URL(apiUrl as string);
  } catch {
    fail('apiUrl', 'is not a valid URL');
  }
  if (url!.protocol !== 'http:' && url!.protocol !== 'https:')
    fail('apiUrl', `must be http or https, got ${url!.protocol}`);
  if (url!.username || url!.password)
    fail('apiUrl', 'must not contain credentials; use apiKey or bearerToken');
  if (url!.search || url!.hash) fail('apiUrl', 'must not contain a query or fragment');
  return url!;
}

/** Checks the credentials and derives the auth type when it is not given. */
function validateAuth(config: FailoverEnvironmentConfig, fail: FailField): AuthType {
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
  return authType;
}
