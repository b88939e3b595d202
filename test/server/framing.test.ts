// Response and request framing by Shelf's rules (issue 9), each checked on the raw wire.
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { FastResponse, type HttpHandler } from '../../src/server';
import { parseRaw, rawRequest, Servers, type RawResponse } from './helpers';

const servers = new Servers();
afterEach(() => servers.closeAll());

const GET = (path: string, extra = ''): string =>
  `GET ${path} HTTP/1.1\r\nHost: localhost\r\n${extra}Connection: close\r\n\r\n`;
const KEEP_ALIVE_GET = (path: string): string => `GET ${path} HTTP/1.1\r\nHost: localhost\r\n\r\n`;

/**
 * Splits what the server sent on one connection into responses, trusting each response's own
 * framing (content-length or chunked), as a client reusing the connection must.
 */
function splitResponses(raw: string): RawResponse[] {
  const out: RawResponse[] = [];
  let rest = raw;
  while (rest.length > 0) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) throw new Error(`not a response: ${JSON.stringify(rest)}`);
    const head = parseRaw(rest.slice(0, end + 4));
    let bodyEnd = end + 4;
    if (head.header('transfer-encoding')?.toLowerCase().endsWith('chunked')) {
      const terminator = rest.indexOf('\r\n0\r\n\r\n', end);
      bodyEnd = rest.startsWith('0\r\n\r\n', end + 4) ? end + 9 : terminator + 7;
    } else if (head.header('content-length') !== undefined) {
      bodyEnd += Number(head.header('content-length'));
    }
    out.push(parseRaw(rest.slice(0, bodyEnd)));
    rest = rest.slice(bodyEnd);
  }
  return out;
}

/** Both Response kinds must follow the rules: a plain Response and a FastResponse take different write paths. */
const kinds: [string, typeof Response][] = [
  ['Response', Response],
  ['FastResponse', FastResponse],
];

describe.each(kinds)('serve framing with a %s', (_kind, ResponseClass) => {
  it.each(['1', '42'])(
    'a handler content-length of %s on a 3-byte body is replaced by the real length; the next response on the connection is intact',
    async (declared) => {
      const server = await servers.start((request) =>
        new URL(request.url).pathname === '/first'
          ? new ResponseClass('abc', { headers: { 'content-length': declared } })
          : new ResponseClass('second'),
      );
      const raw = await rawRequest(server.port, [KEEP_ALIVE_GET('/first'), GET('/second')]);
      const [first, second, ...more] = splitResponses(raw.raw);
      expect(first.headers.filter(([n]) => n === 'content-length')).toEqual([['content-length', '3']]);
      expect(first.body).toBe('abc');
      expect(second.statusLine).toBe('HTTP/1.1 200 OK');
      expect(second.body).toBe('second');
      expect(more).toEqual([]);
    },
  );

  it("keeps the handler's content-length on a HEAD response and on a null body", async () => {
    const server = await servers.start((request) =>
      new URL(request.url).pathname === '/null'
        ? new ResponseClass(null, { headers: { 'content-length': '42' } })
        : new ResponseClass('abc', { headers: { 'content-length': '42' } }),
    );
    const head = await rawRequest(
      server.port,
      'HEAD /text HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n',
    );
    expect(head.header('content-length')).toBe('42');
    expect(head.body).toBe('');
    const nullHead = await rawRequest(
      server.port,
      'HEAD /null HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n',
    );
    expect(nullHead.header('content-length')).toBe('42');
    const nullGet = await rawRequest(server.port, GET('/null'));
    expect(nullGet.header('content-length')).toBe('42');
    expect(nullGet.body).toBe('');
  });

  it("sends a handler's transfer-encoding: chunked without a content-length, chunk-framed", async () => {
    const server = await servers.start((request) =>
      new URL(request.url).pathname === '/first'
        ? new ResponseClass('hello', { headers: { 'transfer-encoding': 'chunked' } })
        : new ResponseClass('second'),
    );
    const raw = await rawRequest(server.port, [KEEP_ALIVE_GET('/first'), GET('/second')]);
    const [first, second] = splitResponses(raw.raw);
    expect(first.header('transfer-encoding')).toBe('chunked');
    expect(first.header('content-length')).toBeUndefined();
    expect(first.body).toBe('5\r\nhello\r\n0\r\n\r\n');
    expect(second.body).toBe('second');
  });

  it('treats transfer-encoding: identity as no coding: a known body gets its length, a stream is chunked', async () => {
    const server = await servers.start((request) =>
      new URL(request.url).pathname === '/known'
        ? new ResponseClass('abc', { headers: { 'transfer-encoding': 'identity' } })
        : new ResponseClass(new Blob(['abc']).stream(), { headers: { 'Transfer-Encoding': 'identity' } }),
    );
    const known = await rawRequest(server.port, GET('/known'));
    expect(known.headers.filter(([n]) => n === 'transfer-encoding' || n === 'content-length')).toEqual([
      ['content-length', '3'],
    ]);
    expect(known.body).toBe('abc');
    const streamed = await rawRequest(server.port, GET('/stream'));
    expect(streamed.headers.filter(([n]) => n === 'transfer-encoding' || n === 'content-length')).toEqual([
      ['transfer-encoding', 'chunked'],
    ]);
    expect(streamed.body).toBe('3\r\nabc\r\n0\r\n\r\n');
  });
});

describe('serve framing: a copied upstream header set', () => {
  it('new Response(await upstream.text(), { headers: upstream.headers }) just works', async () => {
    const upstream = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'x-upstream': 'yes' }); // no length: chunked
      res.write('from ');
      res.end('upstream');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    try {
      const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/`;
      const server = await servers.start(async () => {
        const response = await fetch(upstreamUrl);
        return new Response(await response.text(), { headers: response.headers });
      });
      const raw = await rawRequest(server.port, GET('/'));
      expect(raw.header('transfer-encoding')).toBe('chunked');
      expect(raw.header('content-length')).toBeUndefined();
      expect(raw.header('x-upstream')).toBe('yes');
      expect(raw.body).toBe('d\r\nfrom upstream\r\n0\r\n\r\n');
      const viaFetch = await fetch(server.url); // undici refuses a response with both headers
      expect(await viaFetch.text()).toBe('from upstream');
    } finally {
      await new Promise((resolve) => upstream.close(resolve));
    }
  });
});

describe('serve framing: requests refused before any handler', () => {
  let calls = 0;
  const counting: HttpHandler = () => {
    calls++;
    return new Response('ok');
  };
  beforeEach(() => (calls = 0));

  it.each(['/#/', '/a#/../admin'])('a target with a fragment (%s) gets 400', async (target) => {
    const server = await servers.start(counting);
    const res = await rawRequest(server.port, GET(target));
    expect(res.status).toBe(400);
    expect(res.body).toBe('Bad Request');
    expect(calls).toBe(0);
  });

  it.each(['POST', 'GET'])(
    'a %s whose transfer coding is not just chunked (gzip, chunked) gets 501',
    async (method) => {
      const server = await servers.start(counting);
      const res = await rawRequest(server.port, [
        `${method} /upload HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: gzip, chunked\r\n\r\n`,
        '3\r\nabc\r\n0\r\n\r\n',
      ]);
      expect(res.status).toBe(501);
      expect(res.body).toBe('Not Implemented');
      expect(res.header('connection')).toBe('close');
      expect(calls).toBe(0);
    },
  );
});

describe('serve framing: streamed responses', () => {
  it('sends the status line and headers before the first body chunk', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const server = await servers.start(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            async start(controller) {
              await released;
              controller.enqueue(new TextEncoder().encode('data: 1\n\n'));
              controller.close();
            },
          }),
          { headers: { 'content-type': 'text/event-stream' } },
        ),
    );
    const socket = net.connect(server.port, '127.0.0.1');
    let received = '';
    const headersArrived = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no headers before the first chunk; got ${JSON.stringify(received)}`)),
        2000,
      );
      socket.on('data', (chunk) => {
        received += chunk.toString('latin1');
        if (received.includes('\r\n\r\n')) {
          clearTimeout(timer);
          resolve(received);
        }
      });
    });
    socket.write(GET('/events'));
    try {
      const head = parseRaw(await headersArrived);
      expect(head.status).toBe(200);
      expect(head.header('content-type')).toBe('text/event-stream');
      expect(head.body).toBe('');
    } finally {
      release();
      socket.destroy();
    }
  });
});

describe('serve framing: a streamed body longer than its declared length', () => {
  it('never lets the excess reach the next response on the connection', async () => {
    const server = await servers.start((request) =>
      new URL(request.url).pathname === '/first'
        ? new Response(new Blob(['abcdef']).stream(), { headers: { 'content-length': '3' } })
        : new Response('second'),
    );
    const raw = await rawRequest(server.port, [KEEP_ALIVE_GET('/first'), GET('/second')]);
    expect(raw.raw).not.toContain('def');
    const [first] = splitResponses(raw.raw.slice(0, raw.raw.indexOf('\r\n\r\n') + 7));
    expect(first.header('content-length')).toBe('3');
  });
});
