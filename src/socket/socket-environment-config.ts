import type { FailoverEnvironmentConfig } from '../failover/environment-config';
import { failFor } from '../failover/resolve-environment';

/** The socket fields of an environment's configuration. */
export interface SocketEnvironmentConfig extends FailoverEnvironmentConfig {
  /** socket.io URL; default: apiUrl. */
  socketUrl?: string;
  /** Connect when the client starts (and follow every switch). */
  enableSocket?: boolean;
  /** Passed to socket.io-client's `io()`; `auth` and the URL are ours. */
  socketOptions?: Record<string, unknown>;
}

/** Validates the socket fields of one environment (EnvironmentConfigError naming it and the field). */
export function validateSocketConfig(name: string, config: SocketEnvironmentConfig): void {
  if (config.socketUrl === undefined) return;
  const fail = failFor(name);
  let socketUrl: URL | undefined;
  try {
    socketUrl = new URL(config.socketUrl);
  } catch {
    fail('socketUrl', 'is not a valid URL');
  }
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(socketUrl!.protocol))
    fail('socketUrl', 'must be http, https, ws or wss');
}
