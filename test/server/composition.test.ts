// HttpPipeline, Cascade, createMiddleware and logRequests, called directly and through serve.
import {
  Cascade,
  createMiddleware,
  createRequestInfo,
  HttpPipeline,
  logRequests,
  ServerConfigurationError,
  type HttpHandler,
  type HttpMiddleware,
} from '../../src/server';
import { memoryLogger, Servers } from './helpers';

// async, so that a handler's synchronous throw becomes a rejection the test can await
const call = async (handler: HttpHandler, path = '/', init?: RequestInit): Promise<Response> =>
  handler(new Request(`http://test${path}`, init), createRequestInfo());

const status =
  (code: number, body = String(code)): HttpHandler =>
  () =>
    new Response(body, { status: code });

function tracer(log: string[], name: string): HttpMiddleware {
  return (inner) => async (request, info) => {
    log.push(`${name} in`);
    const response = await inner(request, info);
    log.push(`${name} out`);
    return response;
  };
}

describe('HttpPipeline', () => {
  it('runs the first middleware added outermost', async () => {
    const log: string[] = [];
    const app = new HttpPipeline()
      .addMiddleware(tracer(log, 'a'))
      .addMiddleware(tracer(log, 'b'))
      .addHandler(() => {
        log.push('handler');
        return new Response('ok');
      });
    expect(await (await call(app)).text()).toBe('ok');
    expect(log).toEqual(['a in', 'b in', 'handler', 'b out', 'a out']);
  });

  it('is immutable and usable as middleware', async () => {
    const log: string[] = [];
    const base = new HttpPipeline().addMiddleware(tracer(log, 'inner1'));
    const extended = base.addMiddleware(tracer(log, 'inner2'));
    const outer = new HttpPipeline()
      .addMiddleware(tracer(log, 'outer'))
      .addMiddleware(extended)
      .addHandler(status(200));
    await call(outer);
    expect(log).toEqual(['outer in', 'inner1 in', 'inner2 in', 'inner2 out', 'inner1 out', 'outer out']);
    log.length = 0;
    await call(base.addHandler(status(200)));
    expect(log).toEqual(['inner1 in', 'inner1 out']); // base did not gain inner2
    log.length = 0;
    await call(extended.middleware(status(200)));
    expect(log).toEqual(['inner1 in', 'inner2 in', 'inner2 out', 'inner1 out']);
  });

  it('with no middleware is the handler itself', () => {
    const handler = status(200);
    expect(new HttpPipeline().addHandler(handler)).toBe(handler);
  });
});

describe('Cascade', () => {
  it('moves on for 404 and 405 by default and stops at the first other response', async () => {
    const calls: string[] = [];
    const h =
      (name: string, code: number): HttpHandler =>
      () => {
        calls.push(name);
        return new Response(name, { status: code });
      };
    const handler = new Cascade().add(h('a', 404)).add(h('b', 405)).add(h('c', 500)).add(h('d', 200)).handler;
    const res = await call(handler);
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('c');
    expect(calls).toEqual(['a', 'b', 'c']);
  });

  it("returns the last handler's response whatever it is", async () => {
    const res = await call(new Cascade().add(status(404, 'first')).add(status(404, 'last')).handler);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('last');
  });

  it('takes statusCodes', async () => {
    const handler = new Cascade({ statusCodes: [403] })
      .add(status(403))
      .add(status(404))
      .add(status(200)).handler;
    expect((await call(handler)).status).toBe(404);
  });

  it('takes shouldCascade', async () => {
    const handler = new Cascade({ shouldCascade: (r) => r.headers.get('x-next') === 'yes' })
      .add(() => new Response('a', { headers: { 'x-next': 'yes' } }))
      .add(status(404, 'b')).handler;
    expect(await (await call(handler)).text()).toBe('b');
  });

  it('refuses statusCodes together with shouldCascade, and an empty cascade', () => {
    expect(() => new Cascade({ statusCodes: [404], shouldCascade: () => true })).toThrow(
      ServerConfigurationError,
    );
    expect(() => new Cascade().handler).toThrow(ServerConfigurationError);
  });

  it('propagates handler errors, sync or async, without trying the rest', async () => {
    let reached = false;
    const later: HttpHandler = () => {
      reached = true;
      return new Response('later');
    };
    const rejecting = new Cascade().add(async () => Promise.reject(new Error('boom'))).add(later).handler;
    await expect(call(rejecting)).rejects.toThrow('boom');
    const throwing = new Cascade()
      .add(status(404))
      .add(() => {
        throw new Error('sync boom');
      })
      .add(later).handler;
    await expect(call(throwing)).rejects.toThrow('sync boom');
    expect(reached).toBe(false);
  });

  it('accepts a Router-like { handler } and works behind serve', async () => {
    const servers = new Servers();
    try {
      const server = await servers.start(
        new Cascade().add({ handler: status(404) }).add(status(202, 'second')).handler,
      );
      const res = await fetch(server.url);
      expect([res.status, await res.text()]).toEqual([202, 'second']);
    } finally {
      await servers.closeAll();
    }
  });
});

describe('createMiddleware', () => {
  it('short-circuits on a response from requestHandler, skipping the inner handler and responseHandler', async () => {
    let inner = false;
    let after = false;
    const mw = createMiddleware({
      requestHandler: () => new Response('stop', { status: 401 }),
      responseHandler: (r) => {
        after = true;
        return r;
      },
    });
    const res = await call(
      mw(() => {
        inner = true;
        return new Response('inner');
      }),
    );
    expect([res.status, await res.text(), inner, after]).toEqual([401, 'stop', false, false]);
  });

  it('goes on when requestHandler returns nothing, and lets responseHandler replace the response', async () => {
    const mw = createMiddleware({
      requestHandler: async () => undefined,
      responseHandler: async (r) => new Response(`wrapped ${await r.text()}`, { status: 299 }),
    });
    const res = await call(mw(() => new Response('inner')));
    expect([res.status, await res.text()]).toEqual([299, 'wrapped inner']);
  });

  it("gives errorHandler the inner handler's errors, sync and async, and skips responseHandler for its answer", async () => {
    const seen: unknown[] = [];
    let responseHandlerCalls = 0;
    const mw = createMiddleware({
      responseHandler: (r) => {
        responseHandlerCalls++;
        return r;
      },
      errorHandler: (err) => {
        seen.push((err as Error).message);
        return new Response('handled', { status: 503 });
      },
    });
    const sync = await call(
      mw(() => {
        throw new Error('sync');
      }),
    );
    const async = await call(mw(async () => Promise.reject(new Error('async'))));
    expect([sync.status, async.status]).toEqual([503, 503]);
    expect(seen).toEqual(['sync', 'async']);
    expect(responseHandlerCalls).toBe(0);
  });

  it('does not give errorHandler the errors of requestHandler or responseHandler', async () => {
    let errorHandlerCalls = 0;
    const errorHandler = (): Response => {
      errorHandlerCalls++;
      return new Response('handled');
    };
    const fromRequest = createMiddleware({
      requestHandler: () => {
        throw new Error('request hook');
      },
      errorHandler,
    });
    const fromResponse = createMiddleware({
      responseHandler: async () => {
        throw new Error('response hook');
      },
      errorHandler,
    });
    await expect(call(fromRequest(status(200)))).rejects.toThrow('request hook');
    await expect(call(fromResponse(async () => new Response('ok')))).rejects.toThrow('response hook');
    expect(errorHandlerCalls).toBe(0);
  });

  it('with no hooks passes everything through', async () => {
    const res = await call(createMiddleware()(status(207, 'same')));
    expect([res.status, await res.text()]).toEqual([207, 'same']);
  });
});

describe('logRequests', () => {
  it('logs one line per request with method, status, path and elapsed time', async () => {
    const logger = memoryLogger();
    const app = logRequests({ logger })(async () => new Response('x', { status: 201 }));
    await call(app, '/items/3?secret=1', { method: 'POST', body: 'b' });
    expect(logger.entries).toHaveLength(1);
    const [entry] = logger.entries;
    expect(entry.level).toBe('info');
    expect(entry.obj).toMatchObject({ method: 'POST', path: '/items/3', status: 201 });
    expect(typeof entry.obj.elapsedMs).toBe('number');
    expect(entry.msg).toMatch(/^POST \/items\/3 201 [\d.]+ms$/);
    expect(JSON.stringify(entry)).not.toContain('secret');
  });

  it('logs errors and rethrows them', async () => {
    const logger = memoryLogger();
    const boom = new Error('boom');
    const app = logRequests({ logger })(() => {
      throw boom;
    });
    await expect(call(app, '/x')).rejects.toBe(boom);
    const asyncApp = logRequests({ logger })(async () => Promise.reject(boom));
    await expect(call(asyncApp, '/y')).rejects.toBe(boom);
    expect(logger.entries.map((e) => [e.level, e.obj.path, e.obj.err])).toEqual([
      ['error', '/x', boom],
      ['error', '/y', boom],
    ]);
  });

  it('logs through serve, where the adapter then answers 500', async () => {
    const servers = new Servers();
    const logger = memoryLogger();
    try {
      const ok = await servers.start(logRequests({ logger })(() => new Response('fine')));
      await (await fetch(`${ok.url}/a/b?q=2`)).text();
      expect(logger.entries.map((e) => e.msg)).toEqual([expect.stringMatching(/^GET \/a\/b 200 [\d.]+ms$/)]);
    } finally {
      await servers.closeAll();
    }
  });
});
