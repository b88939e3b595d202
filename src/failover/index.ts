// Failover, transport-agnostic: environments and their order, current/preferred, circuit breakers,
// retries, health, the attempt loop, stats. HTTP and sockets build on it; the client composes them.
export {
  Environment,
  AuthType,
  type EnvironmentName,
  type FailoverEnvironmentConfig,
  type BearerTokenSource,
} from './environment-config'; // environment names, auth types, the failover fields of a config
export type {
  HealthCheckOptions,
  CircuitBreakerOptions,
  RetryBackoffOptions,
  FailoverOptions,
} from './failover-settings'; // the failover options of the client
export type { EnvironmentChangeListener } from './change-listeners'; // onEnvironmentChanged listener
export type {
  FailoverStats,
  EnvironmentStats,
  EnvironmentSwitch,
  SwitchReason,
  CircuitStatus, // closed | open | half-open | isolated
} from './failover-stats'; // getStats() shapes
export {
  EnvironmentConfigError, // bad config at construction: names environment and field
  UnknownEnvironmentError, // a name that was never configured
  AllEnvironmentsFailedError, // every environment failed; says what each did
  type EnvironmentOutcome, // one environment's part of that error
  BearerTokenProviderError, // a bearer-token provider failed (its error a scrubbed cause)
  FailoverClientClosedError, // used after close()
} from './errors';
