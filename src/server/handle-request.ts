// One request through the adapter, Shelf's `handleRequest`: refuse what no handler may see (400,
// 413, 501), hand the handler a lazy Request, and write what it answers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Adapter } from './adapter';
import { isPromiseLike } from './internal';
import { lazyRequest, type LazyState } from './read-request';
import { serverRequestInfo } from './request-info';
import { hrefOf } from './request-target';
import { writeFailure, writePlain, writeResponse } from './write-response';

/** The node:http request listener of one `serve` call. */
export function handleRequest(adapter: Adapter, req: IncomingMessage, res: ServerResponse): void {
  const href = hrefOf(adapter, req);
  if (href === undefined) return writePlain(adapter, res, 400, 'Bad Request', true);
  const hasBody = bodyExpected(adapter, req, res);
  if (hasBody === undefined) return; // refused
  const state: LazyState = {
    incoming: req,
    href,
    hasBody,
    maxBodyBytes: adapter.maxBodyBytes,
    url: undefined,
    path: undefined,
    headers: undefined,
    real: undefined,
    tooLarge: false,
  };
  let result: Response | Promise<Response>;
  try {
    result = adapter.handler(lazyRequest(state), serverRequestInfo(req, res));
  } catch (err) {
    return state.tooLarge ? respond(adapter, state, res, undefined) : writeFailure(adapter, res, err);
  }
  if (isPromiseLike(result)) {
    result.then(
      (response) => respond(adapter, state, res, response),
      (err: unknown) =>
        state.tooLarge ? respond(adapter, state, res, undefined) : writeFailure(adapter, res, err),
    );
  } else respond(adapter, state, res, result);
}

/**
 * Whether the request has a body, or undefined once it has been refused: a declared length over
 * `maxBodyBytes` (413, before reading a byte) or a transfer coding other than chunked (501: only
 * chunked is decoded, and no other coding's bytes may reach a handler as plain ones, RFC 9112 §6.1).
 */
function bodyExpected(adapter: Adapter, req: IncomingMessage, res: ServerResponse): boolean | undefined {
  const method = req.method;
  // A GET or HEAD without a transfer coding (nearly all) is settled without building req.headers.
  if ((method === 'GET' || method === 'HEAD') && !hasCoding(req.rawHeaders)) return false;
  const coding = req.headers['transfer-encoding'];
  if (coding !== undefined && coding.trim().toLowerCase() !== 'chunked') {
    writePlain(adapter, res, 501, 'Not Implemented', true);
    return undefined;
  }
  if (method === 'GET' || method === 'HEAD') return false;
  const length = req.headers['content-length'];
  if (length === undefined) return coding !== undefined;
  const n = Number(length);
  if (n > adapter.maxBodyBytes) {
    // Closing the connection spares us the rest of the body.
    writePlain(adapter, res, 413, 'Payload Too Large', true);
    return undefined;
  }
  return n > 0;
}

function hasCoding(raw: string[]): boolean {
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i].length === 17 && raw[i].toLowerCase() === 'transfer-encoding') return true;
  }
  return false;
}

function respond(adapter: Adapter, state: LazyState, res: ServerResponse, response: unknown): void {
  try {
    writeResponse(adapter, state, res, response);
  } catch (err) {
    // e.g. a header value node refuses; nothing has been sent yet unless headers went out
    writeFailure(adapter, res, err);
  }
}
