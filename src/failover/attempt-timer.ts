/** The abort reason of an attempt that ran out of time; compared by identity. */
export class AttemptTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${timeoutMs} ms`);
    this.name = 'AttemptTimeout';
  }
}

/**
 * One attempt's AbortSignal: fires on the attempt's timeout or when the caller's signal aborts.
 * `refresh()` turns the timeout into an idle timeout for streamed bodies. Always `dispose()`.
 */
export class AttemptTimer {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private timedOutFlag = false;

  constructor(
    readonly timeoutMs: number,
    private readonly callerSignal: AbortSignal | undefined,
  ) {
    this.timer = setTimeout(this.onTimeout, timeoutMs);
    if (callerSignal !== undefined) {
      if (callerSignal.aborted) this.controller.abort(callerSignal.reason);
      else callerSignal.addEventListener('abort', this.onAbort, { once: true });
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** True once the timeout (not the caller) aborted the attempt. */
  get timedOut(): boolean {
    return this.timedOutFlag;
  }

  /** Restarts the countdown: data is flowing. */
  refresh(): void {
    this.timer.refresh();
  }

  /** Stops the countdown but keeps the caller's abort linked (until `dispose`). */
  stopClock(): void {
    clearTimeout(this.timer);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.callerSignal?.removeEventListener('abort', this.onAbort);
  }

  private readonly onTimeout = (): void => {
    this.timedOutFlag = true;
    this.controller.abort(new AttemptTimeout(this.timeoutMs));
  };

  private readonly onAbort = (): void => {
    this.controller.abort(this.callerSignal!.reason);
  };
}

/** The error a caller's abort surfaces as: the signal's reason, like fetch. */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const error = new Error(reason === undefined ? 'This operation was aborted' : String(reason));
  error.name = 'AbortError';
  return error;
}

/**
 * Settles like `work`, or rejects with the signal's reason as soon as `signal` aborts. For work that
 * does not stop on abort by itself: an operation that ignores its signal, or an undici request still
 * queued for a connection (undici applies the abort only once connected, so the wait would last the
 * pool's connect timeout). `work`'s later rejection is handled here.
 */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.then(undefined, () => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
