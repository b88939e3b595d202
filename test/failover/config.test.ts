import { resolveClientOptions } from '../../src/client/resolve-client-options';
// Only what the user configured exists; bad config is an EnvironmentConfigError at construction.
import {
  AuthType,
  EnvironmentConfigError,
  FailoverClient,
  UnknownEnvironmentError,
  type FailoverClientOptions,
} from '../../src';

const ok = { apiUrl: 'http://127.0.0.1:1' };
const build = (options: FailoverClientOptions) => () => new FailoverClient(options);
const expectConfigError = (options: FailoverClientOptions, environment: string, field: string) => {
  let error: unknown;
  try {
    new FailoverClient(options);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(EnvironmentConfigError);
  expect((error as EnvironmentConfigError).environment).toBe(environment);
  expect((error as EnvironmentConfigError).field).toBe(field);
  expect((error as Error).message).toContain(field);
  return error as EnvironmentConfigError;
};

describe('configuration', () => {
  const three = (production: object): FailoverClientOptions => ({
    environments: { production: { ...ok, ...production } as any, staging: ok, development: ok },
  });

  it.each([
    [{ apiUrl: 'not a url' }, 'apiUrl'],
    [{ apiUrl: 'ftp://files.example.com' }, 'apiUrl'],
    [{ apiUrl: 'http://user:pw@example.com' }, 'apiUrl'],
    [{ customAuthHeader: 'Bad Header:' }, 'customAuthHeader'],
    [{ timeoutMs: -5 }, 'timeoutMs'],
    [{ maxRetries: 1.5 }, 'maxRetries'],
    [{ authType: AuthType.ApiKey }, 'apiKey'],
    [{ authType: AuthType.Bearer }, 'bearerToken'],
    [{ authType: AuthType.Both, apiKey: 'k' }, 'bearerToken'],
    [{ authType: 'firebase' }, 'authType'],
    [{ apiKey: '' }, 'apiKey'],
    [{ maxFileSize: 0 }, 'maxFileSize'],
    [{ socketUrl: 'nope' }, 'socketUrl'],
  ])('%j → EnvironmentConfigError on field %s', (production, field) => {
    expectConfigError(three(production), 'production', field);
  });

  it('client-level options are checked too', () => {
    expectConfigError(
      { environments: { production: ok, staging: ok, development: ok }, initialEnvironment: 'qa' },
      '*',
      'initialEnvironment',
    );
    expectConfigError(
      { environments: { production: ok, staging: ok, development: ok }, fallbackOrder: ['production', 'eu'] },
      '*',
      'fallbackOrder',
    );
    expectConfigError(
      { environments: { production: ok, staging: ok, development: ok }, healthCheck: { intervalMs: -1 } },
      '*',
      'healthCheck.intervalMs',
    );
    expectConfigError({ environments: {} }, '*', 'environments');
  });

  it('never quotes a secret in the message', () => {
    const error = expectConfigError(
      three({ apiKey: 'super-secret-key\n', customAuthHeader: 'X-Key' }),
      'production',
      'apiKey',
    );
    expect(error.message).not.toContain('super-secret-key');
  });

  it('only configured environments exist: no third-party defaults, unknown names are refused', async () => {
    const client = new FailoverClient({ environments: { 'eu-west': ok, staging: ok, development: ok } });
    expect(client.environments).toEqual(['eu-west', 'staging', 'development']);
    expect(Object.keys(client.getStats().environments)).toEqual(['eu-west', 'staging', 'development']);
    expect(client.currentEnvironment).toBe('eu-west');
    await expect(client.switchTo('production', { skipHealthCheck: true })).rejects.toBeInstanceOf(
      UnknownEnvironmentError,
    );
    expect(() => client.environmentConfig('production')).toThrow(UnknownEnvironmentError);
    await client.close();
  });

  it('a valid config builds', async () => {
    const client = build({
      environments: {
        production: { apiUrl: 'https://api.example.com/v1/', apiKey: 'k', timeoutMs: 5_000, maxRetries: 1 },
        staging: {
          apiUrl: 'https://staging.example.com',
          bearerToken: async () => 't',
          authType: AuthType.Bearer,
        },
        development: { apiUrl: 'http://127.0.0.1:3000', apiKey: 'dev', customAuthHeader: 'X-Dev-Key' },
      },
      initialEnvironment: 'production',
    })();
    expect(client.environmentConfig('production').maxRetries).toBe(1);
    expect(Object.isFrozen(client.environmentConfig('production'))).toBe(true);
    await client.close();
  });
});

describe('health-check defaults', () => {
  it('checks every 30 s when healthCheck is given without an interval, and never when it is omitted', () => {
    const environments = { production: { apiUrl: 'http://127.0.0.1:9' } };
    expect(
      resolveClientOptions({ environments, healthCheck: { path: '/health' } }).settings.health.intervalMs,
    ).toBe(30_000);
    expect(
      resolveClientOptions({ environments, healthCheck: { intervalMs: 0 } }).settings.health.intervalMs,
    ).toBe(0);
    expect(resolveClientOptions({ environments }).settings.health.intervalMs).toBe(0);
  });
});
