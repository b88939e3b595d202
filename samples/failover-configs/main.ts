// Sample 2 — failover with a custom configuration per environment: timeouts, retries, auth types
// (API key, bearer-token provider, both with the 401 fallback to the key) and custom headers.
// Three local servers show which credential header reached them; production is made flaky (its
// retry absorbs it) and then slow (its timeout moves the request to staging).
import 'reflect-metadata';
import {
  AuthType,
  EnvironmentConfigError,
  FailoverClient,
  FastResponse,
  Router,
  type EnvironmentConfig,
} from '../../src';
import { startLocalServer } from '../shared/local-server';

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Fake credentials: obviously not secrets. */
const PROD_KEY = 'prod-key-not-a-secret';
const STAGING_TOKEN = 'staging-token-not-a-secret';
const DEV_KEY = 'dev-key-not-a-secret';

/** A server that names the credential header it received (never its value) at GET /whoami. */
function backend(name: string, accepts: (headers: Headers) => string | undefined) {
  let flakyCalls = 0;
  return new Router()
    .get('/health', () => new FastResponse('ok'))
    .get('/whoami', (request) => {
      const via = accepts(request.headers);
      return via
        ? FastResponse.json({ environment: name, authenticatedWith: via })
        : FastResponse.json({ error: 'unauthorized' }, { status: 401 });
    })
    .get('/flaky', () =>
      ++flakyCalls <= 1
        ? new FastResponse('busy', { status: 503 })
        : FastResponse.json({ environment: name, calls: flakyCalls }),
    )
    .get('/slow', async () => {
      await delay(name === 'production' ? 1_500 : 10);
      return FastResponse.json({ environment: name });
    });
}

async function main() {
  const production = await startLocalServer(
    'production',
    backend('production', (h) => (h.get('x-api-key') === PROD_KEY ? 'x-api-key' : undefined)).handler,
  );
  const staging = await startLocalServer(
    'staging',
    backend('staging', (h) =>
      h.get('x-staging-token') === `Bearer ${STAGING_TOKEN}` ? 'X-Staging-Token: Bearer …' : undefined,
    ).handler,
  );
  // Development accepts only the API key, so the Both auth type's bearer attempt gets a 401 first.
  const development = await startLocalServer(
    'development',
    backend('development', (h) =>
      h.get('x-dev-auth') === DEV_KEY ? 'X-Dev-Auth (API key, after a 401 on the bearer token)' : undefined,
    ).handler,
  );

  const environments: Record<string, EnvironmentConfig> = {
    production: {
      apiUrl: production.url,
      apiKey: PROD_KEY,
      authType: AuthType.ApiKey,
      timeoutMs: 300,
      maxRetries: 1,
    },
    staging: {
      apiUrl: staging.url,
      bearerToken: async () => STAGING_TOKEN, // a provider, called per request (a Firebase ID token would be refreshed here)
      authType: AuthType.Bearer,
      customAuthHeader: 'X-Staging-Token',
      timeoutMs: 2_000,
    },
    development: {
      apiUrl: development.url,
      apiKey: DEV_KEY,
      bearerToken: 'expired-dev-token-not-a-secret',
      authType: AuthType.Both, // bearer first; on a 401, once more with the API key
      customAuthHeader: 'X-Dev-Auth',
      timeoutMs: 1_000,
    },
  };

  // 1. Configs are validated up front: the error names the environment and the field.
  try {
    new FailoverClient({
      environments: {
        ...environments,
        staging: { ...environments.staging, customAuthHeader: 'X Staging Token' },
      },
    });
  } catch (error) {
    if (!(error instanceof EnvironmentConfigError)) throw error;
    console.log(`1. bad config refused: ${error.message}`);
  }

  const client = new FailoverClient({
    environments,
    initialEnvironment: 'production',
    fallbackOrder: ['production', 'staging', 'development'],
  });
  client.onEnvironmentChanged((to, from) => console.log(`   (environment changed: ${from} → ${to})`));

  // 2. Each environment's auth type and header: switch to each one and ask.
  console.log('2. who am I, per environment:');
  for (const name of client.environments) {
    await client.switchTo(name);
    const res = await client.http.request({ endpoint: '/whoami' });
    const body = await res.json<{ environment: string; authenticatedWith: string }>();
    console.log(`   ${name.padEnd(12)} ${res.status}  authenticated with ${body.authenticatedWith}`);
  }

  // 3. Retries: production answers 503 once, and its maxRetries: 1 absorbs that without leaving production.
  await client.switchTo('production');
  const flaky = await client.http.request({ endpoint: '/flaky' });
  const prodStats = client.getStats().environments.production;
  console.log(
    `3. /flaky answered by ${flaky.environment} after ${(await flaky.json<{ calls: number }>()).calls} calls ` +
      `(production: ${prodStats.requests} attempts so far, ${prodStats.failures} failed)`,
  );

  // 4. Timeouts: production's 300 ms budget is too short for its 1.5 s /slow, so staging answers
  // (after production's retry also times out) and becomes current.
  const started = performance.now();
  const slow = await client.http.request({ endpoint: '/slow' });
  console.log(
    `4. /slow answered by ${slow.environment} in ${Math.round(performance.now() - started)} ms; current is now ${client.currentEnvironment}`,
  );

  // 5. executeWithFallback: your own operation, with each environment's config, in the order you give.
  const viaFetch = await client.executeWithFallback(
    async (config, environment, signal) => {
      const res = await fetch(`${config.apiUrl}/whoami`, {
        signal,
        headers: { 'x-api-key': config.apiKey ?? '' },
      });
      if (!res.ok) throw new Error(`${environment} answered ${res.status}`);
      return res.json() as Promise<{ environment: string }>;
    },
    { fallbackOrder: ['staging', 'production'], timeoutMs: 1_000 },
  );
  console.log(`5. executeWithFallback: staging refused a bare API key, ${viaFetch.environment} answered`);

  // 6. Manual switch back, health of all, and the stats (no secret in them).
  console.log(
    `6. switchTo('production'): ${await client.switchTo('production')}, current: ${client.currentEnvironment}`,
  );
  console.log(`   checkAllEnvironments: ${JSON.stringify(await client.checkAllEnvironments())}`);
  const stats = client.getStats();
  for (const [name, e] of Object.entries(stats.environments)) {
    console.log(
      `   ${name.padEnd(12)} requests ${e.requests}, failures ${e.failures}, last error: ${e.lastError ?? '-'}`,
    );
  }
  if (JSON.stringify(stats).includes('not-a-secret')) throw new Error('a secret leaked into the stats');

  await client.close();
  await Promise.all([production.close(), staging.close(), development.close()]);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
