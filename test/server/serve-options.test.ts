// ServeOptions' timeouts and connection cap (issue 9), checked over raw sockets.
import * as net from 'node:net';
import { serve } from '../../src/server';
import { memoryLogger, parseRaw, Servers, sleep } from './helpers';

const servers = new Servers();
afterEach(() => servers.closeAll());

const GET = (path: string): string => `GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`;

describe('serve: timeouts and the connection cap', () => {
  it('documents its defaults: headers 10 s, request 30 s, keep-alive 5 s, 10 000 connections', async () => {
    const server = await servers.start(() => new Response('ok'));
    expect(server.server.headersTimeout).toBe(10_000);
    expect(server.server.requestTimeout).toBe(30_000);
    expect(server.server.keepAliveTimeout).toBe(5_000);
    expect(server.server.maxConnections).toBe(10_000);
  });

  it('cuts a client trickling its body once requestTimeoutMs has passed', async () => {
    const server = await serve(async (request) => new Response(await request.text()), {
      port: 0,
      logger: memoryLogger(),
      requestTimeoutMs: 500,
      headersTimeoutMs: 500,
      closeTimeoutMs: 100,
    });
    try {
      const socket = net.connect(server.port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      const started = Date.now();
      socket.write('POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\n');
      const closed = new Promise<number>((resolve) =>
        socket.once('close', () => resolve(Date.now() - started)),
      );
      socket.on('error', () => undefined);
      let sent = 0;
      const trickle = setInterval(() => {
        if (!socket.destroyed) socket.write('a');
        sent++;
      }, 50);
      const elapsed = await Promise.race([closed, sleep(3000).then(() => -1)]);
      clearInterval(trickle);
      socket.destroy();
      expect(elapsed).toBeGreaterThanOrEqual(400);
      expect(elapsed).toBeLessThan(3000); // cut long before the body (1000 bytes at 20 B/s) could finish
      expect(sent).toBeLessThan(1000);
    } finally {
      await server.close();
    }
  });

  it('refuses connections beyond maxConnections', async () => {
    const server = await servers.start(() => new Response('ok'), { maxConnections: 1 });
    const first = net.connect(server.port, '127.0.0.1');
    await new Promise((resolve) => first.once('connect', resolve));
    await sleep(50); // let the server count the first connection
    try {
      const second = net.connect(server.port, '127.0.0.1');
      let secondGot = '';
      second.on('data', (chunk) => (secondGot += chunk.toString('latin1')));
      second.on('error', () => undefined);
      second.write(GET('/'));
      await new Promise((resolve) => second.once('close', resolve));
      expect(secondGot).toBe(''); // destroyed unanswered
      first.write(GET('/'));
      const answer = await new Promise<string>((resolve) => {
        let text = '';
        first.on('data', (chunk) => (text += chunk.toString('latin1')));
        first.once('end', () => resolve(text));
      });
      expect(parseRaw(answer).status).toBe(200);
    } finally {
      first.destroy();
    }
  });
});
