// RequestLogging: entry/exit/failure logging with secrets redacted.
export { RequestLogging, type RequestLoggingOptions } from './request-logging';
export { RequestLoggingHandler } from './request-logging-handler';
