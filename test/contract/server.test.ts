// API.md §5 (serving over HTTP, Shelf-style), in the contract's literal forms. Real server on 127.0.0.1:0.
import * as net from 'node:net';
import {
  Cascade,
  Command,
  CommandProcessor,
  HttpPipeline,
  RequestHandler,
  SubscriberRegistry,
  commandRoutes,
  createMiddleware,
  logRequests,
  serve,
  type HttpHandler,
  type HttpMiddleware,
  type RequestInfo,
  type RunningServer,
} from 'matryoshka-pipeline';
import { captureLogger } from './support';

const running: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});
const start = async (handler: HttpHandler, options: Parameters<typeof serve>[1] = {}) => {
  const server = await serve(handler, { port: 0, host: '127.0.0.1', logger: captureLogger(), ...options });
  running.push(server);
  return server;
};

/** Sends raw bytes and returns the raw response text (connection: close). */
function raw(server: RunningServer, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.port, '127.0.0.1', () => socket.end(request));
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
  });
}

class GreetCommand extends Command<{ greeting: string }> {
  constructor(readonly name: string) {
    super();
  }
}
class GreetHandler extends RequestHandler<GreetCommand> {
  async handle(command: GreetCommand) {
    return { greeting: `Hello, ${command.name}` };
  }
}

describe('§5 serving over HTTP', () => {
  it('the contract snippet: HttpPipeline, Cascade, createMiddleware, serve, server.url, server.close(), commandRoutes', async () => {
    const order: string[] = [];
    const auth: HttpMiddleware = createMiddleware({
      requestHandler: (request) => {
        order.push('auth');
        return request.headers.get('authorization') === 'Bearer s3cret' ? undefined : new Response('Unauthorized', { status: 401 });
      },
    });
    const staticFiles: HttpHandler = (request) =>
      new URL(request.url).pathname === '/index.html' ? new Response('<h1>hi</h1>', { headers: { 'content-type': 'text/html' } }) : new Response('nope', { status: 404 });
    const processor = new CommandProcessor({ subscribers: new SubscriberRegistry().register(GreetCommand, GreetHandler) });
    const api = commandRoutes(processor, [{ method: 'POST', path: '/greetings', toCommand: async (req) => new GreetCommand((await req.json()).name) }]);
    const handler: HttpHandler = (request: Request, info: RequestInfo) => {
      order.push('handler');
      return routes(request, info);
    };
    const routes = new Cascade().add(staticFiles).add(api).handler;   // next on 404/405, or { statusCodes } / { shouldCascade }
    const app = new HttpPipeline().addMiddleware(logRequests({ logger: captureLogger() })).addMiddleware(auth).addHandler(handler);
    const server = await serve(app, { port: 0, host: '127.0.0.1', poweredBy: 'contract' });
    running.push(server);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const denied = await fetch(`${server.url}/index.html`);
    expect(denied.status).toBe(401);
    expect(order).toEqual(['auth']);

    const headers = { authorization: 'Bearer s3cret' };
    const page = await fetch(`${server.url}/index.html`, { headers });
    expect(page.status).toBe(200);
    expect(await page.text()).toBe('<h1>hi</h1>');
    expect(page.headers.get('x-powered-by')).toBe('contract');

    const greeted = await fetch(`${server.url}/greetings`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ada' }),
    });
    expect(greeted.status).toBe(200);
    expect(await greeted.json()).toEqual({ greeting: 'Hello, Ada' });
  });

  it('logRequests() is middleware with default options', () => {
    const mw: HttpMiddleware = logRequests();
    expect(typeof mw).toBe('function');
  });

  it('the first middleware added is the outermost', async () => {
    const trace: string[] = [];
    const mark =
      (name: string): HttpMiddleware =>
      (inner) =>
      async (request, info) => {
        trace.push(`${name}>`);
        const response = await inner(request, info);
        trace.push(`<${name}`);
        return response;
      };
    const app = new HttpPipeline().addMiddleware(mark('a')).addMiddleware(mark('b')).addHandler(() => {
      trace.push('handler');
      return new Response('ok');
    });
    const server = await start(app);
    await (await fetch(server.url)).text();
    expect(trace).toEqual(['a>', 'b>', 'handler', '<b', '<a']);
  });

  it('Cascade: next on 404/405, or { statusCodes } / { shouldCascade }', async () => {
    const status = (s: number, body: string): HttpHandler => () => new Response(body, { status: s });
    const info = {} as RequestInfo;
    const req = () => new Request('http://x/');
    const r1 = await new Cascade().add(status(404, 'a')).add(status(405, 'b')).add(status(200, 'c')).handler(req(), info);
    expect(await r1.text()).toBe('c');
    const r2 = await new Cascade().add(status(500, 'a')).add(status(200, 'b')).handler(req(), info);
    expect(await r2.text()).toBe('a');
    const r3 = await new Cascade({ statusCodes: [500] }).add(status(500, 'a')).add(status(200, 'b')).handler(req(), info);
    expect(await r3.text()).toBe('b');
    const r4 = await new Cascade({ shouldCascade: (r) => r.status === 418 }).add(status(418, 'a')).add(status(200, 'b')).handler(req(), info);
    expect(await r4.text()).toBe('b');
  });

  it('createMiddleware({ requestHandler, responseHandler, errorHandler })', async () => {
    const mw = createMiddleware({
      requestHandler: (request) => (request.headers.get('x-short') ? new Response('short') : undefined),
      responseHandler: (response) => {
        response.headers.set('x-seen', 'yes');
        return response;
      },
      errorHandler: (error) => new Response(`handled ${String((error as Error).message)}`, { status: 502 }),
    });
    const app = new HttpPipeline().addMiddleware(mw).addHandler((request) => {
      if (new URL(request.url).pathname === '/boom') throw new Error('boom');
      return new Response('inner');
    });
    const server = await start(app);
    const ok = await fetch(server.url);
    expect([await ok.text(), ok.headers.get('x-seen')]).toEqual(['inner', 'yes']);
    const short = await fetch(server.url, { headers: { 'x-short': '1' } });
    expect([await short.text(), short.headers.get('x-seen')]).toEqual(['short', null]);
    const boom = await fetch(`${server.url}/boom`);
    expect([boom.status, await boom.text()]).toEqual([502, 'handled boom']);
  });

  it.each([
    ['throws', (() => {
      throw new Error('secret detail');
    }) as HttpHandler],
    ['rejects', (async () => {
      throw new Error('secret detail');
    }) as HttpHandler],
    ['returns nothing', (() => undefined) as unknown as HttpHandler],
  ])('a handler that %s gives a 500 whose body is exactly "Internal Server Error"; the error is logged', async (_what, handler) => {
    const logger = captureLogger();
    const server = await start(handler, { logger });
    const res = await fetch(server.url);
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('Internal Server Error');
    expect(logger.lines.some((l) => l.level === 'error')).toBe(true);
  });

  it('a malformed request URL gives 400', async () => {
    let called = false;
    const server = await start(() => {
      called = true;
      return new Response('ok');
    });
    const text = await raw(server, 'GET /ok HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n');
    expect(text).toMatch(/^HTTP\/1\.1 400/);
    const absolute = await raw(server, 'GET http://[bad/x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    expect(absolute).toMatch(/^HTTP\/1\.1 400/);
    expect(called).toBe(false);
  });

  it('repeated request headers reach the handler folded with commas; chunked request bodies arrive decoded', async () => {
    const server = await start(async (request) =>
      Response.json({ accept: request.headers.get('x-multi'), body: await request.text(), te: request.headers.get('transfer-encoding') }),
    );
    const text = await raw(
      server,
      'POST / HTTP/1.1\r\nHost: localhost\r\nX-Multi: a\r\nX-Multi: b\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n',
    );
    const body = JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4).replace(/^[0-9a-f]+\r\n/, ''));
    expect(body.accept).toBe('a, b');
    expect(body.body).toBe('hello world');
  });

  it('HEAD responses carry no body', async () => {
    const server = await start(() => new Response('a body that must not be sent'));
    const text = await raw(server, 'HEAD / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    expect(text).toMatch(/^HTTP\/1\.1 200/);
    expect(text.endsWith('\r\n\r\n')).toBe(true);
    expect(text).not.toContain('a body');
  });

  it("the handler's own Date and powered-by headers win over the defaults; poweredBy: null sends none", async () => {
    const date = 'Tue, 01 Jan 2030 00:00:00 GMT';
    const server = await start(() => new Response('x', { headers: { date, 'x-powered-by': 'mine' } }), { poweredBy: 'default' });
    const res = await fetch(server.url);
    expect(res.headers.get('date')).toBe(date);
    expect(res.headers.get('x-powered-by')).toBe('mine');
    const plain = await start(() => new Response('x'), { poweredBy: 'default' });
    expect((await fetch(plain.url)).headers.get('x-powered-by')).toBe('default');
    const none = await start(() => new Response('x'), { poweredBy: null });
    expect((await fetch(none.url)).headers.get('x-powered-by')).toBeNull();
  });

  it('entity headers of a response are never changed', async () => {
    const bytes = Buffer.from('{"a":1}');
    const server = await start(
      () =>
        new Response(bytes, {
          headers: {
            'content-type': 'application/vnd.custom+json; charset=latin1',
            'content-length': String(bytes.length),
            'content-language': 'fr',
            'last-modified': 'Tue, 01 Jan 2030 00:00:00 GMT',
          },
        }),
    );
    const text = await raw(server, 'GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    const head = text.slice(0, text.indexOf('\r\n\r\n')).toLowerCase();
    expect(head).toContain('content-type: application/vnd.custom+json; charset=latin1');
    expect(head).toContain(`content-length: ${bytes.length}`);
    expect(head).toContain('content-language: fr');
    expect(head).toContain('last-modified: tue, 01 jan 2030 00:00:00 gmt');
    expect(text.endsWith('{"a":1}')).toBe(true);
  });
});
