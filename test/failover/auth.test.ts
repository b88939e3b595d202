// The auth matrix: API key, bearer (static and provider), custom header, Both with its 401 retry, None.
import { AuthType, FailoverClient, type EnvironmentConfig } from '../../src';
import { refusingUrl, threeEnvConfig, useThreeEnvs, type EnvServer } from './support/env-servers';

describe('auth headers', () => {
  const three = useThreeEnvs();
  let client: FailoverClient;
  const withProduction = (production: Omit<EnvironmentConfig, 'apiUrl'>) =>
    three.client({ environments: threeEnvConfig(three.envs, { production }) });
  const lastHeaders = (env: EnvServer) => env.hits.at(-1)!.headers;

  it('ApiKey sends x-api-key and nothing else', async () => {
    client = withProduction({ apiKey: 'k-prod-123' });
    await client.http.request({ endpoint: '/x' });
    expect(lastHeaders(three.envs.production)['x-api-key']).toBe('k-prod-123');
    expect(lastHeaders(three.envs.production).authorization).toBeUndefined();
  });

  it('customAuthHeader renames the API-key header', async () => {
    client = withProduction({ apiKey: 'k-dev-123', customAuthHeader: 'X-Dev-Key' });
    await client.http.request({ endpoint: '/x' });
    expect(lastHeaders(three.envs.production)['x-dev-key']).toBe('k-dev-123');
    expect(lastHeaders(three.envs.production)['x-api-key']).toBeUndefined();
  });

  it('Bearer sends Authorization: Bearer <token>; a custom header keeps the prefix', async () => {
    client = withProduction({ bearerToken: 'tok-abc' });
    await client.http.request({ endpoint: '/x' });
    expect(lastHeaders(three.envs.production).authorization).toBe('Bearer tok-abc');
    await client.close();
    client = withProduction({
      bearerToken: 'tok-abc',
      customAuthHeader: 'X-Service-Token',
      authType: AuthType.Bearer,
    });
    await client.http.request({ endpoint: '/x' });
    expect(lastHeaders(three.envs.production)['x-service-token']).toBe('Bearer tok-abc');
    expect(lastHeaders(three.envs.production).authorization).toBeUndefined();
  });

  it('a token provider is called for a fresh token on every request', async () => {
    let n = 0;
    client = withProduction({ bearerToken: async () => `fresh-${++n}` });
    await client.http.request({ endpoint: '/1' });
    await client.http.request({ endpoint: '/2' });
    expect(three.envs.production.hits.map((h) => h.headers.authorization)).toEqual([
      'Bearer fresh-1',
      'Bearer fresh-2',
    ]);
  });

  it('Both sends the bearer header and, on a 401, retries once with the API key', async () => {
    three.envs.production.behave((req, res) => {
      const ok = req.headers['x-api-key'] === 'backup-key';
      res.writeHead(ok ? 200 : 401);
      res.end(ok ? 'with key' : 'no');
    });
    client = withProduction({ apiKey: 'backup-key', bearerToken: 'primary-token', authType: AuthType.Both });
    const res = await client.http.request({ endpoint: '/x' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('with key');
    const [first, second] = three.envs.production.hits;
    expect(first.headers.authorization).toBe('Bearer primary-token');
    expect(first.headers['x-api-key']).toBeUndefined();
    expect(second.headers['x-api-key']).toBe('backup-key');
    expect(second.headers.authorization).toBeUndefined();
    expect(three.envs.production.hits).toHaveLength(2);
  });

  it('Both with a custom header uses it for both credentials; a second 401 is the answer', async () => {
    three.envs.production.behave((_req, res) => {
      res.writeHead(401);
      res.end();
    });
    client = withProduction({
      apiKey: 'backup-key',
      bearerToken: 'primary-token',
      customAuthHeader: 'X-Auth-Header',
    });
    const res = await client.http.request({ endpoint: '/x' });
    expect(res.status).toBe(401);
    expect(three.envs.production.hits.map((h) => h.headers['x-auth-header'])).toEqual([
      'Bearer primary-token',
      'backup-key',
    ]);
    expect(three.envs.staging.hits).toHaveLength(0);
  });

  it('None sends no credentials', async () => {
    client = withProduction({});
    await client.http.request({ endpoint: '/x' });
    expect(lastHeaders(three.envs.production).authorization).toBeUndefined();
    expect(lastHeaders(three.envs.production)['x-api-key']).toBeUndefined();
  });

  it('a provider that returns no token is a failed attempt that sent nothing: the next environment answers', async () => {
    client = withProduction({ bearerToken: async () => null as unknown as string });
    const res = await client.http.request({ endpoint: '/orders', method: 'POST', body: 'x' });
    expect(res.environment).toBe('staging');
    expect(three.envs.production.hits).toHaveLength(0);
    expect(client.getStats().environments.production.lastError).toContain('returned no token');
  });

  it('socketAuth gives the credentials as a socket.io auth payload', async () => {
    client = three.client({
      environments: threeEnvConfig(three.envs, {
        production: { apiUrl: await refusingUrl(), apiKey: 'k1' },
        staging: { bearerToken: async () => 't2' },
        development: { apiKey: 'k3', bearerToken: 't3' },
      }),
    });
    expect(await client.socketAuth('production')).toEqual({ apiKey: 'k1' });
    expect(await client.socketAuth('staging')).toEqual({ token: 't2' });
    expect(await client.socketAuth('development')).toEqual({ token: 't3', apiKey: 'k3' });
  });
});
