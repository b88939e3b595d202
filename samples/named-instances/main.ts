// Sample 4 — two named instances side by side (the Flutter package's multi-backend support): a
// general backend and a wallet backend, each with its own environments, credentials and failover.
// Handlers pick their instance with `static failoverInstance`; the built-in HttpRequest command
// takes one by name. The wallet's production dies: the wallet fails over, the general backend
// does not notice.
import 'reflect-metadata';
import { container } from 'tsyringe';
import {
  Command,
  CommandProcessor,
  FailoverHub,
  FastResponse,
  HttpRequest,
  HttpRequestHandler,
  RequestLogging,
  Router,
  registerFailoverHandlers,
  SubscriberRegistry,
} from '../../src';
import { consoleLogger } from '../shared/console-logger';
import { startLocalServer } from '../shared/local-server';

class ListUsers extends Command<string[]> {}

class GetBalance extends Command<{ userId: string; cents: number; servedBy: string }> {
  constructor(readonly userId: string) {
    super();
  }
}

/** Uses the hub's 'general' instance. */
class ListUsersHandler extends HttpRequestHandler<ListUsers> {
  static failoverInstance = 'general';

  override async handle(): Promise<string[]> {
    const res = await this.http.request({ endpoint: '/users' });
    return res.json<string[]>();
  }
}

/** Uses the hub's 'wallet' instance. */
class GetBalanceHandler extends HttpRequestHandler<GetBalance> {
  static failoverInstance = 'wallet';

  @RequestLogging({ step: 0 })
  override async handle(query: GetBalance) {
    const res = await this.http.request({ endpoint: `/balance/${query.userId}` });
    return res.json<{ userId: string; cents: number; servedBy: string }>();
  }
}

const backend = (name: string) =>
  new Router()
    .get('/health', () => new FastResponse('ok'))
    .get('/users', () => FastResponse.json(['ada', 'grace', 'edsger']))
    .get('/balance/:id', (_req, info) =>
      FastResponse.json({ userId: info.params.id, cents: 4_200, servedBy: name }),
    );

async function main() {
  const generalProd = await startLocalServer('general/production', backend('general/production').handler);
  const generalDev = await startLocalServer('general/development', backend('general/development').handler);
  const walletProd = await startLocalServer('wallet/production', backend('wallet/production').handler);
  const walletDev = await startLocalServer('wallet/development', backend('wallet/development').handler);

  const hub = new FailoverHub();
  hub.createInstance('general', {
    environments: {
      production: { apiUrl: generalProd.url, apiKey: 'general-prod-key-not-a-secret' },
      development: { apiUrl: generalDev.url, apiKey: 'general-dev-key-not-a-secret' },
    },
    initialEnvironment: 'production',
  });
  const wallet = hub.createInstance('wallet', {
    environments: {
      production: {
        apiUrl: walletProd.url,
        bearerToken: async () => 'wallet-token-not-a-secret',
        timeoutMs: 2_000,
      },
      development: { apiUrl: walletDev.url, apiKey: 'wallet-dev-key-not-a-secret' },
    },
    initialEnvironment: 'production',
  });
  wallet.onEnvironmentChanged((to, from) => console.log(`   wallet switched ${from} → ${to}`));
  console.log(`instances: ${hub.availableInstances.join(', ')} (default: ${hub.defaultInstance})`);

  const scope = container.createChildContainer();
  scope.registerInstance(FailoverHub, hub);
  const processor = new CommandProcessor({
    subscribers: registerFailoverHandlers(new SubscriberRegistry())
      .register(ListUsers, ListUsersHandler)
      .register(GetBalance, GetBalanceHandler),
    container: scope,
    logger: consoleLogger,
  });

  console.log(`users (general):  ${(await processor.send(new ListUsers())).join(', ')}`);
  console.log(`balance (wallet): ${JSON.stringify(await processor.send(new GetBalance('ada')))}`);

  console.log('wallet production dies…');
  await walletProd.kill();
  console.log(`balance (wallet): ${JSON.stringify(await processor.send(new GetBalance('ada')))}`);
  // The built-in HttpRequest command, aimed at an instance by name.
  const viaCommand = await processor.send(new HttpRequest({ endpoint: '/users' }, 'general'));
  console.log(
    `users via HttpRequest(…, 'general'): status ${viaCommand.status} from ${viaCommand.environment}`,
  );

  for (const [name, stats] of Object.entries(hub.getAllInstancesStats())) {
    const counts = Object.entries(stats.environments).map(
      ([env, e]) => `${env} ${e.requests} req/${e.failures} failed`,
    );
    console.log(
      `stats ${name.padEnd(8)} current ${stats.currentEnvironment.padEnd(12)} ${counts.join(', ')}`,
    );
  }

  hub.setDefaultInstance('wallet');
  console.log(
    `default instance now: ${hub.defaultInstance}; hasInstance('general'): ${hub.hasInstance('general')}`,
  );
  await hub.removeInstance('wallet'); // closes its connections and timers
  console.log(`after removeInstance('wallet'): ${hub.availableInstances.join(', ')}`);

  await hub.close();
  await Promise.all([generalProd, generalDev, walletProd, walletDev].map((s) => s.close()));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
