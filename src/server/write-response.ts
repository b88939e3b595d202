// Writing the handler's answer to node's ServerResponse (Shelf's `_writeResponse`): the head by
// response-head.ts's framing rules, then the body — written as is when it is a string or bytes,
// pumped when it is a stream. Also the adapter's own plain answers (400, 413, 500, 501).
import type { ServerResponse } from 'node:http';
import type { Adapter } from './adapter';
import { discardBody } from './fast-response';
import { noop } from './internal';
import type { LazyState } from './read-request';
import { pathForLog } from './request-target';
import { responseHead } from './response-head';

const NativeResponse: typeof Response = globalThis.Response;

/** Writes `response` (whatever the handler produced) for the request behind `state`. */
export function writeResponse(
  adapter: Adapter,
  state: LazyState,
  res: ServerResponse,
  response: unknown,
): void {
  if (state.tooLarge) {
    discardBody(response);
    return writePlain(adapter, res, 413, 'Payload Too Large', true);
  }
  if (!(response instanceof NativeResponse)) {
    const kind = response === null ? 'null' : typeof response;
    return writeFailure(adapter, res, new TypeError(`handler returned ${kind} instead of a Response`));
  }
  const req = state.incoming;
  const head = responseHead(response, req.method === 'HEAD', adapter.poweredBy);
  if (!head.keepAlive || adapter.closing || (state.hasBody && !req.complete)) res.shouldKeepAlive = false;
  if (head.strictLength) res.strictContentLength = true;
  if (head.statusText) res.writeHead(head.status, head.statusText, head.headers);
  else res.writeHead(head.status, head.headers);
  const body = head.body;
  if (body === null) res.end();
  else if (typeof body === 'string' || body instanceof Uint8Array) res.end(body);
  else {
    res.flushHeaders(); // status and headers go out now, not with the first chunk (SSE, long polls)
    pump(body, res).catch((err: unknown) => {
      adapter.logger.error({ err, method: req.method, path: pathForLog(req) }, 'response body stream failed');
      res.destroy();
    });
  }
}

/** A short text/plain answer of the adapter's own; `close` ends the connection after it. */
export function writePlain(
  adapter: Adapter,
  res: ServerResponse,
  status: number,
  text: string,
  close: boolean,
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const headers = ['content-type', 'text/plain', 'content-length', String(Buffer.byteLength(text))];
  if (adapter.poweredBy !== null) headers.push('x-powered-by', adapter.poweredBy);
  if (close || adapter.closing) res.shouldKeepAlive = false;
  res.writeHead(status, headers);
  res.end(res.req.method === 'HEAD' ? undefined : text);
}

/** Logs a handler's failure with method and path (never the query) and answers a bare 500. */
export function writeFailure(adapter: Adapter, res: ServerResponse, err: unknown): void {
  const req = res.req;
  const path = pathForLog(req);
  adapter.logger.error({ err, method: req.method, path }, `handler failed: ${req.method} ${path}`);
  try {
    writePlain(adapter, res, 500, 'Internal Server Error', false);
  } catch {
    res.destroy();
  }
}

async function pump(stream: ReadableStream<Uint8Array>, res: ServerResponse): Promise<void> {
  const reader = stream.getReader();
  const onClose = (): void => void reader.cancel().catch(noop);
  res.once('close', onClose);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) return;
      if (!res.write(value)) await drained(res);
    }
    res.end();
  } finally {
    res.off('close', onClose);
  }
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise<void>((resume) => {
    const go = (): void => {
      res.off('drain', go);
      res.off('close', go);
      resume();
    };
    res.on('drain', go);
    res.on('close', go);
  });
}
