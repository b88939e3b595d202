// A per-environment cockatiel circuit breaker skips an environment known to be down.
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { FailoverClient, FileValidationError, InterceptorError } from '../../src';
import { tempDir } from '../http/files-support';
import { silent, status, threeEnvConfig, useThreeEnvs } from './support/env-servers';

describe('per-environment circuit breaker', () => {
  const three = useThreeEnvs();
  let client: FailoverClient;
  it('opens after consecutive failures and then skips the environment without waiting for its timeout', async () => {
    three.envs.production.behave(silent);
    client = three.client({
      environments: threeEnvConfig(three.envs, { production: { timeoutMs: 1_000 } }),
      circuitBreaker: { consecutiveFailures: 2, halfOpenAfterMs: 60_000 },
    });
    // Pin the order so production is visited first every time.
    const order = ['production', 'staging', 'development'];
    await client.http.request({ endpoint: '/a', fallbackOrder: order });
    await client.http.request({ endpoint: '/b', fallbackOrder: order });
    expect(client.getStats().environments.production.circuit).toBe('open');
    const hitsBefore = three.envs.production.hits.length;
    const started = Date.now();
    const res = await client.http.request({ endpoint: '/c', fallbackOrder: order });
    expect(res.environment).toBe('staging');
    expect(Date.now() - started).toBeLessThan(500); // no 1 s timeout paid
    expect(three.envs.production.hits.length).toBe(hitsBefore); // nothing sent to production
  });

  it('does not pay a health-check round trip before each attempt', async () => {
    client = three.client({
      environments: threeEnvConfig(three.envs),
      healthCheck: { path: '/health', intervalMs: 0 },
    });
    for (let i = 0; i < 5; i++) await client.http.request({ endpoint: `/n${i}` });
    expect(three.envs.production.requests.filter((r) => r.url === '/health')).toHaveLength(0);
    expect(three.envs.production.hits).toHaveLength(5);
  });

  it('half-opens after halfOpenAfterMs and closes on a successful trial', async () => {
    three.envs.production.behave(status(500));
    client = three.client({
      environments: threeEnvConfig(three.envs),
      circuitBreaker: { consecutiveFailures: 1, halfOpenAfterMs: 100 },
    });
    const order = ['production', 'staging'];
    expect((await client.http.request({ endpoint: '/1', fallbackOrder: order })).environment).toBe('staging');
    expect(client.getStats().environments.production.circuit).toBe('open');
    three.envs.production.behave((req, res) => res.end('ok'));
    expect((await client.http.request({ endpoint: '/2', fallbackOrder: order })).environment).toBe('staging');
    await new Promise((r) => setTimeout(r, 120));
    expect((await client.http.request({ endpoint: '/3', fallbackOrder: order })).environment).toBe(
      'production',
    );
    expect(client.getStats().environments.production.circuit).toBe('closed');
  });

  it('a 4xx answer does not count against the breaker', async () => {
    three.envs.production.behave(status(404));
    client = three.client({
      environments: threeEnvConfig(three.envs),
      circuitBreaker: { consecutiveFailures: 1 },
    });
    for (let i = 0; i < 3; i++)
      expect((await client.http.request({ endpoint: '/missing' })).status).toBe(404);
    const stats = client.getStats().environments.production;
    expect(stats.circuit).toBe('closed');
    expect(stats.failures).toBe(0);
    expect(stats.requests).toBe(3);
  });

  it('fails fast when every breaker is open, and a healthy probe lets traffic back at once', async () => {
    for (const env of three.envs.all) env.behave(status(503));
    client = three.client({
      environments: threeEnvConfig(three.envs),
      circuitBreaker: { consecutiveFailures: 1, halfOpenAfterMs: 60_000 },
    });
    await expect(client.http.request({ endpoint: '/down' })).rejects.toThrow(/All environments failed/);
    const hitsBefore = three.envs.all.map((e) => e.hits.length);
    const error = await client.http.request({ endpoint: '/still-down' }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/production: skipped: circuit open/);
    expect(three.envs.all.map((e) => e.hits.length)).toEqual(hitsBefore); // nothing sent anywhere
    // Staging recovers; a health round proves it and closes its breaker without waiting 60 s.
    three.envs.staging.behave(status(200));
    await client.checkAllEnvironments();
    expect(client.getStats().environments.staging.circuit).toBe('closed');
    expect((await client.http.request({ endpoint: '/back' })).environment).toBe('staging');
  });

  describe('a half-open breaker closes only on an answer', () => {
    const HALF_OPEN_MS = 100;
    const order = ['production', 'staging'];
    /** Production fails once (its breaker opens), then answers again; waits until its breaker may half-open. */
    const openThenRecover = async (extra: Parameters<typeof threeEnvConfig>[1] = {}) => {
      three.envs.production.behave(status(500));
      client = three.client({
        environments: threeEnvConfig(three.envs, extra),
        circuitBreaker: { consecutiveFailures: 1, halfOpenAfterMs: HALF_OPEN_MS },
      });
      expect((await client.http.request({ endpoint: '/1', fallbackOrder: order })).environment).toBe(
        'staging',
      );
      expect(client.getStats().environments.production.circuit).toBe('open');
      three.envs.production.behave(status(200));
      await new Promise((r) => setTimeout(r, HALF_OPEN_MS + 20));
    };

    it('an upload refused by validation never touches the breaker', async () => {
      const tmp = await tempDir();
      try {
        const filePath = path.join(tmp.dir, 'big.bin');
        await writeFile(filePath, 'x'.repeat(100));
        await openThenRecover({ production: { maxFileSize: 10 } });
        const hits = three.envs.production.hits.length;
        await expect(
          client.http.upload({ endpoint: '/up', filePath, fieldName: 'file', fallbackOrder: order }),
        ).rejects.toBeInstanceOf(FileValidationError);
        expect(three.envs.production.hits).toHaveLength(hits);
        expect(client.getStats().environments.production.circuit).toBe('open'); // not closed by it
        // The trial is still owed: the next request makes it, and the answer closes the breaker.
        expect((await client.http.request({ endpoint: '/2', fallbackOrder: order })).environment).toBe(
          'production',
        );
        expect(client.getStats().environments.production.circuit).toBe('closed');
      } finally {
        await tmp.cleanup();
      }
    });

    it('a trial ended by an interceptor error re-opens the breaker instead of closing it', async () => {
      let broken = false;
      await openThenRecover({
        production: {
          interceptors: [
            {
              onRequest: () => {
                if (broken) throw new Error('tracing backend down');
              },
            },
          ],
        },
      });
      broken = true;
      await expect(client.http.request({ endpoint: '/2', fallbackOrder: order })).rejects.toBeInstanceOf(
        InterceptorError,
      );
      expect(client.getStats().environments.production.circuit).toBe('open');
      broken = false;
      expect((await client.http.request({ endpoint: '/3', fallbackOrder: order })).environment).toBe(
        'staging', // skipped: the trial proved nothing, so the next one waits another halfOpenAfterMs
      );
    });

    it('a trial the caller aborts re-opens the breaker instead of closing it', async () => {
      await openThenRecover();
      three.envs.production.behave(silent);
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error('caller gave up')), 30);
      await expect(
        client.http.request({ endpoint: '/2', fallbackOrder: order, signal: controller.signal }),
      ).rejects.toThrow('caller gave up');
      expect(client.getStats().environments.production.circuit).toBe('open');
    });

    it('an interceptor error on a closed breaker neither counts nor resets', async () => {
      let broken = false;
      three.envs.production.behave(status(500));
      client = three.client({
        environments: threeEnvConfig(three.envs, {
          production: {
            interceptors: [
              {
                onRequest: () => {
                  if (broken) throw new Error('tracing backend down');
                },
              },
            ],
          },
        }),
        circuitBreaker: { consecutiveFailures: 2, halfOpenAfterMs: 60_000 },
      });
      await client.http.request({ endpoint: '/a', fallbackOrder: order }); // failure 1 of 2
      broken = true;
      for (let i = 0; i < 3; i++)
        await expect(client.http.request({ endpoint: '/x', fallbackOrder: order })).rejects.toBeInstanceOf(
          InterceptorError,
        );
      expect(client.getStats().environments.production.circuit).toBe('closed'); // not counted
      broken = false;
      await client.http.request({ endpoint: '/b', fallbackOrder: order }); // failure 2 of 2: not reset
      expect(client.getStats().environments.production.circuit).toBe('open');
    });
  });
});
