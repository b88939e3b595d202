// Router: :params, 404, 405 with Allow, HEAD for GET routes; over serve and directly.
import {
  createRequestInfo,
  Router,
  ServerConfigurationError,
  type HttpHandler,
  type RequestInfo,
} from '../../src/server';
import { rawRequest, Servers } from './helpers';

const servers = new Servers();
afterEach(() => servers.closeAll());

const echo: HttpHandler = (request, info) => Response.json({ method: request.method, params: info.params });

function app(): Router {
  return new Router()
    .get('/users/:id', echo)
    .put('/users/:id', echo)
    .delete('/users/:id', echo)
    .post('/users', echo)
    .patch('/users/:id/tags/:tag', echo)
    .all('/health', echo);
}

describe('Router', () => {
  it('matches method and path and exposes decoded params on info.params', async () => {
    const server = await servers.start(app().handler);
    const res = await fetch(`${server.url}/users/ada%20lovelace/tags/x%2Fy`, { method: 'PATCH' });
    expect(await res.json()).toEqual({ method: 'PATCH', params: { id: 'ada lovelace', tag: 'x/y' } });
    expect(await (await fetch(`${server.url}/users`, { method: 'POST' })).json()).toEqual({
      method: 'POST',
      params: {},
    });
  });

  it('answers 404 for an unknown path and 405 with Allow for a known path and another method', async () => {
    const server = await servers.start(app().handler);
    const missing = await fetch(`${server.url}/nope`);
    expect([missing.status, await missing.text()]).toEqual([404, 'Not Found']);
    const wrong = await fetch(`${server.url}/users/7`, { method: 'POST' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, HEAD, PUT, DELETE');
    expect((await fetch(`${server.url}/users/`, { method: 'GET' })).status).toBe(404); // trailing slash matters
  });

  it('lets GET routes answer HEAD, and all() answer every method', async () => {
    const server = await servers.start(app().handler);
    const head = await rawRequest(
      server.port,
      'HEAD /users/9 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    expect(head.status).toBe(200);
    expect(Number(head.header('content-length'))).toBeGreaterThan(0);
    expect(head.body).toBe('');
    for (const method of ['GET', 'POST', 'OPTIONS', 'DELETE']) {
      expect((await (await fetch(`${server.url}/health`, { method })).json()).method).toBe(method);
    }
  });

  it('takes the first matching route', async () => {
    const router = new Router()
      .get('/files/special', () => new Response('literal'))
      .get('/files/:name', () => new Response('param'));
    const handler = router.handler;
    const text = async (path: string): Promise<string> =>
      (await handler(new Request(`http://t${path}`), createRequestInfo())).text();
    expect(await text('/files/special')).toBe('literal');
    expect(await text('/files/other')).toBe('param');
  });

  it('answers 400 to a malformed escape in a parameter', async () => {
    const server = await servers.start(app().handler);
    const res = await rawRequest(
      server.port,
      'GET /users/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    expect(res.status).toBe(400);
  });

  it('refuses bad patterns when the route is added', () => {
    expect(() => new Router().get('users', echo)).toThrow(ServerConfigurationError);
    expect(() => new Router().get('/a/:id/:id', echo)).toThrow(ServerConfigurationError);
    expect(() => new Router().get('/a/:', echo)).toThrow(ServerConfigurationError);
  });

  it('passes the info through unchanged to a route without params, and copies it for one with params', async () => {
    const seen: RequestInfo[] = [];
    const keep: HttpHandler = (_r, inner) => (seen.push(inner), Response.json(inner.params));
    const handler = new Router().get('/plain', keep).get('/items/:id', keep).handler;
    const info = createRequestInfo();
    expect(await (await handler(new Request('http://t/plain'), info)).json()).toEqual({});
    expect(seen[0]).toBe(info); // no copy, no fresh params object
    expect(await (await handler(new Request('http://t/items/3'), info)).json()).toEqual({ id: '3' });
    expect(seen[1]).not.toBe(info);
    expect(info.params).toEqual({});
    // An info that already carries params still reaches a param-less route with {} (as before).
    const carrying = createRequestInfo({ params: { id: 'outer' } });
    expect(await (await handler(new Request('http://t/plain'), carrying)).json()).toEqual({});
    expect(seen[2]).not.toBe(carrying);
    expect(seen[2].context).toBe(carrying.context);
  });

  it('keeps the context shared with the outer info', async () => {
    const info = createRequestInfo();
    info.context.set('user', 'ada');
    const router = new Router().get('/x/:id', (_r, inner) =>
      Response.json([inner.context.get('user'), inner.params.id]),
    );
    const res = await router.handler(new Request('http://t/x/5'), info);
    expect(await res.json()).toEqual(['ada', '5']);
    expect(info.params).toEqual({}); // the outer info is untouched
  });
});
