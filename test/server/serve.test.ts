// The adapter rules of `serve`, each checked over a real socket.
import * as net from 'node:net';
import { inspect } from 'node:util';
import { serve, type HttpHandler, type RunningServer } from '../../src/server';
import { memoryLogger, rawRequest, Servers, sleep } from './helpers';

const servers = new Servers();
afterEach(() => servers.closeAll());

const GET = (path: string, extra = ''): string =>
  `GET ${path} HTTP/1.1\r\nHost: localhost\r\n${extra}Connection: close\r\n\r\n`;

describe('serve: handler failures', () => {
  const failing: [string, HttpHandler][] = [
    [
      'throws',
      () => {
        throw new Error('db password is hunter2');
      },
    ],
    [
      'rejects',
      async () => {
        throw new Error('db password is hunter2');
      },
    ],
    ['returns nothing', (() => undefined) as unknown as HttpHandler],
    ['resolves to a non-Response', (async () => ({ status: 200 })) as unknown as HttpHandler],
  ];
  it.each(failing)(
    'a handler that %s gives a bare 500 and the error is logged with method and path',
    async (_name, handler) => {
      const logger = memoryLogger();
      const server = await servers.start(handler, { logger });
      const res = await rawRequest(server.port, GET('/orders/7?token=abc'));
      expect(res.status).toBe(500);
      expect(res.body).toBe('Internal Server Error');
      expect(res.header('content-type')).toBe('text/plain');
      expect(res.raw).not.toContain('hunter2');
      expect(res.raw).not.toMatch(/Error:|at /);
      const errors = logger.entries.filter((e) => e.level === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0].obj).toMatchObject({ method: 'GET', path: '/orders/7' });
      expect(errors[0].obj.err).toBeInstanceOf(Error);
      expect(JSON.stringify(errors[0])).not.toContain('token=abc');
    },
  );

  it('keeps serving after a failure', async () => {
    let calls = 0;
    const server = await servers.start(() => {
      if (++calls === 1) throw new Error('first');
      return new Response('fine');
    });
    expect((await fetch(server.url)).status).toBe(500);
    const second = await fetch(server.url);
    expect(second.status).toBe(200);
    expect(await second.text()).toBe('fine');
  });
});

describe('serve: request targets', () => {
  let calls = 0;
  let server: RunningServer;
  beforeEach(async () => {
    calls = 0;
    server = await servers.start(() => {
      calls++;
      return new Response('ok');
    });
  });

  it.each([
    ['a target that is not a path', 'GET foo HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'],
    ['an asterisk target', 'OPTIONS * HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'],
    ['a target with a space', 'GET /a b/c HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'],
    ['a host that is not a host', 'GET /ok HTTP/1.1\r\nHost: exa mple\r\nConnection: close\r\n\r\n'],
    [
      'an absolute target that is not a URL',
      'GET http://[nope/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n',
    ],
  ])('%s gives 400 Bad Request and never reaches the handler', async (_name, wire) => {
    const res = await rawRequest(server.port, wire);
    expect(res.status).toBe(400);
    expect(res.body).toBe('Bad Request');
    expect(calls).toBe(0);
  });

  it('passes the raw target and a normalised url; a // path stays a path', async () => {
    let seen: { url: string; rawUrl: string } | undefined;
    const s = await servers.start((request, info) => {
      seen = { url: request.url, rawUrl: info.rawUrl };
      return new Response('ok');
    });
    const res = await rawRequest(s.port, GET('//evil.example/a/../b?q=1'));
    expect(res.status).toBe(200);
    expect(seen).toEqual({
      url: 'http://localhost//evil.example/b?q=1',
      rawUrl: '//evil.example/a/../b?q=1',
    });
  });
});

describe('serve: request headers and bodies', () => {
  it('folds repeated request headers into one comma-joined value', async () => {
    const server = await servers.start((request) =>
      Response.json({
        tag: request.headers.get('x-tag'),
        agent: request.headers.get('user-agent'),
        cookie: request.headers.get('cookie'),
      }),
    );
    const res = await rawRequest(
      server.port,
      GET(
        '/',
        'X-Tag: a\r\nX-Tag: b\r\nx-tag: c\r\nUser-Agent: one\r\nUser-Agent: two\r\nCookie: a=1\r\nCookie: b=2\r\n',
      ),
    );
    expect(JSON.parse(res.body)).toEqual({ tag: 'a, b, c', agent: 'one, two', cookie: 'a=1; b=2' });
  });

  it('answers get/has from the raw headers exactly as undici Headers would, and builds them for the rest', async () => {
    const server = await servers.start((request) => {
      const h = request.headers;
      const names = ['x-tag', 'X-TAG', 'cookie', 'set-cookie', 'x-blank', 'x-missing', 'transfer-encoding'];
      const lazy = names.map((n) => [h.get(n), h.has(n)]);
      const copy = new Headers(h);
      const eager = names.map((n) => [copy.get(n), copy.has(n)]);
      let invalid = '';
      try {
        h.get('bad name');
      } catch (err) {
        invalid = (err as Error).name;
      }
      h.set('x-tag', 'replaced');
      return Response.json({
        lazy,
        eager,
        invalid,
        isHeaders: h instanceof Headers,
        afterSet: h.get('x-tag'),
        echoed: new Response(null, { headers: h }).headers.get('cookie'),
        inspected: inspect(h).includes('replaced'),
      });
    });
    const res = await rawRequest(
      server.port,
      GET(
        '/',
        'X-Tag:  a \r\nx-tag: b\r\nCookie: a=1\r\nCookie: b=2\r\nSet-Cookie: s=1\r\nSet-Cookie: t=2\r\nX-Blank:\r\n',
      ),
    );
    const seen = JSON.parse(res.body);
    expect(seen.lazy).toEqual(seen.eager);
    expect(seen.lazy[0]).toEqual(['a, b', true]);
    expect(seen.lazy[2]).toEqual(['a=1; b=2', true]);
    expect(seen.lazy[3]).toEqual(['s=1, t=2', true]);
    expect(seen.lazy[4]).toEqual(['', true]);
    expect(seen.lazy[5]).toEqual([null, false]);
    expect(seen.invalid).toBe('TypeError');
    expect(seen.isHeaders).toBe(true);
    expect(seen.afterSet).toBe('replaced');
    expect(seen.echoed).toBe('a=1; b=2');
    expect(seen.inspected).toBe(true);
  });

  it('hands a chunked body over decoded and without transfer-encoding', async () => {
    const server = await servers.start(async (request) =>
      Response.json({
        body: await request.text(),
        transferEncoding: request.headers.get('transfer-encoding'),
        names: [...(request.headers as any).keys()],
      }),
    );
    const res = await rawRequest(server.port, [
      'POST /echo HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n',
      '5\r\nhello\r\n',
      '6\r\n world\r\n',
      '0\r\n\r\n',
    ]);
    const seen = JSON.parse(res.body);
    expect(seen.body).toBe('hello world');
    expect(seen.transferEncoding).toBeNull();
    expect(seen.names).not.toContain('transfer-encoding');
  });

  it('reads JSON bodies with a content-length', async () => {
    const server = await servers.start(async (request) =>
      Response.json({ got: await request.json(), method: request.method }),
    );
    const res = await fetch(`${server.url}/x`, { method: 'PUT', body: JSON.stringify({ a: [1, 2] }) });
    expect(await res.json()).toEqual({ got: { a: [1, 2] }, method: 'PUT' });
  });

  it('gives RequestInfo the peer address and a shared context', async () => {
    const server = await servers.start((_request, info) => {
      info.context.set('k', 1);
      return Response.json({
        remote: info.remoteAddress,
        port: typeof info.remotePort,
        k: info.context.get('k'),
      });
    });
    expect(await (await fetch(server.url)).json()).toEqual({ remote: '127.0.0.1', port: 'number', k: 1 });
  });

  it('aborts info.signal when the client goes away', async () => {
    let aborted: Promise<boolean> | undefined;
    const server = await servers.start(
      (_request, info) =>
        new Promise<Response>((resolve) => {
          aborted = new Promise((done) => info.signal.addEventListener('abort', () => done(true)));
          setTimeout(() => resolve(new Response('late')), 2000).unref();
        }),
      { closeTimeoutMs: 100 },
    );
    const socket = net.connect(server.port, '127.0.0.1');
    socket.write(GET('/slow'));
    await sleep(100);
    socket.destroy();
    await expect(aborted).resolves.toBe(true);
  });
});

describe('serve: close()', () => {
  it('stops accepting, lets in-flight requests finish, then resolves', async () => {
    let started!: () => void;
    const inFlight = new Promise<void>((r) => (started = r));
    const server = await serve(
      async () => {
        started();
        await sleep(300);
        return new Response('finished');
      },
      { port: 0, logger: memoryLogger() },
    );
    const pending = fetch(`${server.url}/slow`).then(async (r) => [r.status, await r.text()]);
    await inFlight;
    let closed = false;
    const closing = server.close().then(() => (closed = true));
    await sleep(50);
    await expect(fetch(server.url)).rejects.toThrow(); // no longer accepting
    expect(closed).toBe(false); // still waiting for the in-flight request
    await expect(pending).resolves.toEqual([200, 'finished']);
    await closing;
    expect(closed).toBe(true);
  });

  it('gives up on in-flight requests after closeTimeoutMs', async () => {
    const server = await serve(() => new Promise<Response>(() => undefined), {
      port: 0,
      closeTimeoutMs: 150,
    });
    const pending = fetch(server.url).then(
      () => 'answered',
      () => 'cut',
    );
    await sleep(50);
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(2000);
    await expect(pending).resolves.toBe('cut');
  });

  it('closes idle keep-alive connections instead of waiting for them', async () => {
    const server = await serve(() => new Response('x'), { port: 0, closeTimeoutMs: 5000 });
    await (await fetch(server.url)).text(); // leaves a keep-alive connection in undici's pool
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('serve: body limit', () => {
  it('answers 413 to a declared length over the limit without reading the body', async () => {
    let calls = 0;
    const server = await servers.start(
      async (request) => {
        calls++;
        return new Response(await request.text());
      },
      { maxBodyBytes: 1024 },
    );
    const res = await rawRequest(server.port, [
      'POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10000000\r\n\r\n',
      Buffer.alloc(2048, 97),
    ]);
    expect(res.status).toBe(413);
    expect(res.header('connection')).toBe('close');
    expect(calls).toBe(0);
  });

  it('answers 413 when a chunked body outgrows the limit while being read', async () => {
    const server = await servers.start(
      async (request) => new Response(String((await request.text()).length)),
      {
        maxBodyBytes: 1024,
      },
    );
    const chunk = `400\r\n${'a'.repeat(1024)}\r\n`;
    const res = await rawRequest(server.port, [
      'POST /upload HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n',
      chunk,
      chunk,
      chunk,
    ]);
    expect(res.status).toBe(413);
    expect(res.body).toBe('Payload Too Large');
  });

  it('accepts a body at the limit', async () => {
    const server = await servers.start(
      async (request) => new Response(String((await request.text()).length)),
      {
        maxBodyBytes: 1024,
      },
    );
    const res = await fetch(server.url, { method: 'POST', body: 'a'.repeat(1024) });
    expect(await res.text()).toBe('1024');
  });
});
