import type { EnvironmentName } from '../failover/environment-config';
import { resolveFailoverSettings, type FailoverSettings } from '../failover/failover-settings';
import { failFor, resolveEnvironment, type ResolvedEnvironment } from '../failover/resolve-environment';
import { SecretScrubber } from '../failover/secret-scrubber';
import { validateHttpConfig } from '../http/http-environment';
import type { HttpInterceptor } from '../http/interceptor';
import { validateSocketConfig } from '../socket/socket-environment-config';
import type { EnvironmentConfig } from './environment-config';
import type { FailoverClientOptions } from './failover-client-options';

/** The client's options, validated: each layer checked its own fields. */
export interface ResolvedClientOptions {
  environments: ResolvedEnvironment<EnvironmentConfig>[];
  settings: FailoverSettings;
  scrubber: SecretScrubber;
  interceptors: readonly HttpInterceptor[];
  connections: number | null;
}

/** Validates the whole client configuration. Throws EnvironmentConfigError ('*' for client-level fields). */
export function resolveClientOptions(options: FailoverClientOptions): ResolvedClientOptions {
  const fail = failFor('*');
  if (!options || typeof options !== 'object') fail('options', 'must be an object');
  const envs = options.environments;
  if (!envs || typeof envs !== 'object' || Object.keys(envs).length === 0)
    fail('environments', 'must configure at least one environment');
  const interceptors = options.interceptors ?? [];
  if (!Array.isArray(interceptors)) fail('interceptors', 'must be an array');
  const scrubber = new SecretScrubber();
  const environments = Object.keys(envs).map((name: EnvironmentName) => {
    if (name.trim() === '') fail('environments', 'an environment name may not be empty');
    const resolved = resolveEnvironment(name, envs[name], scrubber);
    validateHttpConfig(name, envs[name]);
    validateSocketConfig(name, envs[name]);
    return resolved;
  });
  const settings = resolveFailoverSettings(
    environments.map((e) => e.name),
    options,
    fail,
  );
  const connections = options.connectionsPerEnvironment ?? null;
  if (connections !== null && (!Number.isInteger(connections) || connections < 1))
    fail('connectionsPerEnvironment', 'must be an integer ≥ 1');
  return { environments, settings, scrubber, interceptors, connections };
}
