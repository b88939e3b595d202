import { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import {
  AttemptFailure,
  describeNetworkError,
  errorCode,
  provablyNeverReached,
} from '../failover/attempt-failure';
import { AttemptTimer, abortReason, raceAbort } from '../failover/attempt-timer';
import type { EnvironmentState } from '../failover/environment-state';
import {
  BearerTokenProviderError,
  InterceptorError,
  RequestFailedError,
  RequestTimeoutError,
} from '../failover/errors';
import { scrubbedError } from '../failover/secret-scrubber';
import type { FailoverCore } from '../failover/failover-core';
import { MatryoshkaError } from '../core';
import type { HttpInterceptor, OutgoingRequest } from './interceptor';
import { logPath } from './request-target';

/** A body that can be sent again: bytes, or a factory that streams a fresh copy per send. */
export type ReplayableBody = string | Uint8Array | ((state: EnvironmentState) => AsyncIterable<Uint8Array>);

/** One attempt's request, independent of the environment it goes to. */
export interface ExchangeSpec<T> {
  method: string;
  /** Endpoint and query, relative to the environment's base path. */
  path: string;
  /** Lower-case names; never mutated (each send copies what it changes). */
  headers: Record<string, string>;
  body: ReplayableBody | undefined;
  idempotent: boolean;
  signal: AbortSignal | undefined;
  timeoutMs: number | undefined;
  /** Turns the response into the result; throws AttemptFailure for a failed status. */
  consume(response: Dispatcher.ResponseData, attempt: ExchangeAttempt): Promise<T>;
}

/** What `consume` gets besides the response. */
export interface ExchangeAttempt {
  readonly state: EnvironmentState;
  readonly core: FailoverCore;
  readonly started: number;
  readonly idempotent: boolean;
  /** Present when the environment has interceptors. */
  readonly outgoing: OutgoingRequest | undefined;
}

/** undici's own timeout errors: the server took longer than timeoutMs to answer, or stalled mid-body. */
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/**
 * undici runs header/body timeouts on its coarse "fast timers" (≈1 s resolution): fine for the
 * 10 s default, but a 300 ms timeout would fire near 1 s. Below this bound the wait for response
 * headers also gets a precise timer of its own; at or above it, undici's timers alone (no
 * allocation per request on the default path).
 */
const PRECISE_TIMEOUT_BELOW_MS = 5_000;

/**
 * One attempt in one environment: credentials, interceptors, the send (and Both's 401 retry with
 * the API key), with every failure classified for the failover loop.
 *
 * The attempt's timeout is undici's per-request `headersTimeout` (no response headers within
 * timeoutMs; kept alive while a body is being uploaded) and `bodyTimeout` (the body stalls for
 * timeoutMs); connecting is bounded by the pool's connect timeout. On expiry undici destroys the
 * socket, so the attempt is aborted, and no timer or AbortController is allocated per request.
 * Short timeouts (below PRECISE_TIMEOUT_BELOW_MS) add a precise timer for the headers wait.
 */
export async function exchange<T>(
  core: FailoverCore,
  state: EnvironmentState,
  attemptNo: number,
  spec: ExchangeSpec<T>,
): Promise<T> {
  const env = state.env;
  const timeoutMs = spec.timeoutMs ?? env.timeoutMs;
  const interceptors = env.interceptors;
  let outgoing: OutgoingRequest | undefined;
  const started = performance.now();
  // A per-call timeout may be shorter than the pool's connect timeout (the environment's): it needs
  // its own timer to end a wait for a connection.
  const timer =
    timeoutMs < PRECISE_TIMEOUT_BELOW_MS || spec.timeoutMs !== undefined
      ? new AttemptTimer(timeoutMs, spec.signal)
      : undefined;
  const signal = timer ? timer.signal : spec.signal;
  try {
    let headers = spec.headers;
    const auth = env.auth;
    // A credential header the caller set explicitly replaces ours.
    const addAuth = auth.enabled && headers[auth.primaryHeader] === undefined;
    if (interceptors.length > 0) {
      outgoing = {
        environment: state.name,
        method: spec.method,
        url: env.origin + env.basePath + spec.path,
        headers: { ...headers },
        attempt: attemptNo,
      };
      for (const interceptor of interceptors) {
        if (interceptor.onRequest)
          await callInterceptor('onRequest', state.name, () => interceptor.onRequest!(outgoing!), core.scrub);
      }
      headers = outgoing.headers;
    }
    if (addAuth) {
      headers = headers === spec.headers ? { ...headers } : headers;
      const value = auth.primaryValue();
      headers[auth.primaryHeader] = typeof value === 'string' ? value : await credentials(core, state, value);
    }
    state.requests++;
    let response = await send(state, spec, headers, timeoutMs, signal);
    if (response.statusCode === 401 && addAuth && auth.retryWithApiKeyOn401) {
      await response.body.dump();
      const retryHeaders = { ...headers };
      delete retryHeaders[auth.primaryHeader];
      retryHeaders[auth.apiKeyHeader] = auth.apiKeyValue()!;
      response = await send(state, spec, retryHeaders, timeoutMs, signal);
    }
    // Headers are in: from here the body is bounded by undici's bodyTimeout, as on the default path.
    timer?.stopClock();
    if (env.enableLogging) {
      core.logger.debug(
        {
          environment: state.name,
          method: spec.method,
          path: logPath(spec.path),
          status: response.statusCode,
          attempt: attemptNo,
        },
        'failover: http response',
      );
    }
    return await spec.consume(response, { state, core, started, idempotent: spec.idempotent, outgoing });
  } catch (error) {
    if (error instanceof AttemptFailure || error instanceof MatryoshkaError) throw error;
    if (spec.signal?.aborted) throw abortReason(spec.signal);
    const code = errorCode(error);
    const failure =
      timer?.timedOut || (code !== undefined && TIMEOUT_CODES.has(code))
        ? timeoutFailure(state, timeoutMs, spec.idempotent)
        : networkFailure(core, state, error, spec.idempotent);
    state.recordFailure(failure.outcome);
    if (outgoing !== undefined)
      await notifyError(
        core,
        interceptors,
        state.name,
        error instanceof Error ? error : new Error(String(error)),
        outgoing,
      );
    throw failure;
  } finally {
    timer?.dispose();
  }
}

function send(
  state: EnvironmentState,
  spec: ExchangeSpec<unknown>,
  headers: Record<string, string>,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<Dispatcher.ResponseData> {
  const body = spec.body;
  const sent = state.pool.request({
    path: state.env.basePath + spec.path,
    method: spec.method as Dispatcher.HttpMethod,
    headers,
    // A fresh stream per send, so a retry or the next environment gets the whole body again.
    body: typeof body === 'function' ? Readable.from(body(state), { objectMode: false }) : body,
    signal,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  // undici applies an abort to a request still waiting for a connection only once it connects.
  return signal === undefined ? sent : raceAbort(sent, signal);
}

/** Resolves a credential; a provider that fails is a failed attempt that provably sent nothing. */
async function credentials(
  core: FailoverCore,
  state: EnvironmentState,
  value: string | Promise<string>,
): Promise<string> {
  if (typeof value === 'string') return value;
  try {
    return await value;
  } catch (error) {
    // The provider's own text is not repeated (it may quote a refresh token): its scrubbed error is the cause.
    const provider = error instanceof BearerTokenProviderError ? error : undefined;
    const outcome = `bearer token provider ${provider?.reason ?? 'failed'}`;
    state.recordFailure(outcome);
    throw new AttemptFailure({
      environment: state.name,
      outcome,
      retriable: true,
      cause: provider?.cause instanceof Error ? provider.cause : undefined,
    });
  }
}

function timeoutFailure(state: EnvironmentState, timeoutMs: number, idempotent: boolean): AttemptFailure {
  return new AttemptFailure({
    environment: state.name,
    outcome: `timed out after ${timeoutMs} ms`,
    retriable: idempotent,
    callerError: new RequestTimeoutError(state.name, timeoutMs),
  });
}

function networkFailure(
  core: FailoverCore,
  state: EnvironmentState,
  error: unknown,
  idempotent: boolean,
): AttemptFailure {
  const neverReached = provablyNeverReached(error);
  const outcome = core.scrub(describeNetworkError(error));
  return new AttemptFailure({
    environment: state.name,
    outcome,
    retriable: idempotent || neverReached,
    callerError: new RequestFailedError(state.name, outcome, { cause: error }),
  });
}

/** Runs one interceptor hook; its error becomes an InterceptorError instead of vanishing. */
export async function callInterceptor(
  hook: 'onRequest' | 'onResponse' | 'onError',
  environment: string,
  run: () => void | Promise<void>,
  scrub: (text: string) => string,
): Promise<void> {
  try {
    await run();
  } catch (error) {
    // The interceptor's message may quote a credential: scrubbed like executeWithFallback's errors.
    const cause = scrubbedError(error, scrub);
    throw new InterceptorError(hook, environment, cause.message, { cause });
  }
}

async function notifyError(
  core: FailoverCore,
  interceptors: readonly HttpInterceptor[],
  environment: string,
  error: Error,
  outgoing: OutgoingRequest,
): Promise<void> {
  for (const interceptor of interceptors) {
    if (interceptor.onError)
      await callInterceptor('onError', environment, () => interceptor.onError!(error, outgoing), core.scrub);
  }
}
