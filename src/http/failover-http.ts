import * as path from 'node:path';
import { inspect } from 'node:util';
import type { Dispatcher } from 'undici';
import type { AttemptPlan } from '../failover/attempt-loop';
import type { EnvironmentState } from '../failover/environment-state';
import type { FailoverCore } from '../failover/failover-core';
import { isFailureStatus, statusFailure } from './classify';
import { HttpStatusError } from './errors';
import { exchange, type ExchangeAttempt, type ExchangeSpec, type ReplayableBody } from './exchange';
import type { HttpEnvironment } from './http-environment';
import { notifyResponse } from './interceptor-calls';
import { readBody } from './read-body';
import { prepareDownloadFolder, streamToFile } from './download-to-file';
import { inspectUploadFile, resolveDownloadTarget, validateUploadFor } from './file-validation';
import type {
  CommonRequestOptions,
  DownloadOptions,
  DownloadResult,
  HttpRequestOptions,
  UploadOptions,
} from './http-options';
import { HttpResponse } from './http-response';
import { multipartBody } from './multipart';
import {
  encodeBody,
  isIdempotentMethod,
  lowerCaseHeaders,
  NO_HEADERS,
  normalizeMethod,
  pathAndQuery,
} from './request-target';

/**
 * `client.http`: requests, uploads and downloads that follow the client's environments. Every call
 * goes to the current environment first and moves on after failed attempts (see docs/failover.md).
 *
 * @example
 * ```ts
 * const res = await client.http.request({ endpoint: '/users', query: { page: 2 } });
 * const users = await res.json<User[]>();
 * ```
 */
export class FailoverHttp {
  /** @internal Use `client.http`. */
  constructor(
    private readonly core: FailoverCore,
    private readonly environments: ReadonlyMap<string, HttpEnvironment>,
    private readonly defaultSignal?: AbortSignal,
  ) {}

  /**
   * A view of this client whose calls also stop when `signal` aborts (handlers pass their
   * pipeline's `context.signal`, so a resilience-policy timeout cancels in-flight I/O).
   */
  withSignal(signal: AbortSignal | undefined): FailoverHttp {
    return signal === undefined || signal === this.defaultSignal
      ? this
      : new FailoverHttp(this.core, this.environments, signal);
  }

  /**
   * Sends a request. 5xx, 408, 429, network errors and timeouts are failed attempts; any other
   * status is the answer, returned as is.
   *
   * @example
   * ```ts
   * const res = await client.http.request({ endpoint: '/orders', method: 'POST', json: order });
   * if (res.status === 201) console.log('created in', res.environment);
   * ```
   */
  request(options: HttpRequestOptions): Promise<HttpResponse> {
    try {
      return this.startRequest(options);
    } catch (error) {
      return Promise.reject(error); // bad arguments reject like everything else
    }
  }

  private startRequest(options: HttpRequestOptions): Promise<HttpResponse> {
    const method = normalizeMethod(options.method);
    // No headers and no body: the shared empty set, so a credential can use a prebuilt header set.
    const plain = options.headers === undefined && options.json === undefined && options.body === undefined;
    const headers = plain ? NO_HEADERS : lowerCaseHeaders(options.headers);
    const body = plain ? undefined : encodeBody(options, headers);
    const idempotent = options.idempotent ?? isIdempotentMethod(method);
    return this.run(options, method, headers, body, idempotent, bufferResponse);
  }

  /**
   * Uploads a file as multipart/form-data, streamed from disk. The file is checked (exists,
   * `maxFileSize`, `allowedFileTypes` of the environment about to receive it) before any byte is
   * sent there; a FileValidationError never triggers failover.
   *
   * @example
   * ```ts
   * await client.http.upload({
   *   endpoint: '/documents', filePath: '/tmp/contract.pdf', fieldName: 'document',
   *   fields: { category: 'contracts' }, onProgress: (p) => console.log(p.transferred, '/', p.total),
   * });
   * ```
   */
  async upload(options: UploadOptions): Promise<HttpResponse> {
    const file = await inspectUploadFile(options.filePath);
    if (typeof options.fieldName !== 'string' || options.fieldName === '')
      throw new TypeError('upload(): fieldName is required');
    const method = normalizeMethod(options.method ?? 'POST');
    const onProgress = options.onProgress;
    const multipart = multipartBody(
      file,
      options.fieldName,
      options.fileName ?? path.basename(file.path),
      options.fields,
      onProgress &&
        ((transferred, http) => onProgress({ environment: http.name, transferred, total: file.size })),
    );
    const headers = lowerCaseHeaders(options.headers);
    headers['content-type'] = multipart.contentType;
    headers['content-length'] = String(multipart.length);
    return this.run(
      options,
      method,
      headers,
      multipart.stream,
      options.idempotent ?? false,
      bufferResponse,
      (http) => validateUploadFor(file, http), // before any byte goes to this environment
    );
  }

  /**
   * Downloads to a file: streamed to a temporary file beside the target and renamed on success.
   * A non-2xx answer is an error (5xx/408/429 fail over; others throw HttpStatusError); a partial
   * file never remains. The target must be inside the environment's `fileStoragePath`.
   *
   * @example
   * ```ts
   * const saved = await client.http.download({ endpoint: '/reports/2024-12', toPath: 'reports/dec.pdf' });
   * console.log(saved.path, saved.size);
   * ```
   */
  download(options: DownloadOptions): Promise<DownloadResult> {
    try {
      return this.startDownload(options);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private startDownload(options: DownloadOptions): Promise<DownloadResult> {
    const onProgress = options.onProgress;
    let target = '';
    const consume = async (
      response: Dispatcher.ResponseData,
      attempt: ExchangeAttempt,
    ): Promise<DownloadResult> => {
      const { http } = attempt;
      const status = response.statusCode;
      const ok = status >= 200 && status < 300;
      if (!ok) await response.body.dump();
      if (attempt.outgoing !== undefined) {
        // The body goes to the file, so interceptors see the status and headers with an empty body.
        const head = new HttpResponse(status, response.headers, http.name, NO_BODY);
        try {
          await notifyResponse(http, head, attempt.outgoing, attempt.scrub);
        } catch (error) {
          if (ok) response.body.destroy(); // not read: do not hold the connection
          throw error;
        }
      }
      if (!ok) {
        if (isFailureStatus(status)) throw statusFailure(http.name, status, attempt.idempotent, undefined);
        throw new HttpStatusError(status, http.name, 'Download');
      }
      const lengthHeader = response.headers['content-length'];
      const total = typeof lengthHeader === 'string' ? Number(lengthHeader) : undefined;
      const size = await streamToFile(
        response.body,
        target,
        onProgress && ((transferred) => onProgress({ environment: http.name, transferred, total })),
      );
      return { path: target, size, status, headers: response.headers, environment: http.name };
    };
    return this.run(
      options,
      'GET',
      options.headers === undefined ? NO_HEADERS : lowerCaseHeaders(options.headers),
      undefined,
      true,
      consume,
      async (http) => {
        // Refused, or the folder made, before any request goes to this environment.
        target = resolveDownloadTarget(http, options.toPath, options.endpoint);
        await prepareDownloadFolder(target);
      },
    );
  }

  /** One call through the failover loop: the exchange every attempt sends, and what is checked first. */
  private run<T>(
    options: CommonRequestOptions,
    method: string,
    headers: Record<string, string>,
    body: ReplayableBody | undefined,
    idempotent: boolean,
    consume: ExchangeSpec<T>['consume'],
    precheck?: (http: HttpEnvironment) => void | Promise<void>,
  ): Promise<T> {
    const call = new HttpCall<T>(this.core, this.environments, consume);
    call.method = method;
    call.path = pathAndQuery(options.endpoint, options.query);
    call.headers = headers;
    call.body = body;
    call.idempotent = idempotent;
    call.signal = this.signalFor(options.signal);
    call.timeoutMs = options.timeoutMs;
    call.order = options.fallbackOrder;
    if (precheck !== undefined) {
      const environments = this.environments;
      call.precheck = (state) => precheck(environments.get(state.name)!);
    }
    return this.core.run(call);
  }

  /** Printed or serialised: which environments it follows, never their credentials. */
  toJSON(): object {
    return { environments: this.core.environments.names, currentEnvironment: this.core.environments.current };
  }

  [inspect.custom](): string {
    return `FailoverHttp ${inspect(this.toJSON())}`;
  }

  private signalFor(signal: AbortSignal | undefined): AbortSignal | undefined {
    const fallback = this.defaultSignal;
    if (signal === undefined) return fallback;
    if (fallback === undefined || signal === fallback) return signal;
    return AbortSignal.any([signal, fallback]);
  }
}

const NO_BODY = new Uint8Array(0);

/**
 * One call: both the exchange every attempt sends and the failover loop's plan for it, in one
 * object (a request allocates this and its headers, nothing else of ours before the send).
 */
class HttpCall<T> implements ExchangeSpec<T>, AttemptPlan<T> {
  method = 'GET';
  path = '/';
  headers: Record<string, string> = NO_HEADERS;
  body: ReplayableBody | undefined = undefined;
  idempotent = true;
  signal: AbortSignal | undefined = undefined;
  timeoutMs: number | undefined = undefined;
  order: readonly string[] | undefined = undefined;
  precheck: AttemptPlan<T>['precheck'] = undefined;

  constructor(
    private readonly core: FailoverCore,
    private readonly environments: ReadonlyMap<string, HttpEnvironment>,
    readonly consume: ExchangeSpec<T>['consume'],
  ) {}

  attempt(state: EnvironmentState, attempt: number): Promise<T> {
    return exchange(this.core, this.environments.get(state.name)!, attempt, this);
  }
}

/** Reads the whole body (under the attempt's timeout), tells interceptors, classifies the status. */
function bufferResponse(response: Dispatcher.ResponseData, attempt: ExchangeAttempt): Promise<HttpResponse> {
  return readBody(response.body, (bytes) => {
    const { http } = attempt;
    const result = new HttpResponse(response.statusCode, response.headers, http.name, bytes);
    if (attempt.outgoing === undefined) return classified(result, attempt);
    return notifyResponse(http, result, attempt.outgoing, attempt.scrub).then(() =>
      classified(result, attempt),
    );
  });
}

/** The response, or (thrown) the failed attempt its 5xx/408/429 status makes. */
function classified(result: HttpResponse, attempt: ExchangeAttempt): HttpResponse {
  if (isFailureStatus(result.status))
    throw statusFailure(attempt.http.name, result.status, attempt.idempotent, result);
  return result;
}
