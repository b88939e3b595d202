// The node:http adapter: turns IncomingMessage into a (lazy) WHATWG Request, runs the handler and
// writes its Response back, following Shelf's adapter rules (see docs/server.md).
import * as http from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from '../core';
import { consoleErrorLogger } from './console-logger';
import { fastStateOf } from './fast-response';
import { discardBody, noop } from './internal';
import { lazyRequest, type LazyState } from './lazy-request';
import { serverRequestInfo } from './request-info';
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

const NativeResponse: typeof Response = globalThis.Response;
const DEFAULT_MAX_BODY = 1024 * 1024;
const INTERNAL_ERROR = 'Internal Server Error';

// undici keeps the original string/bytes of a Response body next to its stream; writing that
// directly skips the stream machinery. Found by probing, so a future undici without it just falls
// back to reading the stream.
const kNativeState = ((): symbol | undefined => {
  const probe = new NativeResponse('x');
  const sym = Object.getOwnPropertySymbols(probe).find((s) => s.description === 'state');
  return sym && (probe as any)[sym]?.body?.source === 'x' ? sym : undefined;
})();

type Source = string | Uint8Array | ReadableStream<Uint8Array> | null;

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
  const host = options.host ?? '127.0.0.1';
  const poweredBy = options.poweredBy === undefined ? 'matryoshka' : options.poweredBy;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const logger = options.logger ?? consoleErrorLogger;
  const closeTimeoutMs = options.closeTimeoutMs ?? 10_000;
  let closing = false;
  let authority = host; // for requests without a Host header; port filled in once listening
  const validHosts = new Map<string, boolean>();

  function hostIsValid(value: string): boolean {
    let ok = validHosts.get(value);
    if (ok === undefined) {
      try {
        new URL(`http://${value}/`);
        ok = !value.includes('/') && !value.includes('@') && !value.includes('?') && !value.includes('#');
      } catch {
        ok = false;
      }
      if (validHosts.size >= 256) validHosts.clear();
      validHosts.set(value, ok);
    }
    return ok;
  }

  /** `http://host` + target, or undefined when the target cannot make a URL (→ 400). */
  function hrefOf(req: http.IncomingMessage): string | undefined {
    const target = req.url ?? '';
    if (target.includes('#')) return undefined; // a fragment is never sent (RFC 9112 §3.2)
    if (target.charCodeAt(0) === 47 /* / */) {
      let hostValue: string | undefined;
      const raw = req.rawHeaders;
      for (let i = 0; i < raw.length; i += 2) {
        const name = raw[i];
        if (name.length === 4 && name.toLowerCase() === 'host') {
          hostValue = raw[i + 1];
          break;
        }
      }
      if (hostValue === undefined || hostValue === '') hostValue = authority;
      else if (!hostIsValid(hostValue)) return undefined;
      return `http://${hostValue}${target}`;
    }
    // absolute-form (a proxy-style target); `*` and anything else is not a resource we serve
    try {
      const url = new URL(target);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
    } catch {
      return undefined;
    }
  }

  function pathForLog(req: http.IncomingMessage): string {
    const target = req.url ?? '';
    const q = target.indexOf('?');
    return q < 0 ? target : target.slice(0, q); // never the query: it may carry tokens
  }

  function sendPlain(res: http.ServerResponse, status: number, text: string, close: boolean): void {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const headers = ['content-type', 'text/plain', 'content-length', String(Buffer.byteLength(text))];
    if (poweredBy !== null) headers.push('x-powered-by', poweredBy);
    if (close || closing) res.shouldKeepAlive = false;
    res.writeHead(status, headers);
    res.end(res.req.method === 'HEAD' ? undefined : text);
  }

  function fail(req: http.IncomingMessage, res: http.ServerResponse, err: unknown): void {
    logger.error(
      { err, method: req.method, path: pathForLog(req) },
      `handler failed: ${req.method} ${pathForLog(req)}`,
    );
    try {
      sendPlain(res, 500, INTERNAL_ERROR, false);
    } catch {
      res.destroy();
    }
  }

  function write(state: LazyState, res: http.ServerResponse, response: unknown): void {
    const req = state.incoming;
    if (state.tooLarge) {
      discardBody(response);
      sendPlain(res, 413, 'Payload Too Large', true);
      return;
    }
    if (!(response instanceof NativeResponse)) {
      fail(
        req,
        res,
        new TypeError(
          `handler returned ${response === null ? 'null' : typeof response} instead of a Response`,
        ),
      );
      return;
    }
    const flat: string[] = [];
    let hasPoweredBy = false;
    let hasType = false;
    let source: Source;
    const fast = fastStateOf(response);
    if (fast !== undefined && fast.real === undefined) {
      source = fast.body;
      const init = fast.headers ?? fast.init?.headers;
      if (init !== undefined) {
        if (init instanceof Headers) init.forEach((value, name) => flat.push(name, value));
        else if (Array.isArray(init)) {
          for (const [name, value] of init as [string, string][]) flat.push(name, value);
        } else {
          for (const name of Object.keys(init)) flat.push(name, (init as Record<string, string>)[name]);
        }
      }
      hasType = fast.headers !== undefined; // a built Headers already carries the default content-type
    } else {
      response.headers.forEach((value, name) => flat.push(name, value));
      source = nativeSource(response);
      hasType = true; // undici set it already if the body implies one
    }
    let lengthAt = -1;
    let codingAt = -1;
    for (let i = 0; i < flat.length; i += 2) {
      const name = flat[i];
      if (name.length === 14) {
        if (name.toLowerCase() === 'content-length') lengthAt = i;
      } else if (name.length === 12) {
        const lower = name.toLowerCase();
        hasType ||= lower === 'content-type';
        hasPoweredBy ||= lower === 'x-powered-by';
      } else if (name.length === 17 && name.toLowerCase() === 'transfer-encoding') codingAt = i;
      else if (name.length === 10 && isHopByHop(name, flat[i + 1], res)) {
        flat.splice(i, 2); // connection management is the adapter's (e.g. a copied upstream header set)
        i -= 2;
      }
    }
    const status = response.status;
    const head = req.method === 'HEAD';
    const noBody = status < 200 || status === 204 || status === 304;
    if (codingAt >= 0) {
      const coding = flat[codingAt + 1].trim().toLowerCase();
      if (coding === 'identity') {
        flat.splice(codingAt, 2); // no coding at all: framed below like any other body
        if (lengthAt > codingAt) lengthAt -= 2;
        codingAt = -1;
      } else {
        // Only a final `chunked` delimits the body; any other coding ends it at connection close.
        if (!/(?:^|,)\s*chunked$/.test(coding)) res.shouldKeepAlive = false;
        // A content-length beside a transfer coding makes the message invalid.
        if (lengthAt >= 0) flat.splice(lengthAt, 2);
      }
    }
    if (codingAt < 0 && !noBody) {
      const length = knownLength(source);
      // A body of known size is sent under its real length (HEAD shows it too); a HEAD response and
      // a null body keep the handler's value; only streams go chunked.
      if (lengthAt < 0) {
        if (length !== undefined) flat.push('content-length', String(length));
      } else if (length !== undefined && source !== null && !head) flat[lengthAt + 1] = String(length);
      else if (source === null && !head && flat[lengthAt + 1].trim() !== '0') res.shouldKeepAlive = false;
      else if (length === undefined) res.strictContentLength = true; // a stream must match its declared length
    }
    if (typeof source === 'string' && !hasType) flat.push('content-type', 'text/plain;charset=UTF-8');
    if (!hasPoweredBy && poweredBy !== null) flat.push('x-powered-by', poweredBy);
    if (closing || (state.hasBody && !req.complete)) res.shouldKeepAlive = false;
    const statusText = response.statusText;
    if (statusText) res.writeHead(status, statusText, flat);
    else res.writeHead(status, flat);
    if (noBody || head || source === null) {
      if (source !== null && typeof source === 'object' && !(source instanceof Uint8Array))
        source.cancel().catch(noop);
      res.end();
    } else if (typeof source === 'string' || source instanceof Uint8Array) {
      res.end(source);
    } else {
      res.flushHeaders(); // status and headers go out now, not with the first chunk (SSE, long polls)
      pump(source, res).catch((err: unknown) => {
        logger.error({ err, method: req.method, path: pathForLog(req) }, 'response body stream failed');
        res.destroy();
      });
    }
  }

  function onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const href = hrefOf(req);
    if (href === undefined) {
      sendPlain(res, 400, 'Bad Request', true);
      return;
    }
    let hasBody = false;
    const method = req.method;
    if (method !== 'GET' && method !== 'HEAD') {
      const length = req.headers['content-length'];
      if (length !== undefined) {
        const n = Number(length);
        if (n > maxBodyBytes) {
          // Refuse before reading a byte; closing the connection spares us the rest of the body.
          sendPlain(res, 413, 'Payload Too Large', true);
          return;
        }
        hasBody = n > 0;
      } else hasBody = req.headers['transfer-encoding'] !== undefined;
    }
    const coding = req.headers['transfer-encoding'];
    if (coding !== undefined && coding.trim().toLowerCase() !== 'chunked') {
      // We decode chunked only; any other coding's bytes must not reach a handler as plain (RFC 9112 §6.1).
      sendPlain(res, 501, 'Not Implemented', true);
      return;
    }
    const state: LazyState = {
      incoming: req,
      href,
      hasBody,
      maxBodyBytes,
      url: undefined,
      path: undefined,
      headers: undefined,
      real: undefined,
      tooLarge: false,
    };
    let result: Response | Promise<Response>;
    try {
      result = handler(lazyRequest(state), serverRequestInfo(req, res));
    } catch (err) {
      if (state.tooLarge) write(state, res, undefined);
      else fail(req, res, err);
      return;
    }
    if (
      result !== null &&
      typeof result === 'object' &&
      typeof (result as Promise<Response>).then === 'function'
    ) {
      (result as Promise<Response>).then(
        (response) => respond(state, res, response),
        (err: unknown) => (state.tooLarge ? respond(state, res, undefined) : fail(req, res, err)),
      );
    } else respond(state, res, result);
  }

  function respond(state: LazyState, res: http.ServerResponse, response: unknown): void {
    try {
      write(state, res, response);
    } catch (err) {
      // e.g. a header value node refuses; nothing has been sent yet unless headers went out
      fail(state.incoming, res, err);
    }
  }

  const headersTimeout = options.headersTimeoutMs ?? 10_000;
  const requestTimeout = options.requestTimeoutMs ?? 30_000;
  const server = http.createServer(
    {
      headersTimeout: Math.min(headersTimeout, requestTimeout), // node refuses a longer one
      requestTimeout,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 5_000,
      // node checks these timeouts on this period (its default 30 s would stretch a short timeout)
      connectionsCheckingInterval: Math.max(
        10,
        Math.min(1_000, Math.floor(Math.min(headersTimeout, requestTimeout) / 4)),
      ),
    },
    onRequest,
  );
  server.maxConnections = options.maxConnections ?? 10_000;
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
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
  });

  return new Promise<RunningServer>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
      const urlHost = host.includes(':') ? `[${host}]` : host;
      authority = `${urlHost}:${port}`;
      let closed: Promise<void> | undefined;
      resolve({
        url: `http://${authority}`,
        host,
        port,
        server,
        close() {
          return (closed ??= new Promise<void>((done) => {
            closing = true;
            // Idle keep-alive connections would hold close() open; in-flight ones are closed as they finish.
            const sweep = setInterval(() => server.closeIdleConnections(), 20);
            const cutoff = setTimeout(() => server.closeAllConnections(), closeTimeoutMs);
            server.close(() => {
              clearInterval(sweep);
              clearTimeout(cutoff);
              done();
            });
            server.closeIdleConnections();
          }));
        },
      });
    });
  });
}

/**
 * True for a `connection` or `keep-alive` header, which describe the handler's own connection (an
 * upstream's, when its headers were copied), not this one; `connection: close` is honoured.
 */
function isHopByHop(name: string, value: string, res: http.ServerResponse): boolean {
  const lower = name.toLowerCase();
  if (lower === 'connection') {
    if (/(?:^|,)\s*close\s*(?:,|$)/i.test(value)) res.shouldKeepAlive = false;
    return true;
  }
  return lower === 'keep-alive';
}

/** The byte length of a string or bytes body (0 for none); undefined for a stream. */
function knownLength(source: Source): number | undefined {
  if (typeof source === 'string') return Buffer.byteLength(source);
  if (source instanceof Uint8Array) return source.byteLength;
  return source === null ? 0 : undefined;
}

function nativeSource(response: Response): Source {
  if (kNativeState !== undefined) {
    const body = (response as any)[kNativeState]?.body;
    if (body === null || body === undefined) return null;
    const src = body.source;
    if ((typeof src === 'string' || src instanceof Uint8Array) && !response.bodyUsed && !body.stream?.locked)
      return src;
  }
  return response.body;
}

async function pump(stream: ReadableStream<Uint8Array>, res: http.ServerResponse): Promise<void> {
  const reader = stream.getReader();
  const onClose = (): void => void reader.cancel().catch(noop);
  res.once('close', onClose);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) return;
      if (!res.write(value)) {
        await new Promise<void>((resume) => {
          const go = (): void => {
            res.off('drain', go);
            res.off('close', go);
            resume();
          };
          res.on('drain', go);
          res.on('close', go);
        });
      }
    }
    res.end();
  } finally {
    res.off('close', onClose);
  }
}
