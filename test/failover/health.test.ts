// Health checks drive failover and fail-back; timers are released by close().
import { FailoverClient } from '../../src';
import { echo, status, threeEnvConfig, useThreeEnvs } from './support/env-servers';

const until = async (predicate: () => boolean, ms = 3_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('health checks and fail-back', () => {
  const three = useThreeEnvs();
  let client: FailoverClient;
  const make = (intervalMs: number, failback = true) =>
    three.client({
      environments: threeEnvConfig(three.envs, {}, { timeoutMs: 300 }),
      initialEnvironment: 'production',
      healthCheck: { path: '/health', intervalMs, timeoutMs: 200, failback },
    });

  it('checkAllEnvironments reports each environment (healthy = 2xx) and records it in stats', async () => {
    three.envs.staging.behave(status(503));
    client = make(0);
    expect(await client.checkAllEnvironments()).toEqual({
      production: true,
      staging: false,
      development: true,
    });
    const stats = client.getStats();
    expect(stats.environments.staging.healthy).toBe(false);
    expect(stats.environments.production.healthy).toBe(true);
    expect(stats.environments.production.lastHealthCheckAt).toBeInstanceOf(Date);
  });

  it('moves off an unhealthy current environment, then fails back once production is healthy again', async () => {
    client = make(0);
    const changes: string[] = [];
    client.onEnvironmentChanged((to, from) => void changes.push(`${from}->${to}`));
    await three.envs.production.kill();
    await client.checkAllEnvironments();
    expect(client.currentEnvironment).toBe('staging');
    // Unhealthy production is also tried last by requests.
    const res = await client.http.request({ endpoint: '/x' });
    expect(res.environment).toBe('staging');
    await three.envs.production.revive();
    await client.checkAllEnvironments();
    expect(client.currentEnvironment).toBe('production');
    expect((await client.http.request({ endpoint: '/y' })).environment).toBe('production');
    expect(changes).toEqual(['production->staging', 'staging->production']);
    expect(client.getStats().switches.map((s) => s.reason)).toEqual(['health-check', 'failback']);
  });

  it('background checks fail back after a request-driven failover', async () => {
    three.envs.production.behave(status(503));
    client = make(50);
    expect((await client.http.request({ endpoint: '/x' })).environment).toBe('staging');
    expect(client.currentEnvironment).toBe('staging');
    three.envs.production.behave(echo('production'));
    await until(() => client.currentEnvironment === 'production');
    expect(client.getStats().switches.at(-1)).toMatchObject({ to: 'production', reason: 'failback' });
  });

  it('with failback: false the client stays where failover put it', async () => {
    three.envs.production.behave(status(503));
    client = make(0, false);
    await client.http.request({ endpoint: '/x' });
    three.envs.production.behave(echo('production'));
    await client.checkAllEnvironments();
    expect(client.currentEnvironment).toBe('staging');
  });

  it('a healthy probe closes an open breaker so fail-back traffic is not skipped', async () => {
    three.envs.production.behave(status(500));
    client = three.client({
      environments: threeEnvConfig(three.envs),
      circuitBreaker: { consecutiveFailures: 1, halfOpenAfterMs: 60_000 },
    });
    await client.http.request({ endpoint: '/x' });
    expect(client.getStats().environments.production.circuit).toBe('open');
    three.envs.production.behave(echo('production'));
    await client.checkAllEnvironments();
    expect(client.getStats().environments.production.circuit).toBe('closed');
    expect((await client.http.request({ endpoint: '/y' })).environment).toBe('production');
  });

  it('switchTo probes first and refuses an unhealthy environment unless skipHealthCheck', async () => {
    three.envs.development.behave(status(500));
    client = make(0);
    expect(await client.switchTo('development')).toBe(false);
    expect(client.currentEnvironment).toBe('production');
    expect(await client.switchTo('staging')).toBe(true);
    expect(client.currentEnvironment).toBe('staging');
    expect(client.preferredEnvironment).toBe('staging');
    expect(await client.switchTo('development', { skipHealthCheck: true })).toBe(true);
    expect(client.currentEnvironment).toBe('development');
  });

  it('close() clears the background timer: no probes after close', async () => {
    client = make(20);
    await until(() => three.envs.production.requests.some((r) => r.url === '/health'));
    await client.close();
    const count = three.envs.production.requests.length;
    await new Promise((r) => setTimeout(r, 80));
    expect(three.envs.production.requests.length).toBe(count);
  });
});
