import type { Logger } from '../core';
import type { EnvironmentName } from '../failover/environment-config';
import type { SocketEnvironmentConfig as EnvironmentConfig } from './socket-environment-config';

/**
 * What the environment-following socket needs from its owner (the FailoverClient implements it).
 * Kept narrow so the socket layer depends on the failover layer only through this seam.
 */
export interface SocketHost {
  /** The environment traffic goes to now. */
  readonly currentEnvironment: EnvironmentName;
  /** The validated config of an environment. */
  environmentConfig(name: EnvironmentName): EnvironmentConfig;
  /** The credentials of an environment as the socket.io `auth` payload (never put in the URL). */
  socketAuth(name: EnvironmentName): Promise<Record<string, string>>;
  /** Called on every switch, whatever caused it. Returns an unsubscribe function. */
  onEnvironmentChanged(listener: (to: EnvironmentName, from: EnvironmentName) => void): () => void;
  /**
   * The socket could not reach `name` after its configured attempts: mark it failed and move to the
   * next healthy environment, exactly as an HTTP failure would. Resolves with the environment now current.
   */
  reportUnreachable(name: EnvironmentName, error: Error): Promise<EnvironmentName>;
  readonly logger: Logger;
  /** `text` with every secret the host knows (keys, static and recently provided tokens) replaced. */
  scrub(text: string): string;
}
