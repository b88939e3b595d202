import { MatryoshkaError } from '../core';

/**
 * A configuration the client cannot run with. Thrown by `new FailoverClient(…)`, never later:
 * it names the environment and the field, and never quotes a secret.
 *
 * @example
 * ```ts
 * try { new FailoverClient({ environments: { production: { apiUrl: 'not a url' } } }); }
 * catch (e) { if (e instanceof EnvironmentConfigError) console.log(e.environment, e.field); }
 * ```
 */
export class EnvironmentConfigError extends MatryoshkaError {
  constructor(
    /** The environment whose config is wrong, or '*' for a client-level option. */
    readonly environment: string,
    /** The offending field, e.g. 'apiUrl' or 'healthCheck.intervalMs'. */
    readonly field: string,
    reason: string,
  ) {
    super(
      environment === '*'
        ? `Invalid failover option ${field}: ${reason}`
        : `Invalid config for environment '${environment}', field ${field}: ${reason}`,
    );
  }
}

/** A name that is not one of the configured environments (only what the user configured exists). */
export class UnknownEnvironmentError extends MatryoshkaError {
  constructor(
    readonly environment: string,
    readonly known: readonly string[],
  ) {
    super(`Unknown environment '${environment}'; configured: ${known.join(', ')}.`);
  }
}

/** What one environment did with a request, as reported by {@link AllEnvironmentsFailedError}. */
export interface EnvironmentOutcome {
  environment: string;
  /** Human-readable: 'HTTP 503', 'timed out after 200 ms', 'connection refused (ECONNREFUSED)', 'skipped: circuit open'. */
  outcome: string;
  /** The status code the environment answered with, where the transport has one (an HTTP status). */
  status?: number;
  /** How many attempts were made there (0 when skipped). */
  attempts: number;
  /** What made it fail, scrubbed of secrets, where that says more than `outcome` (a token provider's error). */
  cause?: Error;
}

/** Every environment was tried and none gave an answer. The message says what each one did. */
export class AllEnvironmentsFailedError extends MatryoshkaError {
  /** `cause`: the first outcome's cause, if any (a token provider's scrubbed error). */
  constructor(readonly outcomes: readonly EnvironmentOutcome[]) {
    const cause = outcomes.find((o) => o.cause !== undefined)?.cause;
    super(
      outcomes.length === 0
        ? 'No environment could be tried.'
        : `All environments failed: ${outcomes.map((o) => `${o.environment}: ${o.outcome}`).join('; ')}.`,
      cause === undefined ? undefined : { cause },
    );
  }
}

/**
 * An environment's bearer-token provider threw (or gave no token). Its own text is not repeated here
 * — it may quote a refresh token — `cause` is its error with anything credential-like scrubbed.
 */
export class BearerTokenProviderError extends MatryoshkaError {
  constructor(
    readonly environment: string,
    /** 'failed' (it threw or rejected) or 'returned no token'. */
    readonly reason: 'failed' | 'returned no token',
    options?: { cause?: Error },
  ) {
    super(`The bearer token provider of environment '${environment}' ${reason}.`, options);
  }
}

/** The client (or hub instance) was closed; it makes no more requests. */
export class FailoverClientClosedError extends MatryoshkaError {
  constructor() {
    super('The FailoverClient is closed.');
  }
}
