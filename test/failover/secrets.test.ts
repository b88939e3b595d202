// Secrets (API keys, static and provider-issued tokens) never reach logs, error messages or stats.
import { FailoverClient } from '../../src/failover';
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
