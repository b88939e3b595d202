// Secrets (API keys, static and provider-issued tokens) never reach logs, error messages or stats.
import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { AllEnvironmentsFailedError, FailoverClient, InterceptorError } from '../../src';
import { CommandProcessor, SubscriberRegistry } from '../../src/processor';
import { Command, RequestHandler } from '../../src/requests';
import { RequestLogging } from '../../src/steps';
import { startSocketServer } from '../socket/socket-servers';
import { CaptureLogger } from '../support/capture-logger';
import { refusingUrl, status, threeEnvConfig, useThreeEnvs } from './support/env-servers';

describe('secrets', () => {
  const three = useThreeEnvs();
  let client: FailoverClient;
  const API_KEY = 'sk_live_PRODKEY_0001';
  const STATIC_TOKEN = 'eyJ.static.TOKEN_0002';
  const DEV_KEY = 'dev_KEY_0003';
  let issued = 0;
  const provided = () => `eyJ.provided.TOKEN_${++issued}`;

  it('are absent from every log line, error message and stats snapshot', async () => {
    const logger = new CaptureLogger();
    three.envs.production.behave(status(503));
    three.envs.staging.behave(status(500));
    client = three.client({
      environments: threeEnvConfig(
        three.envs,
        {
          production: { apiKey: API_KEY },
          staging: { bearerToken: STATIC_TOKEN },
          development: { apiUrl: await refusingUrl(), apiKey: DEV_KEY, bearerToken: async () => provided() },
        },
        { enableLogging: true, timeoutMs: 300 },
      ),
      healthCheck: { intervalMs: 0 },
      logger,
    });
    const texts: string[] = [];
    const capture = (e: unknown) =>
      texts.push(String((e as Error).message), JSON.stringify(e), String((e as Error).stack));

    // Every environment fails: the aggregate error names each outcome.
    await client.http.request({ endpoint: `/x?api_key=${API_KEY}` }).catch(capture);
    // A provider whose failure message carries a secret.
    await client
      .executeWithFallback(async (config) => {
        throw new Error(`upstream rejected ${config.apiKey ?? config.bearerToken} and ${DEV_KEY}`);
      })
      .catch(capture);
    // A POST that may have reached the server: its own error.
    three.envs.production.behave((req) => req.socket.destroy());
    await client.http.request({ endpoint: '/orders', method: 'POST', body: API_KEY }).catch(capture);
    // Socket-reported failure with a secret in the message.
    await client.reportUnreachable('staging', new Error(`auth failed for ${STATIC_TOKEN}`));
    await client.checkAllEnvironments();

    texts.push(logger.text, JSON.stringify(client.getStats()));
    const everything = texts.join('\n');
    expect(texts.length).toBeGreaterThan(5);
    expect(logger.lines.length).toBeGreaterThan(3);
    expect(everything).toContain('[REDACTED]'); // scrubbing happened, rather than nothing to scrub
    for (const secret of [API_KEY, STATIC_TOKEN, DEV_KEY, 'eyJ.provided.TOKEN_'])
      expect(everything).not.toContain(secret);
  });
});

describe('secrets in errors, providers and inspection', () => {
  const three = useThreeEnvs();
  const API_KEY = 'sk_live_PRODKEY_0001';
  const REFRESH = '1//0gRefReshTok3nQ9xZ-abcdefGHIJKL';
  const failingProvider = async (): Promise<string> => {
    throw new Error(`token refresh failed: refresh_token=${REFRESH} was rejected`);
  };

  it("an InterceptorError's message and cause are scrubbed of the environment's API key", async () => {
    const client = three.client({
      environments: {
        production: {
          apiUrl: three.envs.production.url,
          apiKey: API_KEY,
          interceptors: [
            {
              onRequest: () => {
                throw new Error(`refusing to send with key ${API_KEY}`);
              },
            },
          ],
        },
      },
    });
    const error = await client.http.request({ endpoint: '/x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InterceptorError);
    expect((error as Error).message).toContain('refusing to send with key [REDACTED]');
    expect(inspect(error, { depth: 10 })).not.toContain(API_KEY);
    expect(JSON.stringify(error)).not.toContain(API_KEY);
  });

  it('a failing bearer-token provider: the error, stats and logs say the provider failed, never its text; the cause is scrubbed', async () => {
    const logger = new CaptureLogger();
    const client = three.client({
      environments: {
        production: { apiUrl: three.envs.production.url, bearerToken: failingProvider, enableLogging: true },
      },
      logger,
    });
    const error = await client.http.request({ endpoint: '/x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AllEnvironmentsFailedError);
    const failed = error as AllEnvironmentsFailedError;
    expect(failed.message).toBe('All environments failed: production: bearer token provider failed.');
    const cause = failed.cause as Error;
    expect(cause).toBeInstanceOf(Error);
    expect(cause.message).toContain('token refresh failed');
    expect(failed.outcomes[0].cause).toBe(cause);
    expect(client.getStats().environments.production.lastError).toBe('bearer token provider failed');
    const everything = [
      inspect(error, { depth: 10 }),
      String(cause.stack),
      JSON.stringify(error),
      JSON.stringify(client.getStats()),
      logger.text,
    ].join('\n');
    expect(everything).not.toContain(REFRESH);
    expect(everything).not.toContain('0gRefReshTok3n');
    expect(three.envs.production.hits).toHaveLength(0); // nothing was sent without its credentials
  });

  it('the socket\'s "auth unavailable" log says the provider failed and never quotes it', async () => {
    const server = await startSocketServer();
    const logger = new CaptureLogger();
    const client = three.client({
      environments: {
        production: {
          apiUrl: server.url,
          bearerToken: failingProvider,
          enableSocket: true,
          socketOptions: { transports: ['websocket'], reconnection: false },
        },
      },
      logger,
    });
    try {
      await client.socket.connect();
      const line = logger.lines.find((l) => l.msg?.includes('auth unavailable'));
      expect(line).toBeDefined();
      expect(JSON.stringify(line)).toContain("bearer token provider of environment 'production' failed");
      expect(logger.text).not.toContain(REFRESH);
    } finally {
      await client.close();
      await server.close();
    }
  });

  it('util.inspect, JSON.stringify and console.log of the client, client.http and its configs show no secret', async () => {
    let issued = 0;
    const client = three.client({
      environments: threeEnvConfig(three.envs, {
        production: { apiKey: API_KEY },
        staging: { bearerToken: 'eyJ.static.TOKEN_0002', customAuthHeader: 'X-Svc-Auth' },
        development: { bearerToken: async () => `eyJ.provided.TOKEN_${++issued}`, apiKey: 'dev_KEY_0003' },
      }),
    });
    await client.http.request({ endpoint: '/x', fallbackOrder: ['development'] }); // a provided token is remembered
    const printed: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        printed.push(String(chunk));
        done();
      },
    });
    const logConsole = new Console(sink);
    const config = client.environmentConfig('production');
    logConsole.log(config);
    logConsole.log(client);
    const texts = [
      inspect(client, { depth: 10 }),
      inspect(client.http, { depth: 10 }),
      inspect(config, { depth: 10 }),
      JSON.stringify(client),
      JSON.stringify(client.http),
      JSON.stringify(config),
      JSON.stringify(client.environmentConfig('staging')),
      JSON.stringify(client.environmentConfig('development')),
      ...printed,
    ].join('\n');
    expect(texts).toContain('[REDACTED]');
    expect(texts).toContain(three.envs.production.url); // still says what it is
    for (const secret of [API_KEY, 'eyJ.static.TOKEN_0002', 'dev_KEY_0003', 'eyJ.provided.TOKEN_'])
      expect(texts).not.toContain(secret);
    expect(config.apiKey).toBe(API_KEY); // read by code, the config is the user's
  });

  it("RequestLogging redacts the value of every environment's customAuthHeader once a client is built", async () => {
    three.client({
      environments: {
        production: { apiUrl: three.envs.production.url, apiKey: API_KEY, customAuthHeader: 'X-Tenant-Sig' },
      },
    });
    class Call extends Command<string> {
      constructor(readonly headers: Record<string, string>) {
        super();
      }
    }
    class CallHandler extends RequestHandler<Call> {
      @RequestLogging({ step: 0 })
      override async handle(): Promise<string> {
        return 'ok';
      }
    }
    const logger = new CaptureLogger();
    const processor = new CommandProcessor({
      subscribers: new SubscriberRegistry().register(Call, CallHandler),
      logger,
    });
    await processor.send(new Call({ 'X-Tenant-Sig': 'sig-value-77', accept: 'json' }));
    expect(logger.text).toContain('"accept":"json"');
    expect(logger.text).not.toContain('sig-value-77');
  });
});
