// commandRoutes: a real CommandProcessor behind HTTP, each status mapping over a real server.
import { CommandProcessor, SubscriberRegistry } from '../../src/processor';
import { Command, Event, RequestHandler } from '../../src/requests';
import { Cascade, commandRoutes, RequestValidationError, type CommandRoute } from '../../src/server';
import { memoryLogger, Servers } from './helpers';

class GreetCommand extends Command<{ greeting: string }> {
  constructor(readonly name: string) {
    super();
  }
}
class GreetHandler extends RequestHandler<GreetCommand> {
  override async handle(command: GreetCommand): Promise<{ greeting: string }> {
    if (command.name === 'nobody') throw new RequestValidationError('nobody is not a name');
    if (command.name === 'crash') throw new Error('connection string postgres://admin:pw@db');
    return { greeting: `Hello, ${command.name}!` };
  }
}
class ForgetCommand extends Command<void> {}
class ForgetHandler extends RequestHandler<ForgetCommand> {
  override async handle(): Promise<void> {
    return undefined;
  }
}
class UnhandledCommand extends Command<void> {}
class OrderPlaced extends Event {
  constructor(readonly orderId: number) {
    super();
  }
}
const delivered: number[] = [];
class RecordOrder extends RequestHandler<OrderPlaced> {
  override async handle(event: OrderPlaced): Promise<void> {
    if (event.orderId === 13) throw new Error('unlucky');
    delivered.push(event.orderId);
  }
}

const routes: CommandRoute[] = [
  {
    method: 'POST',
    path: '/greetings',
    toCommand: async (request) => {
      const body = await request.json();
      if (typeof body?.name !== 'string') throw new RequestValidationError('name must be a string');
      return new GreetCommand(body.name);
    },
  },
  { method: 'DELETE', path: '/memories', toCommand: () => new ForgetCommand() },
  { method: 'POST', path: '/unhandled', toCommand: () => new UnhandledCommand() },
  {
    method: 'POST',
    path: '/orders/:id/placed',
    publish: true,
    toCommand: (_r, info) => new OrderPlaced(Number(info.params.id)),
  },
  {
    method: 'POST',
    path: '/broken',
    toCommand: () => {
      throw new Error('toCommand bug with secret');
    },
  },
];

const servers = new Servers();
afterEach(() => servers.closeAll());

async function start(maxBodyBytes?: number) {
  const processor = new CommandProcessor({
    subscribers: new SubscriberRegistry()
      .register(GreetCommand, GreetHandler)
      .register(ForgetCommand, ForgetHandler)
      .register(OrderPlaced, RecordOrder),
  });
  const logger = memoryLogger();
  const server = await servers.start(
    commandRoutes(processor, routes, { logger }),
    maxBodyBytes ? { maxBodyBytes } : {},
  );
  const post = (path: string, body?: string, method = 'POST') =>
    fetch(`${server.url}${path}`, { method, body, headers: { 'content-type': 'application/json' } });
  return { server, logger, post };
}

describe('commandRoutes', () => {
  it('answers 200 with the result as JSON', async () => {
    const { post } = await start();
    const res = await post('/greetings', JSON.stringify({ name: 'Ada' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ greeting: 'Hello, Ada!' });
  });

  it('answers 204 when the command has no result', async () => {
    const { post } = await start();
    const res = await post('/memories', undefined, 'DELETE');
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
  });

  it('answers 400 with a short reason for invalid JSON and validation errors', async () => {
    const { post } = await start();
    const badJson = await post('/greetings', '{"name": ');
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toEqual({ error: 'request body is not valid JSON' });
    const fromToCommand = await post('/greetings', JSON.stringify({ name: 42 }));
    expect([fromToCommand.status, await fromToCommand.json()]).toEqual([
      400,
      { error: 'name must be a string' },
    ]);
    const fromHandler = await post('/greetings', JSON.stringify({ name: 'nobody' }));
    expect([fromHandler.status, await fromHandler.json()]).toEqual([400, { error: 'nobody is not a name' }]);
  });

  it('answers 404 when no handler is registered', async () => {
    const { post } = await start();
    const res = await post('/unhandled');
    expect([res.status, await res.json()]).toEqual([404, { error: 'Not Found' }]);
  });

  it('answers 500 without detail for anything else, and logs it', async () => {
    const { post, logger } = await start();
    for (const [path, body] of [
      ['/greetings', JSON.stringify({ name: 'crash' })],
      ['/broken?note=query-not-logged', '{}'],
    ]) {
      const res = await post(path, body);
      const text = await res.text();
      expect(res.status).toBe(500);
      expect(JSON.parse(text)).toEqual({ error: 'Internal Server Error' });
      expect(text).not.toMatch(/postgres|secret/);
    }
    expect(logger.entries.filter((e) => e.level === 'error').map((e) => e.obj.path)).toEqual([
      '/greetings',
      '/broken',
    ]);
  });

  it('publishes events for publish routes and answers 204; a failing subscriber gives 500', async () => {
    const { post } = await start();
    delivered.length = 0;
    const ok = await post('/orders/42/placed');
    expect(ok.status).toBe(204);
    expect(delivered).toEqual([42]);
    const failed = await post('/orders/13/placed');
    expect(failed.status).toBe(500);
  });

  it('answers 404/405 for unknown paths and methods, and 413 for a body over the limit', async () => {
    const { post } = await start(64);
    expect((await post('/nowhere')).status).toBe(404);
    const wrong = await post('/greetings', undefined, 'GET');
    expect([wrong.status, wrong.headers.get('allow')]).toEqual([405, 'POST']);
    const big = await post('/greetings', JSON.stringify({ name: 'x'.repeat(200) }));
    expect(big.status).toBe(413);
  });

  it('is an HttpHandler usable in a Cascade', async () => {
    const processor = new CommandProcessor({
      subscribers: new SubscriberRegistry().register(GreetCommand, GreetHandler),
    });
    const api = commandRoutes(processor, [routes[0]]);
    const server = await servers.start(new Cascade().add(api).add(() => new Response('static')).handler);
    expect(await (await fetch(`${server.url}/index.html`)).text()).toBe('static');
    const res = await fetch(`${server.url}/greetings`, { method: 'POST', body: '{"name":"Bo"}' });
    expect(await res.json()).toEqual({ greeting: 'Hello, Bo!' });
  });
});
