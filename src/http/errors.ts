import { MatryoshkaError } from '../core';

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
