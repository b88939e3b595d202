// What counts as a failed attempt, the order environments are visited in, and retries within one.
import { AllEnvironmentsFailedError, FailoverClient } from '../../src';
import {
  echo,
  startEnv,
  status,
  stopAll,
  threeEnvConfig,
  useThreeEnvs,
  type EnvServer,
} from './support/env-servers';

describe('failover order and failure classification', () => {
  const three = useThreeEnvs();
  let client: FailoverClient;
  const make = (extra: Partial<ConstructorParameters<typeof FailoverClient>[0]> = {}, prodRetries = 0) =>
    three.client({
      environments: threeEnvConfig(
        three.envs,
        { production: { maxRetries: prodRetries } },
        { timeoutMs: 500 },
      ),
      initialEnvironment: 'production',
      retryBackoff: { initialDelayMs: 5, maxDelayMs: 20 },
      ...extra,
    });

  it('a 503 moves to the next environment, which becomes current (listeners told)', async () => {
    three.envs.production.behave(status(503, 'production'));
    client = make();
    const changes: string[] = [];
    client.onEnvironmentChanged((to, from) => void changes.push(`${from}->${to}`));
    const res = await client.http.request({ endpoint: '/items' });
    expect(res.status).toBe(200);
    expect(res.environment).toBe('staging');
    expect(((await res.json()) as { env: string }).env).toBe('staging');
    expect(client.currentEnvironment).toBe('staging');
    expect(changes).toEqual(['production->staging']);
    expect(client.getStats().switches[0]).toMatchObject({
      from: 'production',
      to: 'staging',
      reason: 'failover',
    });
  });

  it.each([408, 429, 500, 502])('%i is a failed attempt too', async (code) => {
    three.envs.production.behave(status(code));
    client = make();
    const res = await client.http.request({ endpoint: '/x' });
    expect(res.environment).toBe('staging');
  });

  it.each([400, 401, 404, 409, 422])('%i is the answer, returned as is with no failover', async (code) => {
    three.envs.production.behave(status(code, 'production'));
    client = make();
    const res = await client.http.request({ endpoint: '/x' });
    expect(res.status).toBe(code);
    expect(res.environment).toBe('production');
    expect(three.envs.staging.hits).toHaveLength(0);
    expect(client.currentEnvironment).toBe('production');
  });

  it('visits current first, then the declared order, each environment exactly once', async () => {
    for (const e of three.envs.all) e.behave(status(503));
    client = make();
    // Start from staging: the order must be staging, production, development.
    await client.switchTo('staging', { skipHealthCheck: true });
    const order: string[] = [];
    for (const e of three.envs.all) e.server.on('request', () => order.push(e.name));
    const error = await client.http.request({ endpoint: '/x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AllEnvironmentsFailedError);
    expect(order).toEqual(['staging', 'production', 'development']);
    // The error says what each answered.
    expect((error as Error).message).toContain('staging: HTTP 503');
    expect((error as Error).message).toContain('production: HTTP 503');
    expect((error as Error).message).toContain('development: HTTP 503');
    expect((error as AllEnvironmentsFailedError).outcomes.map((o) => o.status)).toEqual([503, 503, 503]);
  });

  it('honours a configured fallbackOrder (current first, then that order)', async () => {
    three.envs.production.behave(status(500));
    client = make({ fallbackOrder: ['production', 'development', 'staging'] });
    const res = await client.http.request({ endpoint: '/x' });
    expect(res.environment).toBe('development');
    expect(three.envs.staging.hits).toHaveLength(0);
  });

  it('honours maxRetries: 1 + maxRetries attempts in an environment before moving on', async () => {
    three.envs.production.behave(status(503));
    client = make({}, 2);
    const res = await client.http.request({ endpoint: '/x' });
    expect(res.environment).toBe('staging');
    expect(three.envs.production.hits).toHaveLength(3);
    expect(three.envs.staging.hits).toHaveLength(1);
  });

  it('a retry within the environment can succeed without failing over', async () => {
    let calls = 0;
    three.envs.production.behave((req, res, body) =>
      ++calls === 1 ? status(503)(req, res, body) : echo('production')(req, res, body),
    );
    client = make({}, 1);
    const res = await client.http.request({ endpoint: '/x' });
    expect(res.environment).toBe('production');
    expect(calls).toBe(2);
    expect(client.currentEnvironment).toBe('production');
  });

  it('retries back off between attempts', async () => {
    const times: number[] = [];
    three.envs.production.behave((req, res, body) => {
      times.push(Date.now());
      status(503)(req, res, body);
    });
    client = make({ retryBackoff: { initialDelayMs: 40, maxDelayMs: 80 } }, 2);
    await client.http.request({ endpoint: '/x' });
    expect(times).toHaveLength(3);
    // Decorrelated jitter: never zero, so the retries are spread out rather than back to back.
    expect(times[2] - times[0]).toBeGreaterThanOrEqual(20);
  });

  it('executeWithFallback runs an operation with the same ordering and reports each environment', async () => {
    client = make();
    const seen: string[] = [];
    const result = await client.executeWithFallback(async (config, env) => {
      seen.push(env);
      if (env !== 'development') throw new Error(`boom in ${env}`);
      return config.apiUrl;
    });
    expect(result).toBe(three.envs.development.url);
    expect(seen).toEqual(['production', 'staging', 'development']);
    const all = await client
      .executeWithFallback(
        async () => {
          throw new Error('down');
        },
        { fallbackOrder: ['staging', 'production'] },
      )
      .catch((e: unknown) => e);
    expect((all as Error).message).toBe('All environments failed: staging: down; production: down.');
  });

  it('executeWithFallback aborts an attempt that runs past timeoutMs', async () => {
    client = make();
    let abortedSignal = false;
    const result = await client.executeWithFallback(
      (_config, env, signal) =>
        new Promise<string>((resolve) => {
          if (env !== 'production') return resolve(env);
          signal.addEventListener('abort', () => (abortedSignal = true));
        }),
      { timeoutMs: 100 },
    );
    expect(result).toBe('staging');
    expect(abortedSignal).toBe(true);
  });

  it('onEnvironmentChanged listeners are isolated from each other’s errors', async () => {
    three.envs.production.behave(status(503));
    client = make();
    const got: string[] = [];
    client.onEnvironmentChanged(() => {
      throw new Error('listener 1 broke');
    });
    client.onEnvironmentChanged(async () => {
      throw new Error('listener 2 rejected');
    });
    const off = client.onEnvironmentChanged((to) => void got.push(to));
    await client.http.request({ endpoint: '/x' });
    expect(got).toEqual(['staging']);
    off();
    await client.switchTo('development', { skipHealthCheck: true });
    expect(got).toEqual(['staging']);
  });

  it('a listener may return anything: (to, from) => changes.push(to) type-checks and is told', async () => {
    // Checked by `tsc --noEmit -p .` (jest only transpiles): with a void-returning listener type this line is an error.
    client = make();
    const changes: string[] = [];
    client.onEnvironmentChanged((to, from) => changes.push(`${from}->${to}`));
    await client.switchTo('staging', { skipHealthCheck: true });
    expect(changes).toEqual(['production->staging']);
  });

  it('a request answered elsewhere does not undo a switch made meanwhile', async () => {
    const slow: EnvServer = await startEnv('slow', (req, res, body) =>
      setTimeout(() => status(503)(req, res, body), 50),
    );
    client = three.client({
      environments: threeEnvConfig(three.envs, { production: { apiUrl: slow.url } }),
    });
    const pending = client.http.request({ endpoint: '/x' });
    await client.switchTo('development', { skipHealthCheck: true });
    const res = await pending;
    expect(res.environment).toBe('staging');
    expect(client.currentEnvironment).toBe('development');
    await stopAll([slow]);
  });

  it('a per-call fallbackOrder that starts elsewhere does not move the current environment', async () => {
    client = make();
    const changes: string[] = [];
    client.onEnvironmentChanged((to, from) => void changes.push(`${from}->${to}`));
    expect((await client.http.request({ endpoint: '/x', fallbackOrder: ['staging'] })).environment).toBe(
      'staging',
    );
    expect(await client.executeWithFallback(async (_c, env) => env, { fallbackOrder: ['development'] })).toBe(
      'development',
    );
    expect(client.currentEnvironment).toBe('production'); // never tried, never failed
    expect(changes).toEqual([]);
    expect(client.getStats().switches).toEqual([]);
    // Once something earlier in the call failed, the environment that answered does become current.
    three.envs.staging.behave(status(503));
    const res = await client.http.request({ endpoint: '/y', fallbackOrder: ['staging', 'development'] });
    expect(res.environment).toBe('development');
    expect(client.currentEnvironment).toBe('development');
    expect(changes).toEqual(['production->development']);
  });
});
