import type { IncomingHttpHeaders } from 'node:http';
import type { EnvironmentName } from '../failover/environment-config';

/** A query-string value; arrays repeat the key, undefined drops it. */
export type QueryValue = string | number | boolean | undefined | readonly (string | number | boolean)[];

/** Options every call shares. */
export interface CommonRequestOptions {
  /** Path under each environment's apiUrl, e.g. '/users/1'. Absolute URLs are refused. */
  endpoint: string;
  /** Extra headers. A credential header you set yourself replaces the environment's. */
  headers?: Record<string, string>;
  query?: Record<string, QueryValue>;
  /** Cancels the request wherever it is (also an in-flight attempt). */
  signal?: AbortSignal;
  /** Visit exactly these environments in this order, instead of current-first. */
  fallbackOrder?: readonly EnvironmentName[];
  /** Per-attempt timeout for this call; default: each environment's timeoutMs. */
  timeoutMs?: number;
}

/**
 * `client.http.request(options)`.
 *
 * @example
 * ```ts
 * await client.http.request({ endpoint: '/orders', method: 'POST', json: { sku: 'A1' }, idempotent: true });
 * ```
 */
export interface HttpRequestOptions extends CommonRequestOptions {
  /** Any HTTP method; default GET. */
  method?: string;
  /** A raw body: a string, bytes, or URLSearchParams (sent as a form). */
  body?: string | Uint8Array | URLSearchParams;
  /** A value sent as JSON with `content-type: application/json`. Wins over `body`. */
  json?: unknown;
  /**
   * May this request be sent again after it may have reached a server? Default: true for GET, HEAD,
   * OPTIONS, PUT, DELETE, TRACE; false for POST and PATCH.
   */
  idempotent?: boolean;
}

/** Bytes moved so far in an upload or a download (restarts at 0 when another environment is tried). */
export interface TransferProgress {
  environment: EnvironmentName;
  transferred: number;
  /** Known for uploads and for downloads with a content-length. */
  total: number | undefined;
}

/**
 * `client.http.upload(options)`: a multipart/form-data POST streamed from disk.
 *
 * @example
 * ```ts
 * await client.http.upload({ endpoint: '/files', filePath: './report.pdf', fieldName: 'file', fields: { folder: 'q3' } });
 * ```
 */
export interface UploadOptions extends CommonRequestOptions {
  filePath: string;
  /** The form field of the file part. */
  fieldName: string;
  /** Extra form fields, sent before the file. */
  fields?: Record<string, string>;
  /** The file part's filename; default: the file's base name. */
  fileName?: string;
  /** Default POST. */
  method?: 'POST' | 'PUT' | 'PATCH';
  /** Default false (POST); see HttpRequestOptions.idempotent. */
  idempotent?: boolean;
  onProgress?: (progress: TransferProgress) => void;
}

/**
 * `client.http.download(options)`: a GET streamed to a temporary file, renamed on success.
 *
 * @example
 * ```ts
 * const { path } = await client.http.download({ endpoint: '/reports/2024-12.pdf', toPath: 'reports/dec.pdf' });
 * ```
 */
export interface DownloadOptions extends CommonRequestOptions {
  /**
   * Where to save, inside the environment's `fileStoragePath` (or the OS temp folder when unset).
   * Relative paths resolve against that folder; anything outside it is refused. Default: the endpoint's last segment.
   */
  toPath?: string;
  onProgress?: (progress: TransferProgress) => void;
}

/** What a finished download produced. */
export interface DownloadResult {
  /** Absolute path of the saved file. */
  path: string;
  /** Bytes written. */
  size: number;
  status: number;
  headers: IncomingHttpHeaders;
  environment: EnvironmentName;
}
