import type { HttpResponse } from './http-response';

/**
 * A request as interceptors see it, just before it is sent to one environment. `headers` may be
 * changed in `onRequest`; credentials are added after interceptors run, so they never see (or log) them.
 */
export interface OutgoingRequest {
  readonly environment: string;
  readonly method: string;
  /** The full URL (the environment's apiUrl + endpoint + query). */
  readonly url: string;
  /** Lower-case header names. Mutable in `onRequest`. */
  headers: Record<string, string>;
  /** 1 for the first attempt in this environment, 2 for its first retry, … */
  readonly attempt: number;
}

/**
 * Hooks around every attempt, configured per environment (`EnvironmentConfig.interceptors`) or for
 * the whole client (`FailoverClientOptions.interceptors`). All three are optional and may be async.
 * An interceptor that throws stops the request with an `InterceptorError` — its error never vanishes.
 *
 * @example
 * ```ts
 * const timing: HttpInterceptor = {
 *   onRequest: (req) => { req.headers['x-request-start'] = String(Date.now()); },
 *   onResponse: (res, req) => metrics.record(req.environment, res.status),
 *   onError: (error, req) => log.warn({ env: req.environment, err: error.message }),
 * };
 * ```
 */
export interface HttpInterceptor {
  /** Before the attempt is sent. */
  onRequest?(request: OutgoingRequest): void | Promise<void>;
  /**
   * After any response arrived (also 4xx and 5xx), before it is classified. For a download the body
   * goes to the file, so `response` has the status and headers and an empty body.
   */
  onResponse?(response: HttpResponse, request: OutgoingRequest): void | Promise<void>;
  /**
   * When an attempt failed without a response: a network error or a timeout. Not called when the
   * caller's `signal` aborts: that is the caller stopping the request, not a failure of it.
   */
  onError?(error: Error, request: OutgoingRequest): void | Promise<void>;
}
