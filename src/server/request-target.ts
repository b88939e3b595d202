// Reading the request target (the first thing `handleRequest` does): the URL a handler sees, or
// undefined for a target that gets 400; and the path that may be logged.
import type { IncomingMessage } from 'node:http';
import type { Adapter } from './adapter';

/**
 * `http://host` + target, or undefined when the target cannot make a URL: not a path nor an
 * absolute http(s) URL, a fragment (a client never sends one, RFC 9112 §3.2), a bad Host header.
 */
export function hrefOf(adapter: Adapter, req: IncomingMessage): string | undefined {
  const target = req.url ?? '';
  if (target.includes('#')) return undefined;
  if (target.charCodeAt(0) === 47 /* / */) {
    let host = hostHeader(req);
    if (host === undefined || host === '') host = adapter.authority;
    else if (host !== adapter.lastHost) {
      // A client sends the same Host on every request: compared as a string, not hashed for the map.
      if (!hostIsValid(adapter.validHosts, host)) return undefined;
      adapter.lastHost = host;
    }
    return `http://${host}${target}`;
  }
  // absolute-form (a proxy-style target); `*` and anything else is not a resource we serve
  try {
    const url = new URL(target);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The target without its query, which may carry tokens: what logs may show. */
export function pathForLog(req: IncomingMessage): string {
  const target = req.url ?? '';
  const q = target.indexOf('?');
  return q < 0 ? target : target.slice(0, q);
}

/** The first Host header, read from rawHeaders (cheaper than building req.headers). */
function hostHeader(req: IncomingMessage): string | undefined {
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    if (name.length === 4 && name.toLowerCase() === 'host') return raw[i + 1];
  }
  return undefined;
}

function hostIsValid(cache: Map<string, boolean>, value: string): boolean {
  let ok = cache.get(value);
  if (ok === undefined) {
    try {
      new URL(`http://${value}/`);
      ok = !value.includes('/') && !value.includes('@') && !value.includes('?') && !value.includes('#');
    } catch {
      ok = false;
    }
    if (cache.size >= 256) cache.clear();
    cache.set(value, ok);
  }
  return ok;
}
