// How serve writes a handler's response (write-response.ts, response-head.ts), checked over a real socket.
import { FastResponse } from '../../src/server';
import { rawRequest, Servers, sleep } from './helpers';

const servers = new Servers();
afterEach(() => servers.closeAll());

const GET = (path: string, extra = ''): string =>
  `GET ${path} HTTP/1.1\r\nHost: localhost\r\n${extra}Connection: close\r\n\r\n`;

// header order carries no meaning; compare as sorted sets
const strip = (r: { headers: [string, string][] }): string[] =>
  r.headers
    .filter(([n]) => n !== 'date')
    .map(([n, v]) => `${n}: ${v}`)
    .sort();

describe('serve: response writing', () => {
  it('passes headers and body through unchanged', async () => {
    const bytes = Uint8Array.from([0, 1, 2, 250, 255]);
    const server = await servers.start(() => {
      const headers = new Headers({
        'content-type': 'application/x-odd; v=1',
        etag: '"abc"',
        'x-custom': 'Mixed Case',
      });
      headers.append('set-cookie', 'a=1; Path=/');
      headers.append('set-cookie', 'b=2');
      return new Response(bytes, { status: 201, statusText: 'Made It', headers });
    });
    const res = await rawRequest(server.port, GET('/'));
    expect(res.statusLine).toBe('HTTP/1.1 201 Made It');
    expect(res.header('content-type')).toBe('application/x-odd; v=1');
    expect(res.header('etag')).toBe('"abc"');
    expect(res.header('x-custom')).toBe('Mixed Case');
    expect(res.headers.filter(([n]) => n === 'set-cookie').map(([, v]) => v)).toEqual(['a=1; Path=/', 'b=2']);
    expect(res.header('content-length')).toBe('5');
    expect(Buffer.from(res.body, 'latin1')).toEqual(Buffer.from(bytes));
  });

  it('writes Response and FastResponse the same way', async () => {
    const plain = await servers.start(() => new Response('héllo', { headers: { 'x-a': '1' } }));
    const fast = await servers.start(() => new FastResponse('héllo', { headers: { 'x-a': '1' } }));
    const a = await rawRequest(plain.port, GET('/'));
    const b = await rawRequest(fast.port, GET('/'));
    expect(strip(b)).toEqual(strip(a));
    expect(b.body).toBe(a.body);
    expect(a.header('content-type')).toBe('text/plain;charset=UTF-8');
    expect(a.header('content-length')).toBe('6');
  });

  it('writes Response and FastResponse the same way after their headers were changed', async () => {
    const change = (r: Response): Response => {
      r.headers.set('x-b', '2');
      r.headers.append('set-cookie', 'a=1');
      r.headers.append('set-cookie', 'b=2');
      r.headers.append('x-a', '3');
      r.headers.delete('x-gone');
      return r;
    };
    const init = { headers: { 'x-a': '1', 'x-gone': 'no' } };
    const plain = await servers.start(() => change(new Response('héllo', init)));
    const fast = await servers.start(() => change(new FastResponse('héllo', init)));
    const a = await rawRequest(plain.port, GET('/'));
    const b = await rawRequest(fast.port, GET('/'));
    expect(strip(b)).toEqual(strip(a));
    expect(strip(b)).toContain('set-cookie: a=1');
    expect(strip(b)).toContain('set-cookie: b=2');
    expect(strip(b)).toContain('x-a: 1, 3');
    expect(b.body).toBe(a.body);
  });

  it('sends a streamed body without a length chunked', async () => {
    const server = await servers.start(
      () =>
        new Response(
          new ReadableStream({
            async start(controller) {
              controller.enqueue(new TextEncoder().encode('one,'));
              await sleep(20);
              controller.enqueue(new TextEncoder().encode('two'));
              controller.close();
            },
          }),
        ),
    );
    const res = await rawRequest(server.port, GET('/'));
    expect(res.header('transfer-encoding')).toBe('chunked');
    expect(res.header('content-length')).toBeUndefined();
    expect(res.body).toBe('4\r\none,\r\n3\r\ntwo\r\n0\r\n\r\n');
    expect(await (await fetch(server.url)).text()).toBe('one,two');
  });

  it('does not chunk a streamed body whose length the handler gives', async () => {
    const server = await servers.start(
      () => new Response(new Blob(['abcdef']).stream(), { headers: { 'content-length': '6' } }),
    );
    const res = await rawRequest(server.port, GET('/'));
    expect(res.header('transfer-encoding')).toBeUndefined();
    expect(res.header('content-length')).toBe('6');
    expect(res.body).toBe('abcdef');
  });

  it.each([204, 304])('sends %i with no body and no chunking', async (status) => {
    const server = await servers.start(() => new Response(null, { status, headers: { etag: '"x"' } }));
    const res = await rawRequest(server.port, GET('/'));
    expect(res.status).toBe(status);
    expect(res.header('transfer-encoding')).toBeUndefined();
    expect(res.header('content-length')).toBeUndefined();
    expect(res.header('etag')).toBe('"x"');
    expect(res.body).toBe('');
  });

  it('answers HEAD with the headers, content-length included, and no body', async () => {
    let method = '';
    const server = await servers.start((request) => {
      method = request.method;
      return new Response('hello world', { headers: { 'x-a': '1' } });
    });
    const res = await rawRequest(
      server.port,
      'HEAD / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n',
    );
    expect(method).toBe('HEAD');
    expect(res.status).toBe(200);
    expect(res.header('content-length')).toBe('11');
    expect(res.header('x-a')).toBe('1');
    expect(res.body).toBe('');
  });

  it('answers HEAD of a streamed body with no body and no chunk framing', async () => {
    const server = await servers.start(() => new Response(new Blob(['abc']).stream()));
    const res = await rawRequest(
      server.port,
      'HEAD / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n',
    );
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
  });
});

describe('serve: default headers', () => {
  it('adds Date and X-Powered-By: matryoshka by default', async () => {
    const server = await servers.start(() => new Response('x'));
    const res = await rawRequest(server.port, GET('/'));
    expect(res.header('x-powered-by')).toBe('matryoshka');
    const date = Date.parse(res.header('date') ?? '');
    expect(Math.abs(Date.now() - date)).toBeLessThan(5000);
  });

  it("lets the handler's own Date and X-Powered-By win", async () => {
    const server = await servers.start(
      () => new Response('x', { headers: { date: 'Tue, 01 Jan 2030 00:00:00 GMT', 'x-powered-by': 'me' } }),
    );
    const res = await rawRequest(server.port, GET('/'));
    expect(res.headers.filter(([n]) => n === 'date')).toEqual([['date', 'Tue, 01 Jan 2030 00:00:00 GMT']]);
    expect(res.headers.filter(([n]) => n === 'x-powered-by')).toEqual([['x-powered-by', 'me']]);
  });

  it('omits X-Powered-By with poweredBy: null and uses a custom value', async () => {
    const none = await servers.start(() => new Response('x'), { poweredBy: null });
    const custom = await servers.start(() => new Response('x'), { poweredBy: 'acme' });
    expect((await rawRequest(none.port, GET('/'))).header('x-powered-by')).toBeUndefined();
    expect((await rawRequest(custom.port, GET('/'))).header('x-powered-by')).toBe('acme');
  });
});
