// Environment-aware HTTP on the failover layer: client.http, its options, responses, interceptors,
// its errors and how it classifies a failed attempt.
export { FailoverHttp } from './failover-http'; // client.http: request, upload, download
export { HttpResponse } from './http-response'; // a buffered answer: status, headers, environment, text/json/bytes
export type {
  HttpRequestOptions, // request({ endpoint, method, headers, query, body, json, idempotent, signal })
  UploadOptions, // upload({ endpoint, filePath, fieldName, fields, onProgress })
  DownloadOptions, // download({ endpoint, toPath, onProgress })
  DownloadResult, // where a download landed
  TransferProgress, // progress callback payload
  CommonRequestOptions, // options every call shares
  QueryValue, // a query-string value
} from './http-options';
export type { HttpInterceptor, OutgoingRequest } from './interceptor'; // onRequest / onResponse / onError hooks
export type { HttpEnvironmentConfig } from './http-environment'; // the HTTP fields of an environment's config
export {
  RequestTimeoutError, // a non-idempotent request timed out where it may have been received
  RequestFailedError, // a non-idempotent request failed where it may have been received
  FileValidationError, // upload/download refused before anything was sent
  DownloadWriteError, // a download's file could not be written (a local fault, not a failover case)
  HttpStatusError, // a non-2xx download (not a failover case)
  InterceptorError, // an interceptor threw
} from './errors';
