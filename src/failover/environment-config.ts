/** The three environments most services have. Any other string (say 'eu-west') is a valid name too. */
export const Environment = {
  Production: 'production',
  Staging: 'staging',
  Development: 'development',
} as const;
export type EnvironmentName = string;
/** As a type, `Environment` is any environment name (a string), so `let env: Environment = 'eu-west'` works. */
export type Environment = EnvironmentName;

/** Which credentials an environment sends. */
export enum AuthType {
  /** `x-api-key: <apiKey>` (or the `customAuthHeader`). */
  ApiKey = 'apiKey',
  /** `Authorization: Bearer <token>` (or the `customAuthHeader`, prefix kept). */
  Bearer = 'bearer',
  /** The bearer header, and on a 401 one retry with the API key. */
  Both = 'both',
  /** No credentials. */
  None = 'none',
}

/** A bearer token, or a function that returns a fresh one (a Firebase ID token provider is one). */
export type BearerTokenSource = string | (() => string | Promise<string>);

/**
 * What the failover layer reads from an environment's configuration: where it is, its credentials,
 * its attempt budget. The transports add their own fields (`HttpEnvironmentConfig`,
 * `SocketEnvironmentConfig`); users write `EnvironmentConfig`, which has them all.
 */
export interface FailoverEnvironmentConfig {
  apiUrl: string;
  apiKey?: string;
  bearerToken?: BearerTokenSource;
  /** Default: ApiKey when only apiKey is set, Bearer when only bearerToken is set, Both when both, else None. */
  authType?: AuthType;
  customAuthHeader?: string;
  /** Per-attempt timeout. Default 10 000 ms. */
  timeoutMs?: number;
  /** Extra attempts in this environment before the next is tried. Default 0. */
  maxRetries?: number;
  /** Debug-log each attempt's outcome. */
  enableLogging?: boolean;
}
