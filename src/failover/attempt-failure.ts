/**
 * A failed attempt, classified by the transport that made it: `retriable` says whether the request
 * may be sent again (here or elsewhere). Thrown inside the breaker so cockatiel counts it, and inside
 * the retry policy so it is retried when `retriable`. Internal: callers see the answer, the
 * transport's `callerError`, or AllEnvironmentsFailedError.
 */
export class AttemptFailure extends Error {
  readonly environment: string;
  /** Human-readable, secrets already scrubbed: 'HTTP 503', 'timed out after 200 ms'. */
  readonly outcome: string;
  /** May be sent again, here or elsewhere: idempotent, or never reached. */
  readonly retriable: boolean;
  /** The environment answered (a failed answer): the attempt's latency counts. */
  readonly answered: boolean;
  /** The failed answer, returned as is when the request may not move on. */
  readonly answer?: unknown;
  /** A status code the environment answered with, where the transport has one. */
  readonly status?: number;
  /** What the caller gets when the request may not move on and there is no answer. */
  readonly callerError?: Error;

  constructor(init: {
    environment: string;
    outcome: string;
    retriable: boolean;
    answered?: boolean;
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
    this.answered = init.answered ?? false;
    this.answer = init.answer;
    this.status = init.status;
    this.callerError = init.callerError;
  }
}
