// client.http.request: every method kept, bodies encoded properly, interceptors see every outcome.
import { FailoverClient, InterceptorError } from '../../src';
import type { HttpInterceptor, OutgoingRequest } from '../../src';
import { refusingUrl, silent, threeEnvConfig, useThreeEnvs } from '../failover/support/env-servers';

describe('client.http.request', () => {
  const three = useThreeEnvs();
  let client: FailoverClient;
  const make = (interceptors: HttpInterceptor[] = [], productionUrl?: string) =>
    three.client({
      environments: threeEnvConfig(
        three.envs,
        {
          production: { apiUrl: productionUrl ?? `${three.envs.production.url}/api/`, interceptors },
          staging: { interceptors },
        },
        { timeoutMs: 500 },
      ),
    });

  it.each(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])('%s is sent as %s', async (method) => {
    client = make();
    const res = await client.http.request({ endpoint: '/things/1', method });
    expect(res.status).toBe(200);
    expect(three.envs.production.hits[0].method).toBe(method);
    expect(three.envs.production.hits[0].url).toBe('/api/things/1'); // under the apiUrl's path
  });

  it('HEAD is sent as HEAD with no body', async () => {
    client = make();
    const res = await client.http.request({ endpoint: '/x', method: 'head' });
    expect(three.envs.production.hits[0].method).toBe('HEAD');
    expect((await res.bytes()).length).toBe(0);
  });

  it('json bodies are JSON with the right content type; query values are encoded', async () => {
    client = make();
    const res = await client.http.request({
      endpoint: '/orders',
      method: 'POST',
      json: { name: 'João', qty: 2 },
      query: { tag: ['a b', 'c'], page: 2, skip: undefined },
    });
    const hit = three.envs.production.hits[0];
    expect(hit.headers['content-type']).toBe('application/json');
    expect(JSON.parse(hit.body)).toEqual({ name: 'João', qty: 2 });
    expect(hit.url).toBe('/api/orders?tag=a+b&tag=c&page=2');
    expect(((await res.json()) as { env: string }).env).toBe('production');
  });

  it('form bodies and raw bodies are sent as given; a caller content-type wins', async () => {
    client = make();
    await client.http.request({
      endpoint: '/f',
      method: 'POST',
      body: new URLSearchParams({ a: '1', b: 'x y' }),
    });
    await client.http.request({
      endpoint: '/r',
      method: 'PUT',
      body: '<x/>',
      headers: { 'Content-Type': 'application/xml' },
    });
    expect(three.envs.production.hits[0].headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(three.envs.production.hits[0].body).toBe('a=1&b=x+y');
    expect(three.envs.production.hits[1].headers['content-type']).toBe('application/xml');
    expect(three.envs.production.hits[1].body).toBe('<x/>');
  });

  it('absolute URLs are refused: only configured environments are ever contacted', async () => {
    client = make();
    await expect(client.http.request({ endpoint: 'http://evil.example.com/x' })).rejects.toThrow(
      /absolute URL/,
    );
    await expect(client.http.request({ endpoint: '//evil.example.com/x' })).rejects.toThrow(/absolute URL/);
  });

  it('interceptors: onRequest can add headers, onResponse sees every answer, onError sees request failures', async () => {
    const events: string[] = [];
    const interceptor: HttpInterceptor = {
      onRequest: (req: OutgoingRequest) => {
        events.push(`request ${req.environment} ${req.method} ${req.url}`);
        req.headers['x-trace'] = 'trace-1';
        expect(req.headers['x-api-key']).toBeUndefined(); // credentials are added after interceptors
      },
      onResponse: (res) => void events.push(`response ${res.environment} ${res.status}`),
      onError: (error, req) =>
        void events.push(`error ${req.environment} ${error.message.includes('ECONNREFUSED')}`),
    };
    const refused = await refusingUrl();
    client = make([interceptor], refused);
    const res = await client.http.request({ endpoint: '/x' });
    expect(res.environment).toBe('staging');
    expect(events).toEqual([
      `request production GET ${refused}/x`,
      'error production true',
      `request staging GET ${three.envs.staging.url}/x`,
      'response staging 200',
    ]);
    expect(three.envs.staging.hits[0].headers['x-trace']).toBe('trace-1');
  });

  it('an interceptor that throws stops the request with InterceptorError (its error never vanishes)', async () => {
    client = make([
      {
        onResponse: () => {
          throw new Error('metrics backend down');
        },
      },
    ]);
    const error = await client.http.request({ endpoint: '/x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InterceptorError);
    expect((error as InterceptorError).hook).toBe('onResponse');
    expect((error as Error).message).toContain('metrics backend down');
    expect(three.envs.staging.hits).toHaveLength(0);
  });

  it('a caller’s abort is not an error of the request: onError is not called', async () => {
    three.envs.production.behave(silent);
    const errors: string[] = [];
    client = make([{ onError: (error) => void errors.push(error.message) }]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('caller gave up')), 30);
    await expect(client.http.request({ endpoint: '/x', signal: controller.signal })).rejects.toThrow(
      'caller gave up',
    );
    expect(errors).toEqual([]);
    expect(three.envs.staging.hits).toHaveLength(0);
  });

  it('client-wide interceptors run for every environment', async () => {
    const seen: string[] = [];
    client = three.client({
      environments: threeEnvConfig(three.envs),
      interceptors: [{ onRequest: (r) => void seen.push(r.environment) }],
    });
    await client.http.request({ endpoint: '/x', fallbackOrder: ['development'] });
    expect(seen).toEqual(['development']);
  });

  it('stats count requests and latency per environment', async () => {
    client = make();
    for (let i = 0; i < 10; i++) await client.http.request({ endpoint: '/x' });
    const stats = client.getStats().environments.production;
    expect(stats.requests).toBe(10);
    expect(stats.failures).toBe(0);
    expect(stats.latencyMs.p50).toBeGreaterThan(0);
    expect(stats.latencyMs.p95!).toBeGreaterThanOrEqual(stats.latencyMs.p50!);
    expect(client.getStats().environments.staging.latencyMs.p50).toBeNull();
  });
});
