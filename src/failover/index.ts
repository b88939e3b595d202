// Environments and failover: the client, its configuration, errors, stats, the hub of named instances.
export {
  Environment,
  AuthType,
  type EnvironmentName,
  type EnvironmentConfig,
  type BearerTokenSource,
} from './environment-config'; // per-environment config
export { FailoverClient, type FailoverOperation, type ExecuteWithFallbackOptions } from './failover-client'; // the client: http, socket, switches, stats
export type {
  FailoverClientOptions,
  HealthCheckOptions,
  CircuitBreakerOptions,
  RetryBackoffOptions,
} from './failover-options'; // constructor options
export type { EnvironmentChangeListener } from './failover-core'; // onEnvironmentChanged listener
export type { FailoverStats, EnvironmentStats, EnvironmentSwitch, SwitchReason } from './failover-stats'; // getStats() shapes
export type { CircuitStatus } from './environment-state'; // closed | open | half-open | isolated
export { FailoverHub } from './failover-hub'; // named instances
export { EnvironmentAwareHandler } from './environment-aware-handler'; // base of HttpRequestHandler / SocketRequestHandler: failoverInstance, failoverClient
export { registerFailoverHandlers } from './register-failover-handlers'; // registers the built-in commands' handlers
export {
  EnvironmentConfigError, // bad config at construction: names environment and field
  UnknownEnvironmentError, // a name that was never configured
  AllEnvironmentsFailedError, // every environment failed; says what each did
  type EnvironmentOutcome, // one environment's part of that error
  RequestTimeoutError, // a non-idempotent request timed out where it may have been received
  RequestFailedError, // a non-idempotent request failed where it may have been received
  FileValidationError, // upload/download refused before anything was sent
  DownloadWriteError, // a download's file could not be written (a local fault, not a failover case)
  HttpStatusError, // a non-2xx download (not a failover case)
  InterceptorError, // an interceptor threw
  BearerTokenProviderError, // a bearer-token provider failed (its error a scrubbed cause)
  FailoverClientClosedError, // used after close()
  UnknownInstanceError, // FailoverHub has no such instance
  FailoverClientNotRegisteredError, // a handler found no client in the container
} from './errors';
