// The servers of the server bench, each doing the same work as a user's app: a request check
// (`x-deny` → 403), a response header (`x-bench: 1`), and timing (elapsed time logged with method,
// path and status to a silent logger), answering `GET /` with a 13-byte text body. Each runs in its
// own child process (main.ts forks one per target).
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '../../src/core';
import { createMiddleware, FastResponse, HttpPipeline, logRequests, Router, serve } from '../../src/server';

export const BODY = 'Hello, World!';

export const TARGETS = [
  'node:http (bare)',
  'fastify (3 hooks)',
  'hono (fast path)',
  'ours, FastResponse',
  'ours, new Response + overrideGlobalResponse',
  'ours, new Response (default)',
] as const;
export type Target = (typeof TARGETS)[number];

/** What every baseline logs per request: the same fields and line as logRequests. */
function log(method: string, path: string, status: number, started: number): void {
  const elapsedMs = Math.round((performance.now() - started) * 1000) / 1000;
  silentLogger.info({ method, path, status, elapsedMs }, `${method} ${path} ${status} ${elapsedMs}ms`);
}

/** serve + HttpPipeline of three middleware + Router; `make` builds the responses. */
function ours(make: (body: string, init?: ResponseInit) => Response) {
  const router = new Router().get('/', () => make(BODY));
  return new HttpPipeline()
    .addMiddleware(logRequests({ logger: silentLogger }))
    .addMiddleware(
      createMiddleware({
        responseHandler: (response) => {
          response.headers.set('x-bench', '1');
          return response;
        },
      }),
    )
    .addMiddleware(
      createMiddleware({
        requestHandler: (request) =>
          request.headers.get('x-deny') ? make('denied', { status: 403 }) : undefined,
      }),
    )
    .addHandler(router);
}

async function oursOnPort(
  make: (body: string, init?: ResponseInit) => Response,
  overrideGlobalResponse: boolean,
): Promise<number> {
  // No X-Powered-By: every server here sends the same header set (main.ts checks it).
  return (await serve(ours(make), { port: 0, overrideGlobalResponse, poweredBy: null })).port;
}

function bare(): http.Server {
  return http.createServer((req, res) => {
    const started = performance.now();
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const path = q < 0 ? target : target.slice(0, q);
    let status = 200;
    if (req.headers['x-deny']) {
      status = 403;
      res.writeHead(403, ['content-type', 'text/plain', 'content-length', '6', 'x-bench', '1']);
      res.end('denied');
    } else {
      res.writeHead(200, [
        'content-type',
        'text/plain;charset=UTF-8',
        'content-length',
        String(BODY.length),
        'x-bench',
        '1',
      ]);
      res.end(BODY);
    }
    log(req.method ?? 'GET', path, status, started);
  });
}

async function fastify(): Promise<number> {
  const { default: Fastify } = await import('fastify');
  const app = Fastify({ logger: false });
  app.addHook('onRequest', (request, reply, done) => {
    if (request.headers['x-deny']) reply.code(403).send('denied');
    else done();
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('x-bench', '1');
    done(null, payload);
  });
  app.addHook('onResponse', (request, reply, done) => {
    log(
      request.method,
      request.routeOptions.url ?? request.url,
      reply.statusCode,
      performance.now() - reply.elapsedTime,
    );
    done();
  });
  app.get('/', (_request, reply) => {
    reply.type('text/plain;charset=UTF-8').send(BODY);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as AddressInfo).port;
}

async function hono(): Promise<number> {
  // Loaded only here so the other children do not pay for (or get patched by) Hono.
  const { Hono } = await import('hono');
  const { serve: honoServe } = await import('@hono/node-server');
  const app = new Hono();
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    log(c.req.method, c.req.path, c.res.status, started);
  });
  // Hono's fast path: the header is set before the response exists, so no real Response is built.
  app.use(async (c, next) => {
    c.header('x-bench', '1');
    await next();
  });
  app.use(async (c, next) => {
    if (c.req.header('x-deny')) return c.text('denied', 403);
    await next();
  });
  app.get('/', (c) => c.text(BODY));
  return new Promise<number>((resolve) => {
    honoServe({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port));
  });
}

/** Starts `target` in this process and resolves with its port. */
export async function startTarget(target: Target): Promise<number> {
  switch (target) {
    case 'node:http (bare)': {
      const server = bare();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return (server.address() as AddressInfo).port;
    }
    case 'fastify (3 hooks)':
      return fastify();
    case 'hono (fast path)':
      return hono();
    case 'ours, FastResponse':
      return oursOnPort((body, init) => new FastResponse(body, init), false);
    case 'ours, new Response + overrideGlobalResponse':
      return oursOnPort((body, init) => new Response(body, init), true);
    case 'ours, new Response (default)':
      return oursOnPort((body, init) => new Response(body, init), false);
  }
}
