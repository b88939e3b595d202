// Timed-out attempts are aborted; non-idempotent requests are never sent twice unless marked idempotent.
import { FailoverClient, RequestFailedError, RequestTimeoutError } from '../../src';
import { refusingUrl, silent, status, threeEnvConfig, useThreeEnvs } from './support/env-servers';

describe('timeouts and idempotency', () => {
  const three = useThreeEnvs();
  let client: FailoverClient;
  const make = (productionUrl = three.envs.production.url) =>
    three.client({
      environments: threeEnvConfig(three.envs, { production: { apiUrl: productionUrl } }, { timeoutMs: 200 }),
    });

  it('a server that accepts and never answers: the attempt times out, is aborted, and the next environment answers', async () => {
    three.envs.production.behave(silent);
    client = make();
    let productionSocketClosed = false;
    three.envs.production.server.on('request', (req) =>
      req.socket.on('close', () => (productionSocketClosed = true)),
    );
    const started = Date.now();
    const res = await client.http.request({ endpoint: '/slow' });
    expect(res.environment).toBe('staging');
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    // A 200 ms timeout fires near 200 ms, not on undici's ~1 s timer tick.
    expect(Date.now() - started).toBeLessThan(800);
    // Aborted: the client closed its connection instead of leaving the attempt running.
    await new Promise((r) => setTimeout(r, 50));
    expect(productionSocketClosed).toBe(true);
    expect(client.getStats().environments.production.lastError).toBe('timed out after 200 ms');
  });

  it('a POST that timed out is not replayed elsewhere', async () => {
    three.envs.production.behave(silent);
    client = make();
    const error = await client.http
      .request({ endpoint: '/orders', method: 'POST', json: { sku: 'A1' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect((error as RequestTimeoutError).environment).toBe('production');
    expect(three.envs.production.hits).toHaveLength(1); // it reached production, which never answered
    expect(three.envs.staging.hits).toHaveLength(0);
    expect(three.envs.development.hits).toHaveLength(0);
    expect(client.currentEnvironment).toBe('production');
  });

  it('a POST marked idempotent is replayed after a timeout', async () => {
    three.envs.production.behave(silent);
    client = make();
    const res = await client.http.request({
      endpoint: '/orders',
      method: 'POST',
      json: { sku: 'A1' },
      idempotent: true,
    });
    expect(res.environment).toBe('staging');
    expect(three.envs.staging.hits).toHaveLength(1);
    expect(three.envs.staging.hits[0].body).toBe('{"sku":"A1"}');
  });

  it('a POST moves on where it provably never reached the server (connection refused)', async () => {
    client = make(await refusingUrl());
    const res = await client.http.request({ endpoint: '/orders', method: 'POST', json: { n: 1 } });
    expect(res.environment).toBe('staging');
    expect(three.envs.staging.hits.map((h) => h.method)).toEqual(['POST']);
  });

  it('a POST answered 503 gets that answer back, and is not sent anywhere else', async () => {
    three.envs.production.behave(status(503, 'production'));
    client = make();
    const res = await client.http.request({ endpoint: '/orders', method: 'POST', body: 'x' });
    expect(res.status).toBe(503);
    expect(res.environment).toBe('production');
    expect(three.envs.staging.hits).toHaveLength(0);
  });

  it('a PATCH whose connection is cut after the server got it fails with RequestFailedError, not replayed', async () => {
    three.envs.production.behave((req) => req.socket.destroy());
    client = make();
    const error = await client.http
      .request({ endpoint: '/orders/1', method: 'PATCH', json: { qty: 2 } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestFailedError);
    expect(three.envs.production.hits.map((h) => h.method)).toEqual(['PATCH']);
    expect(three.envs.staging.hits).toHaveLength(0);
  });

  it('a caller abort stops the request with the signal’s reason and tries nothing else', async () => {
    three.envs.production.behave(silent);
    client = make();
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('user cancelled')), 50);
    await expect(client.http.request({ endpoint: '/x', signal: controller.signal })).rejects.toThrow(
      'user cancelled',
    );
    expect(three.envs.staging.hits).toHaveLength(0);
  });
});
