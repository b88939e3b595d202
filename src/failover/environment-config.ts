import type { HttpInterceptor } from '../http/interceptor';

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

/** One environment's configuration. Validated when the client is built. */
export interface EnvironmentConfig {
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
  enableLogging?: boolean;
  interceptors?: HttpInterceptor[];
  /** socket.io URL; default: apiUrl. */
  socketUrl?: string;
  enableSocket?: boolean;
  /** Passed to socket.io-client's `io()`; `auth` and the URL are ours. */
  socketOptions?: Record<string, unknown>;
  /** Largest upload in bytes. */
  maxFileSize?: number;
  /** Allowed upload extensions ('.png') or MIME types ('image/png'). */
  allowedFileTypes?: string[];
  /** Downloads must land inside this folder. */
  fileStoragePath?: string;
}
