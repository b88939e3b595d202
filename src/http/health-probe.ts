import { raceAbort } from '../failover/attempt-timer';
import type { HealthProbe } from '../failover/health-monitor';
import type { HttpEnvironment } from './http-environment';

/**
 * The HTTP health probe: `GET <apiUrl><path>` with the environment's credentials; healthy = 2xx.
 * Any error (a provider that fails, a refused connection, the probe's timeout) is unhealthy.
 */
export function httpHealthProbe(
  environments: ReadonlyMap<string, HttpEnvironment>,
  path: string,
): HealthProbe {
  return async (state, signal) => {
    const http = environments.get(state.name)!;
    const auth = http.env.auth;
    const headers: Record<string, string> = {};
    if (auth.enabled) headers[auth.primaryHeader] = await auth.primaryValue();
    const probe = http.pool.request({ path: http.env.basePath + path, method: 'GET', headers, signal });
    const response = await raceAbort(probe, signal); // also ends a wait for a connection
    await response.body.dump();
    return response.statusCode >= 200 && response.statusCode < 300;
  };
}
