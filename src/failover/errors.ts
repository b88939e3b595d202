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
  /** The HTTP status when the environment answered. */
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
 * An attempt timed out (and was aborted) in an environment the request may have reached; a request
 * that is not idempotent stops here instead of being sent again elsewhere.
 */
export class RequestTimeoutError extends MatryoshkaError {
  constructor(
    readonly environment: string,
    readonly timeoutMs: number,
  ) {
    super(
      `Request to environment '${environment}' timed out after ${timeoutMs} ms and was aborted; it may have reached the server, so it was not sent elsewhere.`,
    );
  }
}

/**
 * A network error after the request may have reached the server (connection reset, socket closed).
 * A request that is not idempotent stops here; `cause` is the transport's error.
 */
export class RequestFailedError extends MatryoshkaError {
  constructor(
    readonly environment: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Request to environment '${environment}' failed: ${reason}`, options);
  }
}

/** A file that may not be uploaded or a download target that is refused. Never triggers failover. */
export class FileValidationError extends MatryoshkaError {
  constructor(
    readonly filePath: string,
    readonly reason: string,
    readonly environment?: string,
  ) {
    super(`${environment ? `[${environment}] ` : ''}${filePath}: ${reason}`);
  }
}

/**
 * A download's file could not be written (its folder could not be created, the temporary file could
 * not be opened or written, or the rename failed). A local fault: it never triggers failover and
 * never counts against an environment's circuit breaker. `cause` is the file-system error.
 */
export class DownloadWriteError extends MatryoshkaError {
  constructor(
    readonly filePath: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Could not write the download to ${filePath}: ${reason}`, options);
  }
}

/** A download (or another call that needs a 2xx) got a non-2xx answer that is not a failover case. */
export class HttpStatusError extends MatryoshkaError {
  constructor(
    readonly status: number,
    readonly environment: string,
    what = 'Request',
  ) {
    super(`${what} answered HTTP ${status} in environment '${environment}'.`);
  }
}

/** An interceptor threw. The request stops (interceptors are the caller's code, not a network fault). */
export class InterceptorError extends MatryoshkaError {
  constructor(
    readonly hook: 'onRequest' | 'onResponse' | 'onError',
    readonly environment: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`Interceptor ${hook} failed in environment '${environment}': ${message}`, options);
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

/** `FailoverHub.getInstance` for a name that was never created (or was removed). */
export class UnknownInstanceError extends MatryoshkaError {
  constructor(
    readonly instance: string,
    readonly known: readonly string[],
  ) {
    super(
      `No failover instance named '${instance}'; available: ${known.length ? known.join(', ') : '(none)'}.`,
    );
  }
}

/**
 * No FailoverClient (or FailoverHub for a named instance) is registered in the pipeline's container.
 * Register one with `container.registerInstance(FailoverClient, client)`.
 */
export class FailoverClientNotRegisteredError extends MatryoshkaError {}
