// The node:http adapter, Shelf's `serve`: a node server whose request listener is handleRequest
// (handle-request.ts → request-target.ts, read-request.ts → write-response.ts, response-head.ts),
// with the timeouts and connection cap of ServeOptions, and a graceful close().
import * as http from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from '../core';
import type { Adapter } from './adapter';
import { consoleErrorLogger } from './console-logger';
import { handleRequest } from './handle-request';
import { overrideGlobalResponse } from './light-response';
import type { HttpHandler } from './types';

/** Options of {@link serve}. */
export interface ServeOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; default `127.0.0.1`. */
  host?: string;
  /** Value of the default `X-Powered-By` header; default `matryoshka`; `null` sends none. */
  poweredBy?: string | null;
  /** Largest request body accepted, in bytes; larger ones get 413. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Where handler errors go (with method and path); default: errors to the console. */
  logger?: Logger;
  /** How long `close()` waits for in-flight requests before cutting connections; default 10 s. */
  closeTimeoutMs?: number;
  /** Time a client has to send the request headers; default 10 s (node's own: 60 s). */
  headersTimeoutMs?: number;
  /**
   * Time a client has to send the whole request, headers and body; then the connection is cut.
   * Default 30 s (node's own: 300 s), so a client trickling a body cannot hold a connection long.
   * Raise it for large uploads on slow links.
   */
  requestTimeoutMs?: number;
  /** How long an idle keep-alive connection stays open; default 5 s. */
  keepAliveTimeoutMs?: number;
  /** Most connections open at once; further ones are closed unanswered. Default 10 000. */
  maxConnections?: number;
  /**
   * While this server runs, make `globalThis.Response` build a {@link FastResponse} (as
   * @hono/node-server does by default), so handlers written with a plain `new Response('…')` skip
   * undici's per-body stream. `instanceof Response` still holds for every response (fetch's too),
   * `Response.json/error/redirect` and subclasses of `Response` work. Process-wide; restored when
   * the last server using it closes. Default false.
   */
  overrideGlobalResponse?: boolean;
}

/** A listening server returned by {@link serve}. */
export interface RunningServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:54321`. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The underlying node server, for what this API does not cover (timeouts, upgrade events). */
  readonly server: http.Server;
  /** Stops accepting, lets in-flight requests finish (up to `closeTimeoutMs`), then resolves. */
  close(): Promise<void>;
}

const DEFAULTS = {
  host: '127.0.0.1',
  poweredBy: 'matryoshka',
  maxBodyBytes: 1024 * 1024,
  closeTimeoutMs: 10_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 10_000,
} as const;

/**
 * Serves `handler` over node:http and resolves once the server listens.
 *
 * @example
 * ```ts
 * const server = await serve(new HttpPipeline().addMiddleware(logRequests()).addHandler(app), { port: 8080 });
 * console.log(`listening on ${server.url}`);
 * process.once('SIGTERM', () => void server.close());
 * ```
 */
export function serve(handler: HttpHandler, options: ServeOptions = {}): Promise<RunningServer> {
  const host = options.host ?? DEFAULTS.host;
  const adapter: Adapter = {
    handler,
    poweredBy: options.poweredBy === undefined ? DEFAULTS.poweredBy : options.poweredBy,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULTS.maxBodyBytes,
    logger: options.logger ?? consoleErrorLogger,
    validHosts: new Map(),
    lastHost: undefined,
    authority: host,
    closing: false,
  };
  const server = http.createServer(nodeOptions(options), (req, res) => handleRequest(adapter, req, res));
  const restoreResponse = options.overrideGlobalResponse ? overrideGlobalResponse() : undefined;
  if (restoreResponse) server.once('close', restoreResponse);
  server.maxConnections = options.maxConnections ?? DEFAULTS.maxConnections;
  server.on('clientError', answerClientError);
  return new Promise<RunningServer>((resolve, reject) => {
    const failed = (err: Error): void => {
      restoreResponse?.();
      reject(err);
    };
    server.once('error', failed);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', failed);
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
      adapter.authority = `${host.includes(':') ? `[${host}]` : host}:${port}`;
      let closed: Promise<void> | undefined;
      const closeTimeoutMs = options.closeTimeoutMs ?? DEFAULTS.closeTimeoutMs;
      resolve({
        url: `http://${adapter.authority}`,
        host,
        port,
        server,
        close: () => (closed ??= closeGracefully(server, adapter, closeTimeoutMs)),
      });
    });
  });
}

/** node's server options from ours: the timeouts, checked often enough to hold a short one. */
function nodeOptions(options: ServeOptions): http.ServerOptions {
  const requestTimeout = options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs;
  const headersTimeout = Math.min(options.headersTimeoutMs ?? DEFAULTS.headersTimeoutMs, requestTimeout);
  return {
    headersTimeout, // node refuses one longer than requestTimeout
    requestTimeout,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? DEFAULTS.keepAliveTimeoutMs,
    // node checks those timeouts on this period; its default (30 s) would stretch a short one
    connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(headersTimeout / 4))),
  };
}

/** A request node's parser refused (or a timeout): a plain answer when the socket can still take one. */
function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || !socket.writable || (socket as any)._httpMessage) {
    socket.destroy();
    return;
  }
  const status =
    err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const text = http.STATUS_CODES[status] ?? 'Bad Request';
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
  );
}

/** Stops accepting, lets in-flight requests finish (up to `timeoutMs`), then resolves. */
function closeGracefully(server: http.Server, adapter: Adapter, timeoutMs: number): Promise<void> {
  return new Promise<void>((done) => {
    adapter.closing = true;
    // Idle keep-alive connections would hold close() open; in-flight ones are closed as they finish.
    const sweep = setInterval(() => server.closeIdleConnections(), 20);
    const cutoff = setTimeout(() => server.closeAllConnections(), timeoutMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(cutoff);
      done();
    });
    server.closeIdleConnections();
  });
}
