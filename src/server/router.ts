// A small router: method + path pattern with `:param` segments, first match wins.
import { ServerConfigurationError } from './errors';
import { FastResponse } from './fast-response';
import { pathOf } from './read-request';
import { EMPTY_PARAMS, withParams } from './request-info';
import type { HttpHandler, RequestInfo } from './types';

interface Route {
  readonly method: string | undefined; // undefined: any method
  /** Literal segments as strings, parameters as `{ name }`. */
  readonly segments: readonly (string | { readonly name: string })[];
  /** The path itself for a route without parameters: matched by one string comparison. */
  readonly literal: string | undefined;
  readonly handler: HttpHandler;
}

const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function compile(path: string): Route['segments'] {
  if (!path.startsWith('/')) throw new ServerConfigurationError(`route path must start with '/': ${path}`);
  const seen = new Set<string>();
  return path
    .slice(1)
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment;
      const name = segment.slice(1);
      if (!PARAM_NAME.test(name))
        throw new ServerConfigurationError(`bad parameter name '${segment}' in ${path}`);
      if (seen.has(name)) throw new ServerConfigurationError(`parameter '${name}' appears twice in ${path}`);
      seen.add(name);
      return { name };
    });
}

/**
 * Decoded params (EMPTY_PARAMS for a route without any), null when the path does not match, or
 * 'bad' for malformed %-escapes.
 */
function match(route: Route, parts: readonly string[]): Readonly<Record<string, string>> | null | 'bad' {
  const segments = route.segments;
  if (segments.length !== parts.length) return null;
  let params: Record<string, string> | null = null;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (typeof segment === 'string') {
      if (segment !== parts[i]) return null;
    } else {
      if (parts[i] === '') return null; // a parameter is never empty
      params ??= {};
      try {
        params[segment.name] = decodeURIComponent(parts[i]);
      } catch {
        return 'bad';
      }
    }
  }
  return params ?? EMPTY_PARAMS;
}

/** The info for a matched route: `info` itself when neither it nor the route has params (no copy). */
function infoWith(info: RequestInfo, params: Readonly<Record<string, string>>): RequestInfo {
  if (params === EMPTY_PARAMS) {
    const outer = info.params;
    if (outer === EMPTY_PARAMS || Object.keys(outer).length === 0) return info;
  }
  return withParams(info, params);
}

const text = (status: number, body: string, headers: Record<string, string> = {}): Response =>
  new FastResponse(body, { status, headers: { 'content-type': 'text/plain', ...headers } });

/**
 * Routes by method and path. Patterns are matched segment by segment against the undecoded path;
 * `:name` captures one non-empty segment, decoded, into `info.params`. Routes are tried in the order
 * added and the first match wins; `get` routes also answer HEAD. An unknown path gets 404; a known
 * path with another method gets 405 with an `Allow` header; a malformed %-escape in a parameter, 400.
 * Trailing slashes matter: `/users/` is not `/users`.
 *
 * @example
 * ```ts
 * const router = new Router()
 *   .get('/users/:id', (request, info) => Response.json({ id: info.params.id }))
 *   .post('/users', createUser)
 *   .all('/health', () => new Response('ok'));
 * await serve(router.handler);
 * ```
 */
export class Router {
  private readonly routes: Route[] = [];

  /** Adds a route for `method` (any method when `'*'`). Returns this router. */
  add(method: string, path: string, handler: HttpHandler): this {
    const segments = compile(path);
    this.routes.push({
      method: method === '*' ? undefined : method.toUpperCase(),
      segments,
      literal: segments.every((s) => typeof s === 'string') ? path : undefined,
      handler,
    });
    return this;
  }
  get(path: string, handler: HttpHandler): this {
    return this.add('GET', path, handler);
  }
  post(path: string, handler: HttpHandler): this {
    return this.add('POST', path, handler);
  }
  put(path: string, handler: HttpHandler): this {
    return this.add('PUT', path, handler);
  }
  patch(path: string, handler: HttpHandler): this {
    return this.add('PATCH', path, handler);
  }
  delete(path: string, handler: HttpHandler): this {
    return this.add('DELETE', path, handler);
  }
  all(path: string, handler: HttpHandler): this {
    return this.add('*', path, handler);
  }

  /** The router as a handler; routes added later are seen too. */
  get handler(): HttpHandler {
    return (request, info) => {
      const path = pathOf(request);
      let parts: string[] | undefined;
      const method = request.method;
      let allowed: Set<string> | undefined;
      const routes = this.routes;
      for (let r = 0; r < routes.length; r++) {
        const route = routes[r];
        const params =
          route.literal !== undefined
            ? path === route.literal
              ? EMPTY_PARAMS
              : null
            : match(route, (parts ??= path.slice(1).split('/')));
        if (params === null) continue;
        if (
          route.method === undefined ||
          route.method === method ||
          (method === 'HEAD' && route.method === 'GET')
        ) {
          if (params === 'bad') return text(400, 'Bad Request');
          return route.handler(request, infoWith(info, params));
        }
        allowed ??= new Set();
        allowed.add(route.method);
        if (route.method === 'GET') allowed.add('HEAD');
      }
      if (allowed) return text(405, 'Method Not Allowed', { allow: [...allowed].join(', ') });
      return text(404, 'Not Found');
    };
  }
}
