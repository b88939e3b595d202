// Environment-aware HTTP: client.http, its request/response types, interceptors, and the pipeline handlers.
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
export { HttpRequestHandler } from './http-request-handler'; // base handler with this.http
export { HttpRequest } from './http-request'; // built-in command: one HTTP call through the pipeline
export { HttpRequestCommandHandler } from './http-request-command-handler'; // its handler
