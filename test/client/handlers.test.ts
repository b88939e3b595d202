// HttpRequest / HttpRequestHandler inside the pipeline, under every built-in step.
import { TimeoutStrategy, timeout } from 'cockatiel';
import { container as rootContainer } from 'tsyringe';
import {
  EnvironmentAwareHandler,
  FailoverClient,
  FailoverClientNotRegisteredError,
  FailoverHub,
  registerFailoverHandlers,
} from '../../src';
import type { FailoverHttp } from '../../src';
import { HttpRequest, HttpRequestCommandHandler, HttpRequestHandler, HttpResponse } from '../../src';
import { CommandProcessor, SubscriberRegistry } from '../../src/processor';
import { Command } from '../../src/requests';
import {
  Fallback,
  FeatureSwitch,
  FeatureSwitchRegistry,
  Monitor,
  RequestLogging,
  ResiliencePipelineRegistry,
  UseResiliencePipeline,
  type MonitorEvent,
} from '../../src/steps';
import { CaptureLogger } from '../support/capture-logger';
import { silent, threeEnvConfig, useThreeEnvs } from '../failover/support/env-servers';

class DecoratedHttp extends HttpRequestCommandHandler {
  @RequestLogging({ step: 0 })
  @Fallback({ step: 1, backstop: true })
  @UseResiliencePipeline('timeout', { step: 2 })
  @FeatureSwitch('Http', { step: 3 })
  @Monitor({ step: 4 })
  override handle(command: HttpRequest): Promise<HttpResponse> {
    return super.handle(command);
  }
  override async fallback(command: HttpRequest): Promise<HttpResponse> {
    return new HttpResponse(599, {}, 'fallback', Buffer.from(`fallback for ${command.options.endpoint}`));
  }
}

class GetBalance extends Command<number> {
  constructor(readonly account: string) {
    super();
  }
}
class WalletBalanceHandler extends HttpRequestHandler<GetBalance> {
  static failoverInstance = 'wallet';
  override async handle(query: GetBalance): Promise<number> {
    const res = await this.http.request({ endpoint: `/balance/${query.account}` });
    return ((await res.json()) as { url: string }).url.length;
  }
}

class WhichEnv extends Command<string> {}
/** Sends through `this.http`, reads it again, and again after a signal change; answers with the env reached. */
class MemoProbeHandler extends HttpRequestHandler<WhichEnv> {
  static failoverInstance = 'wallet';
  static views: { same: boolean; rebuiltForNewSignal: boolean }[] = [];
  override async handle(): Promise<string> {
    const first: FailoverHttp = this.http;
    const res = await first.request({ endpoint: '/which' });
    const same = this.http === first;
    const outer = this.context.signal;
    this.context.signal = new AbortController().signal; // as UseResiliencePipeline does inside its policy
    const rebuiltForNewSignal = this.http !== first;
    this.context.signal = outer;
    void this.http; // leaves a memo for the outer signal behind, as a send that ends here would
    MemoProbeHandler.views.push({ same, rebuiltForNewSignal });
    return ((await res.json()) as { env: string }).env;
  }
}

describe('failover handlers in the pipeline', () => {
  const three = useThreeEnvs();
  let client: FailoverClient;
  let logger: CaptureLogger;
  const API_KEY = 'pipeline-secret-key-42';

  const processorWith = (
    subscribers: SubscriberRegistry,
    features: Record<string, boolean> = { Http: true },
  ) => {
    const container = rootContainer.createChildContainer();
    container.registerInstance(FailoverClient, client);
    return new CommandProcessor({
      subscribers,
      container,
      logger,
      resiliencePipelines: new ResiliencePipelineRegistry().add(
        'timeout',
        timeout(150, TimeoutStrategy.Cooperative),
      ),
      featureSwitches: new FeatureSwitchRegistry(features),
    });
  };

  beforeEach(() => {
    logger = new CaptureLogger();
    client = three.client({
      environments: threeEnvConfig(three.envs, { production: { apiKey: API_KEY } }, { timeoutMs: 2_000 }),
    });
  });

  it('registerFailoverHandlers registers HttpRequest; send resolves to the HttpResponse', async () => {
    const processor = processorWith(registerFailoverHandlers(new SubscriberRegistry()));
    expect(processor.describePipeline(HttpRequest)).toEqual(['HttpRequestCommandHandler']);
    const res = await processor.send(
      new HttpRequest({ endpoint: '/hello', method: 'PATCH', json: { a: 1 } }),
    );
    expect(res).toBeInstanceOf(HttpResponse);
    expect(res.status).toBe(200);
    expect(three.envs.production.hits[0].method).toBe('PATCH');
    expect(three.envs.production.hits[0].headers['x-api-key']).toBe(API_KEY);
  });

  it('a decorated subclass runs under RequestLogging, Fallback, UseResiliencePipeline, FeatureSwitch and Monitor', async () => {
    const processor = processorWith(new SubscriberRegistry().register(HttpRequest, DecoratedHttp));
    expect(processor.describePipeline(HttpRequest)).toEqual([
      'RequestLoggingHandler',
      'FallbackHandler',
      'UseResiliencePipelineHandler',
      'FeatureSwitchHandler',
      'MonitorHandler',
      'DecoratedHttp',
    ]);
    const events: MonitorEvent[] = [];
    processor.onMonitorEvent((e) => void events.push(e));
    const res = await processor.send(
      new HttpRequest({ endpoint: '/decorated', headers: { authorization: 'Bearer caller-token-77' } }),
    );
    expect(res.status).toBe(200);
    expect(events.map((e) => e.type)).toEqual(['enter', 'exit']);
    expect(logger.text).toContain('HttpRequest');
    expect(logger.text).not.toContain(API_KEY);
    expect(logger.text).not.toContain('caller-token-77');
  });

  it('the resilience policy’s timeout reaches the request as context.signal and aborts the in-flight I/O', async () => {
    three.envs.production.behave(silent);
    let productionSocketClosed = false;
    three.envs.production.server.on('request', (req) =>
      req.socket.on('close', () => (productionSocketClosed = true)),
    );
    const processor = processorWith(new SubscriberRegistry().register(HttpRequest, DecoratedHttp));
    const started = Date.now();
    const res = await processor.send(new HttpRequest({ endpoint: '/hangs' }));
    expect(Date.now() - started).toBeLessThan(1_000); // not the 2 s attempt timeout
    expect(res.status).toBe(599);
    expect(await res.text()).toBe('fallback for /hangs');
    await new Promise((r) => setTimeout(r, 50));
    expect(productionSocketClosed).toBe(true);
    expect(three.envs.staging.hits).toHaveLength(0); // cancelled, not failed over
  });

  it('FeatureSwitch off: no request is sent', async () => {
    const processor = processorWith(new SubscriberRegistry().register(HttpRequest, DecoratedHttp), {
      Http: false,
    });
    expect(await processor.send(new HttpRequest({ endpoint: '/off' }))).toBeUndefined();
    expect(three.envs.all.flatMap((e) => e.requests)).toHaveLength(0);
  });

  it('a user handler with static failoverInstance uses that FailoverHub instance', async () => {
    const hub = new FailoverHub();
    hub.createInstance('wallet', {
      environments: {
        production: { apiUrl: three.envs.development.url },
        staging: { apiUrl: three.envs.staging.url },
        development: { apiUrl: three.envs.production.url },
      },
    });
    try {
      const container = rootContainer.createChildContainer();
      container.registerInstance(FailoverHub, hub);
      const processor = new CommandProcessor({
        subscribers: new SubscriberRegistry().register(GetBalance, WalletBalanceHandler),
        container,
      });
      expect(await processor.send(new GetBalance('acc-1'))).toBe('/balance/acc-1'.length);
      expect(three.envs.development.hits.map((h) => h.url)).toEqual(['/balance/acc-1']);
    } finally {
      await hub.close();
    }
  });

  it('HttpRequest can name a hub instance; a missing client is a clear error', async () => {
    const bare = new CommandProcessor({
      subscribers: registerFailoverHandlers(new SubscriberRegistry()),
      container: rootContainer.createChildContainer(),
    });
    await expect(bare.send(new HttpRequest({ endpoint: '/x' }))).rejects.toBeInstanceOf(
      FailoverClientNotRegisteredError,
    );
    await expect(bare.send(new HttpRequest({ endpoint: '/x' }, 'wallet'))).rejects.toThrow(
      /no FailoverHub is registered/,
    );
  });

  it('this.http is built once per send, again when the signal changes, and never carried into the next send', async () => {
    const hub = new FailoverHub();
    const config = (url: string) => ({ environments: { production: { apiUrl: url } } });
    hub.createInstance('wallet', config(three.envs.production.url));
    try {
      const container = rootContainer.createChildContainer();
      container.registerInstance(FailoverHub, hub);
      container.registerSingleton(MemoProbeHandler); // one instance, reused (as per-send views) by every send
      const processor = new CommandProcessor({
        subscribers: new SubscriberRegistry().register(WhichEnv, MemoProbeHandler),
        container,
      });
      MemoProbeHandler.views = [];
      expect(await processor.send(new WhichEnv())).toBe('production');
      hub.createInstance('wallet', config(three.envs.staging.url)); // replaces (and closes) the first client
      expect(await processor.send(new WhichEnv())).toBe('staging'); // the new instance, not the first send's
      expect(MemoProbeHandler.views).toEqual([
        { same: true, rebuiltForNewSignal: true },
        { same: true, rebuiltForNewSignal: true },
      ]);
      expect(container.resolve(MemoProbeHandler)).toBeInstanceOf(EnvironmentAwareHandler);
    } finally {
      await hub.close();
    }
  });
});
