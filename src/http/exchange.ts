import { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { MatryoshkaError } from '../core';
import { AttemptFailure } from '../failover/attempt-failure';
import { AttemptTimer, abortReason, raceAbort } from '../failover/attempt-timer';
import { isTimeoutError, networkFailure, timeoutFailure } from './classify';
import { apiKeyHeaders, withCredentials } from './credentials';
import type { HttpEnvironment } from './http-environment';
import type { OutgoingRequest } from './interceptor';
import { notifyError, runOnRequest } from './interceptor-calls';
import { logPath } from './request-target';
import type { Logger } from '../core';

/** A body that can be sent again: bytes, or a factory that streams a fresh copy per send. */
export type ReplayableBody = string | Uint8Array | ((http: HttpEnvironment) => AsyncIterable<Uint8Array>);

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
  readonly http: HttpEnvironment;
  readonly idempotent: boolean;
  /** Present when the environment has interceptors. */
  readonly outgoing: OutgoingRequest | undefined;
  readonly scrub: (text: string) => string;
}

/** What an exchange needs from the client: its logger and its secret scrubber. */
export interface ExchangeContext {
  readonly logger: Logger;
  readonly scrub: (text: string) => string;
}

/**
 * undici runs header/body timeouts on its coarse "fast timers" (≈1 s resolution): fine for the
 * 10 s default, but a 300 ms timeout would fire near 1 s. Below this bound the wait for response
 * headers also gets a precise timer of its own; at or above it, undici's timers alone (no
 * allocation per request on the default path).
 */
const PRECISE_TIMEOUT_BELOW_MS = 5_000;

/**
 * One HTTP attempt in one environment: interceptors, credentials, the send (and Both's 401 retry
 * with the API key), then `consume`; every failure is classified for the failover loop.
 *
 * The attempt's timeout is undici's per-request `headersTimeout` and `bodyTimeout`; connecting is
 * bounded by the pool's connect timeout. On expiry undici destroys the socket, so the attempt is
 * aborted. Short or per-call timeouts add a precise timer, which also ends a wait for a connection.
 */
export async function exchange<T>(
  context: ExchangeContext,
  http: HttpEnvironment,
  attemptNo: number,
  spec: ExchangeSpec<T>,
): Promise<T> {
  const env = http.env;
  const timeoutMs = spec.timeoutMs ?? env.timeoutMs;
  // A per-call timeout may be shorter than the pool's connect timeout (the environment's).
  const timer =
    timeoutMs < PRECISE_TIMEOUT_BELOW_MS || spec.timeoutMs !== undefined
      ? new AttemptTimer(timeoutMs, spec.signal)
      : undefined;
  const signal = timer ? timer.signal : spec.signal;
  let outgoing: OutgoingRequest | undefined;
  try {
    let headers = spec.headers;
    if (http.interceptors.length > 0) {
      outgoing = outgoingRequest(http, spec, attemptNo);
      await runOnRequest(http, outgoing, context.scrub);
      headers = outgoing.headers;
    }
    const auth = env.auth;
    // A credential header the caller set explicitly replaces ours.
    const addAuth = auth.enabled && headers[auth.primaryHeader] === undefined;
    if (addAuth) {
      const withAuth = withCredentials(headers, auth, http.name);
      // Awaiting a plain object still costs a microtask: only a token provider's promise is awaited.
      headers = withAuth instanceof Promise ? await withAuth : withAuth;
    }
    let response = await send(http, spec, headers, timeoutMs, signal);
    if (response.statusCode === 401 && addAuth && auth.retryWithApiKeyOn401) {
      await response.body.dump();
      response = await send(http, spec, apiKeyHeaders(headers, auth), timeoutMs, signal);
    }
    // Headers are in: from here the body is bounded by undici's bodyTimeout, as on the default path.
    timer?.stopClock();
    if (env.enableLogging) logResponse(context.logger, http, spec, response.statusCode, attemptNo);
    return await spec.consume(response, {
      http,
      idempotent: spec.idempotent,
      outgoing,
      scrub: context.scrub,
    });
  } catch (error) {
    if (error instanceof AttemptFailure || error instanceof MatryoshkaError) throw error;
    if (spec.signal?.aborted) throw abortReason(spec.signal);
    const failure =
      timer?.timedOut || isTimeoutError(error)
        ? timeoutFailure(http.name, timeoutMs, spec.idempotent)
        : networkFailure(http.name, error, spec.idempotent, context.scrub);
    if (outgoing !== undefined) await notifyError(http, error, outgoing, context.scrub);
    throw failure;
  } finally {
    timer?.dispose();
  }
}

function outgoingRequest(
  http: HttpEnvironment,
  spec: ExchangeSpec<unknown>,
  attempt: number,
): OutgoingRequest {
  return {
    environment: http.name,
    method: spec.method,
    url: http.env.origin + http.env.basePath + spec.path,
    headers: { ...spec.headers },
    attempt,
  };
}

function send(
  http: HttpEnvironment,
  spec: ExchangeSpec<unknown>,
  headers: Record<string, string>,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<Dispatcher.ResponseData> {
  const body = spec.body;
  const sent = http.pool.request({
    path: http.env.basePath + spec.path,
    method: spec.method as Dispatcher.HttpMethod,
    headers,
    // A fresh stream per send, so a retry or the next environment gets the whole body again.
    body: typeof body === 'function' ? Readable.from(body(http), { objectMode: false }) : body,
    signal,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  // undici applies an abort to a request still waiting for a connection only once it connects.
  return signal === undefined ? sent : raceAbort(sent, signal);
}

function logResponse(
  logger: Logger,
  http: HttpEnvironment,
  spec: ExchangeSpec<unknown>,
  status: number,
  attempt: number,
): void {
  logger.debug(
    { environment: http.name, method: spec.method, path: logPath(spec.path), status, attempt },
    'failover: http response',
  );
}
