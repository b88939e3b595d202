import { AttemptFailure } from '../failover/attempt-failure';
import { HttpStatusError, RequestFailedError, RequestTimeoutError } from './errors';

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

/** undici's own timeout errors: the server took longer than timeoutMs to answer, or stalled mid-body. */
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** True for undici's header/body timeout errors. */
export function isTimeoutError(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && TIMEOUT_CODES.has(code);
}

/** The attempt ran out of time; it may have reached the server, so only an idempotent request moves on. */
export function timeoutFailure(environment: string, timeoutMs: number, idempotent: boolean): AttemptFailure {
  return new AttemptFailure({
    environment,
    outcome: `timed out after ${timeoutMs} ms`,
    retriable: idempotent,
    callerError: new RequestTimeoutError(environment, timeoutMs),
  });
}

/** A transport error: it moves on when idempotent or when it provably never reached the server. */
export function networkFailure(
  environment: string,
  error: unknown,
  idempotent: boolean,
  scrub: (text: string) => string,
): AttemptFailure {
  const outcome = scrub(describeNetworkError(error));
  return new AttemptFailure({
    environment,
    outcome,
    retriable: idempotent || provablyNeverReached(error),
    callerError: new RequestFailedError(environment, outcome, { cause: error }),
  });
}

/** A 5xx/408/429 answer: returned as is (`answer`) when the request may not move on. */
export function statusFailure(
  environment: string,
  status: number,
  idempotent: boolean,
  answer: unknown,
): AttemptFailure {
  return new AttemptFailure({
    environment,
    outcome: `HTTP ${status}`,
    status,
    retriable: idempotent,
    answered: true,
    answer,
    callerError: new HttpStatusError(status, environment),
  });
}
