// The smallest real SocketHost: one environment, nowhere to fail over to. Used only where a test is
// about the socket alone (buffering, acks, auth payload); failover tests use the real FailoverClient.
import type { EnvironmentConfig } from '../../src/failover/environment-config';
import { silentLogger } from '../../src/logging';
import type { SocketHost } from '../../src/socket/socket-host';

export class SingleEnvironmentHost implements SocketHost {
  readonly currentEnvironment = 'local';
  readonly logger = silentLogger;
  readonly unreachable: Error[] = [];

  constructor(private readonly config: EnvironmentConfig) {}

  environmentConfig(): EnvironmentConfig {
    return this.config;
  }

  async socketAuth(): Promise<Record<string, string>> {
    return this.config.apiKey ? { apiKey: this.config.apiKey } : {};
  }

  onEnvironmentChanged(): () => void {
    return () => undefined;
  }

  async reportUnreachable(_name: string, error: Error): Promise<string> {
    this.unreachable.push(error);
    return this.currentEnvironment;
  }
}
