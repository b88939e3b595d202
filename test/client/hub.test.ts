// FailoverHub: named instances; removing or replacing one releases everything it held.
import { FailoverClient, FailoverClientClosedError, FailoverHub, UnknownInstanceError } from '../../src';
import { threeEnvConfig, useThreeEnvs } from '../failover/support/env-servers';

describe('FailoverHub', () => {
  const three = useThreeEnvs();
  let hub: FailoverHub;
  const options = (healthIntervalMs = 0) => ({
    environments: threeEnvConfig(three.envs),
    healthCheck: { intervalMs: healthIntervalMs, timeoutMs: 200 },
  });

  beforeEach(() => {
    hub = three.track(new FailoverHub());
  });

  it('creates, finds and lists named instances; the first is the default', async () => {
    const wallet = hub.createInstance('wallet', options());
    const catalog = hub.createInstance('catalog', { ...options(), initialEnvironment: 'staging' });
    expect(wallet).toBeInstanceOf(FailoverClient);
    expect(hub.getInstance('wallet')).toBe(wallet);
    expect(hub.getInstance()).toBe(wallet);
    expect(hub.hasInstance('catalog')).toBe(true);
    expect(hub.availableInstances).toEqual(['wallet', 'catalog']);
    hub.setDefaultInstance('catalog');
    expect(hub.getInstance()).toBe(catalog);
    expect(() => hub.getInstance('nope')).toThrow(UnknownInstanceError);
    expect(() => hub.setDefaultInstance('nope')).toThrow(UnknownInstanceError);
    expect((await catalog.http.request({ endpoint: '/x' })).environment).toBe('staging');
    const stats = hub.getAllInstancesStats();
    expect(Object.keys(stats)).toEqual(['wallet', 'catalog']);
    expect(stats.catalog.environments.staging.requests).toBe(1);
  });

  it('removeInstance closes the client: its timers stop and it refuses new requests', async () => {
    const wallet = hub.createInstance('wallet', options(20));
    await new Promise((r) => setTimeout(r, 60));
    expect(await hub.removeInstance('wallet')).toBe(true);
    expect(await hub.removeInstance('wallet')).toBe(false);
    expect(hub.hasInstance('wallet')).toBe(false);
    expect(wallet.closed).toBe(true);
    await expect(wallet.http.request({ endpoint: '/x' })).rejects.toBeInstanceOf(FailoverClientClosedError);
    const probes = three.envs.production.requests.length;
    expect(probes).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 60));
    expect(three.envs.production.requests.length).toBe(probes);
  });

  it('replacing an instance closes the old one', async () => {
    const first = hub.createInstance('wallet', options(20));
    const second = hub.createInstance('wallet', options());
    expect(hub.getInstance('wallet')).toBe(second);
    await new Promise((r) => setTimeout(r, 10));
    expect(first.closed).toBe(true);
    expect(second.closed).toBe(false);
  });

  it('a bad config leaves the hub unchanged', () => {
    hub.createInstance('wallet', options());
    expect(() => hub.createInstance('wallet', { environments: { production: { apiUrl: 'bad' } } })).toThrow();
    expect(hub.getInstance('wallet').closed).toBe(false);
  });
});
