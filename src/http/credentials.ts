import type { EnvironmentAuth } from '../failover/auth';
import { AttemptFailure } from '../failover/attempt-failure';
import { BearerTokenProviderError } from '../failover/errors';
import { NO_HEADERS } from './request-target';

/**
 * `headers` with the environment's credential added (a copy; `headers` is never changed). A value
 * from a token provider makes it async; a provider that fails is a failed attempt that provably
 * sent nothing.
 */
export function withCredentials(
  headers: Record<string, string>,
  auth: EnvironmentAuth,
  environment: string,
): Record<string, string> | Promise<Record<string, string>> {
  // The common case: no headers of the caller's, a static credential — its prebuilt, frozen set.
  if (headers === NO_HEADERS && auth.staticHeaders !== undefined) return auth.staticHeaders;
  const value = auth.primaryValue();
  if (typeof value === 'string') return { ...headers, [auth.primaryHeader]: value };
  return value.then(
    (resolved) => ({ ...headers, [auth.primaryHeader]: resolved }),
    (error: unknown) => {
      throw providerFailure(environment, error);
    },
  );
}

/** Both's 401 retry: the primary credential replaced by the API key. */
export function apiKeyHeaders(
  headers: Record<string, string>,
  auth: EnvironmentAuth,
): Record<string, string> {
  const retry = { ...headers };
  delete retry[auth.primaryHeader];
  retry[auth.apiKeyHeader] = auth.apiKeyValue()!;
  return retry;
}

/** The provider's own text is not repeated (it may quote a refresh token): its scrubbed error is the cause. */
function providerFailure(environment: string, error: unknown): AttemptFailure {
  const provider = error instanceof BearerTokenProviderError ? error : undefined;
  return new AttemptFailure({
    environment,
    outcome: `bearer token provider ${provider?.reason ?? 'failed'}`,
    retriable: true,
    cause: provider?.cause instanceof Error ? provider.cause : undefined,
  });
}
