/** Error codes that prove a request never reached the server: nothing was sent. */
const NEVER_REACHED_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'UND_ERR_CONNECT_TIMEOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * A failed attempt: a network error, a timeout, or a 5xx/408/429 answer. Thrown inside the breaker
 * so cockatiel counts it, and inside the retry policy so it is retried when `retriable`.
 * Internal: callers see the answer, a RequestTimeoutError/RequestFailedError, or AllEnvironmentsFailedError.
 */
export class AttemptFailure extends Error {
  readonly environment: string;
  /** Human-readable, secrets already scrubbed: 'HTTP 503', 'timed out after 200 ms'. */
  readonly outcome: string;
  /** May be sent again, here or elsewhere: idempotent, or never reached. */
  readonly retriable: boolean;
  /** The failed answer (a 5xx/408/429 response), returned as is when the request may not move on. */
  readonly answer?: unknown;
  readonly status?: number;
  /** What the caller gets when the request may not move on and there is no answer. */
  readonly callerError?: Error;

  constructor(init: {
    environment: string;
    outcome: string;
    retriable: boolean;
    answer?: unknown;
    status?: number;
    callerError?: Error;
    /** Scrubbed: reported in AllEnvironmentsFailedError's outcomes. */
    cause?: Error;
  }) {
    super(init.outcome, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'AttemptFailure';
    this.environment = init.environment;
    this.outcome = init.outcome;
    this.retriable = init.retriable;
    this.answer = init.answer;
    this.status = init.status;
    this.callerError = init.callerError;
  }
}

/** 5xx, 408 and 429 are failed attempts; every other status is an answer. */
export function isFailureStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/** The error's code (Node system errors, undici errors), if any. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True where the error proves nothing was sent to the server. */
export function provablyNeverReached(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && NEVER_REACHED_CODES.has(code);
}

/** A short description of a transport error: 'connection refused (ECONNREFUSED)'. */
export function describeNetworkError(error: unknown): string {
  const code = errorCode(error);
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused (ECONNREFUSED)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return `host not found (${code})`;
    case 'ECONNRESET':
      return 'connection reset (ECONNRESET)';
    case 'UND_ERR_SOCKET':
      return 'socket closed by the server (UND_ERR_SOCKET)';
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connect timeout (UND_ERR_CONNECT_TIMEOUT)';
    default: {
      const message = error instanceof Error ? error.message : String(error);
      return code ? `${message} (${code})` : message;
    }
  }
}
