import type { QueryValue } from './http-options';

/** Methods that may be sent again after they may have reached a server (RFC 9110 §9.2.2). */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);
const METHOD_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const ABSOLUTE_URL = /^[a-z][a-z0-9+.-]*:/i;
const SLASH = 0x2f;

/** Upper-cased and checked; every method is kept as it is (PATCH stays PATCH). */
export function normalizeMethod(method: string | undefined): string {
  if (method === undefined) return 'GET';
  if (!METHOD_TOKEN.test(method)) throw new TypeError(`Invalid HTTP method: ${JSON.stringify(method)}`);
  return method.toUpperCase();
}

export function isIdempotentMethod(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method);
}

/** `endpoint` + encoded query, relative to an environment's base path. Absolute URLs are refused. */
export function pathAndQuery(endpoint: string, query: Record<string, QueryValue> | undefined): string {
  if (typeof endpoint !== 'string') throw new TypeError('endpoint must be a string');
  // The common case, '/users/42': a path that starts with one slash is never an absolute URL.
  if (query === undefined && endpoint.charCodeAt(0) === SLASH && endpoint.charCodeAt(1) !== SLASH)
    return endpoint;
  if (ABSOLUTE_URL.test(endpoint) || endpoint.startsWith('//')) {
    throw new TypeError('endpoint must be a path under the environment apiUrl, not an absolute URL');
  }
  let path = endpoint.startsWith('/') ? endpoint : `/${endpoint}`;
  if (query !== undefined) {
    const params = new URLSearchParams();
    for (const key of Object.keys(query)) {
      const value = query[key];
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const item of value) params.append(key, String(item));
      else params.append(key, String(value));
    }
    const encoded = params.toString();
    if (encoded) path += (path.includes('?') ? '&' : '?') + encoded;
  }
  return path;
}

/**
 * The headers of a call that sets none: shared and frozen (nothing writes a call's headers; each
 * send copies what it changes), so such a call allocates no header object of its own.
 */
export const NO_HEADERS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** Copies user headers with lower-case names so ours never duplicate theirs. */
export function lowerCaseHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers === undefined) return out;
  for (const name of Object.keys(headers)) out[name.toLowerCase()] = headers[name];
  return out;
}

/** The body to send and its content type: JSON is encoded once and replayed on retries. */
export function encodeBody(
  options: { body?: string | Uint8Array | URLSearchParams; json?: unknown },
  headers: Record<string, string>,
): string | Uint8Array | undefined {
  if (options.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    return JSON.stringify(options.json);
  }
  const body = options.body;
  if (body instanceof URLSearchParams) {
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
    return body.toString();
  }
  return body;
}

/** The endpoint without its query string, for logs (a query may carry a secret). */
export function logPath(endpoint: string): string {
  const q = endpoint.indexOf('?');
  return q === -1 ? endpoint : endpoint.slice(0, q);
}
