// Health checks drive failover and fail-back; timers are released by close().
import { FailoverClient } from '../../src/failover';
import { echo, status, stopAll, threeEnvs } from './support/env-servers';

const until = async (predicate: () => boolean, ms = 3_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('health checks and fail-back', () => {
  let envs: Awaited<ReturnType<typeof threeEnvs>>;
  let client: FailoverClient;
  const make = (intervalMs: number, failback = true) =>
    new FailoverClient({
      environments: {
        production: { apiUrl: envs.production.url, timeoutMs: 300 },
        staging: { apiUrl: envs.staging.url, timeoutMs: 300 },
        development: { apiUrl: envs.development.url, timeoutMs: 300 },
      },
      initialEnvironment: 'production',
      healthCheck: { path: '/health', intervalMs, timeoutMs: 200, failback },
    });

  beforeEach(async () => {
    envs = await threeEnvs();
  });
  afterEach(async () => {
    await client?.close();
    await stopAll(envs.all);
  });

  it('checkAllEnvironments reports each environment (healthy = 2xx) and records it in stats', async () => {
    envs.staging.behave(status(503));
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
    await envs.production.kill();
    await client.checkAllEnvironments();
    expect(client.currentEnvironment).toBe('staging');
    // Unhealthy production is also tried last by requests.
    const res = await client.http.request({ endpoint: '/x' });
    expect(res.environment).toBe('staging');
    await envs.production.revive();
    await client.checkAllEnvironments();
    expect(client.currentEnvironment).toBe('production');
    expect((await client.http.request({ endpoint: '/y' })).environment).toBe('production');
    expect(changes).toEqual(['production->staging', 'staging->production']);
    expect(client.getStats().switches.map((s) => s.reason)).toEqual(['health-check', 'failback']);
  });

  it('background checks fail back after a request-driven failover', async () => {
    envs.production.behave(status(503));
    client = make(50);
    expect((await client.http.request({ endpoint: '/x' })).environment).toBe('staging');
    expect(client.currentEnvironment).toBe('staging');
    envs.production.behave(echo('production'));
    await until(() => client.currentEnvironment === 'production');
    expect(client.getStats().switches.at(-1)).toMatchObject({ to: 'production', reason: 'failback' });
  });

  it('with failback: false the client stays where failover put it', async () => {
    envs.production.behave(status(503));
    client = make(0, false);
    await client.http.request({ endpoint: '/x' });
    envs.production.behave(echo('production'));
    await client.checkAllEnvironments();
    expect(client.currentEnvironment).toBe('staging');
  });

  it('a healthy probe closes an open breaker so fail-back traffic is not skipped', async () => {
    envs.production.behave(status(500));
    client = new FailoverClient({
      environments: {
        production: { apiUrl: envs.production.url },
        staging: { apiUrl: envs.staging.url },
        development: { apiUrl: envs.development.url },
      },
      circuitBreaker: { consecutiveFailures: 1, halfOpenAfterMs: 60_000 },
    });
    await client.http.request({ endpoint: '/x' });
    expect(client.getStats().environments.production.circuit).toBe('open');
    envs.production.behave(echo('production'));
    await client.checkAllEnvironments();
    expect(client.getStats().environments.production.circuit).toBe('closed');
    expect((await client.http.request({ endpoint: '/y' })).environment).toBe('production');
  });

  it('switchTo probes first and refuses an unhealthy environment unless skipHealthCheck', async () => {
    envs.development.behave(status(500));
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
    await until(() => envs.production.requests.some((r) => r.url === '/health'));
    await client.close();
    const count = envs.production.requests.length;
    await new Promise((r) => setTimeout(r, 80));
    expect(envs.production.requests.length).toBe(count);
  });
});
