// API.md §4 (environments and failover), HTTP side, in the contract's literal forms. Real servers on 127.0.0.1.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { container as rootContainer } from 'tsyringe';
import {
  AllEnvironmentsFailedError,
  AuthType,
  CommandProcessor,
  Command,
  Environment,
  EnvironmentConfigError,
  FailoverClient,
  FailoverHub,
  FileValidationError,
  HttpRequest,
  HttpRequestHandler,
  HttpResponse,
  RequestLogging,
  SubscriberRegistry,
  registerFailoverHandlers,
  type EnvironmentConfig,
  type HttpInterceptor,
} from 'matryoshka-pipeline';
import { captureLogger, deadUrl, delay, json, later, startEnv, type TestEnv, until } from './support';

const servers: TestEnv[] = [];
const clients: { close(): Promise<void> }[] = [];
const env = async (...args: Parameters<typeof startEnv>) => {
  const s = await startEnv(...args);
  servers.push(s);
  return s;
};
const track = <T extends { close(): Promise<void> }>(c: T): T => {
  clients.push(c);
  return c;
};
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('§4 FailoverClient construction', () => {
  it('the contract snippet builds (and closes) as written', async () => {
    const getIdToken = async () => 'id-token';
    const client = new FailoverClient({
      environments: {
        production:  { apiUrl: 'https://api.example.com', apiKey: '…', timeoutMs: 5_000, maxRetries: 1 },
        staging:     { apiUrl: 'https://staging.example.com', bearerToken: async () => getIdToken(), authType: AuthType.Bearer },
        development: { apiUrl: 'http://127.0.0.1:3000', apiKey: 'dev', customAuthHeader: 'X-Dev-Key' },
      },
      initialEnvironment: 'production',
      fallbackOrder: ['production', 'staging', 'development'],   // default: current first, then declared order, each once
      healthCheck: { path: '/health', intervalMs: 30_000, timeoutMs: 2_000, failback: true }, // intervalMs 0: no background checks
      logger: captureLogger(),
    });
    expect(client.currentEnvironment).toBe('production');
    await client.close();
  });

  it('Environment.Production | Staging | Development are provided; any other name such as eu-west works', async () => {
    const a = await env();
    const b = await env();
    const client = track(
      new FailoverClient({
        environments: { [Environment.Production]: { apiUrl: a.url }, 'eu-west': { apiUrl: b.url } },
        initialEnvironment: 'eu-west',
      }),
    );
    expect([Environment.Production, Environment.Staging, Environment.Development]).toEqual([
      'production',
      'staging',
      'development',
    ]);
    const res = await client.http.request({ endpoint: '/x' });
    expect(res.environment).toBe('eu-west');
    expect(await client.switchTo(Environment.Production, { skipHealthCheck: true })).toBe(true);
  });

  it.each([
    ['apiUrl', { apiUrl: 'not a url' }],
    ['customAuthHeader', { apiUrl: 'http://127.0.0.1:1', apiKey: 'k', customAuthHeader: 'Bad Header:' }],
    ['timeoutMs', { apiUrl: 'http://127.0.0.1:1', timeoutMs: -1 }],
  ])('configs are validated when the client is built: bad %s → EnvironmentConfigError naming environment and field', (field, config) => {
    let error: unknown;
    try {
      new FailoverClient({ environments: { 'eu-west': config } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvironmentConfigError);
    expect((error as Error).message).toContain('eu-west');
    expect((error as Error).message).toContain(field);
  });
});

describe('§4 auth headers', () => {
  it('ApiKey → x-api-key: <key>; Bearer → Authorization: Bearer <token>; customAuthHeader renames (Bearer prefix stays)', async () => {
    const s = await env();
    const cases: [Omit<EnvironmentConfig, 'apiUrl'>, string, string][] = [
      [{ apiKey: 'key-1', authType: AuthType.ApiKey }, 'x-api-key', 'key-1'],
      [{ bearerToken: 'tok-1', authType: AuthType.Bearer }, 'authorization', 'Bearer tok-1'],
      [{ bearerToken: async () => 'tok-async', authType: AuthType.Bearer }, 'authorization', 'Bearer tok-async'],
      [{ bearerToken: 'tok-2', authType: AuthType.Bearer, customAuthHeader: 'X-Token' }, 'x-token', 'Bearer tok-2'],
      [{ apiKey: 'dev', customAuthHeader: 'X-Dev-Key' }, 'x-dev-key', 'dev'],
    ];
    for (const [auth, header, value] of cases) {
      const client = track(new FailoverClient({ environments: { production: { apiUrl: s.url, ...auth } } }));
      await client.http.request({ endpoint: '/me' });
      const hit = s.apiHits[s.apiHits.length - 1];
      expect([header, hit.headers[header]]).toEqual([header, value]);
    }
    const none = track(new FailoverClient({ environments: { production: { apiUrl: s.url, authType: AuthType.None } } }));
    await none.http.request({ endpoint: '/anon' });
    const anon = s.apiHits[s.apiHits.length - 1].headers;
    expect(anon['authorization']).toBeUndefined();
    expect(anon['x-api-key']).toBeUndefined();
  });

  it('Both → the bearer header, and on a 401 one retry with the API key', async () => {
    const s = await env((hit, res) => {
      if (hit.headers['x-api-key'] === 'the-key') return json(200, { via: 'apiKey' })(hit, res);
      json(401, { error: 'expired' })(hit, res);
    });
    const client = track(
      new FailoverClient({
        environments: { production: { apiUrl: s.url, apiKey: 'the-key', bearerToken: 'stale', authType: AuthType.Both } },
      }),
    );
    const res = await client.http.request({ endpoint: '/me' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ via: 'apiKey' });
    expect(s.apiHits).toHaveLength(2);
    expect(s.apiHits[0].headers['authorization']).toBe('Bearer stale');
    expect(s.apiHits[1].headers['x-api-key']).toBe('the-key');
  });

  it('secrets never appear in logs, errors or stats', async () => {
    const dead = await deadUrl();
    const s = await env(json(503, { down: true }));
    const logger = captureLogger();
    const client = track(
      new FailoverClient({
        environments: {
          production: { apiUrl: s.url, apiKey: 'SUPER-SECRET-KEY', enableLogging: true },
          staging: { apiUrl: dead, bearerToken: 'SUPER-SECRET-TOKEN' },
        },
        logger,
      }),
    );
    const error = await client.http.request({ endpoint: '/x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AllEnvironmentsFailedError);
    const everything = `${(error as Error).message} ${JSON.stringify(client.getStats())} ${logger.text()}`;
    expect(everything).not.toContain('SUPER-SECRET');
  });
});

describe('§4 client API', () => {
  it('currentEnvironment, switchTo(env, { skipHealthCheck }) → boolean, onEnvironmentChanged((to, from)) → unsubscribe, getStats, checkAllEnvironments', async () => {
    const prod = await env();
    const staging = await env((hit, res) => (hit.url.startsWith('/health') ? json(503, {})(hit, res) : json(200, {})(hit, res)));
    const client = track(
      new FailoverClient({
        environments: { production: { apiUrl: prod.url }, staging: { apiUrl: staging.url } },
        initialEnvironment: 'production',
      }),
    );
    const changes: [string, string][] = [];
    const unsubscribe = client.onEnvironmentChanged((to, from) => {
      changes.push([to, from]);
    });
    expect(client.currentEnvironment).toBe('production');
    const healthy: Record<string, boolean> = await client.checkAllEnvironments();
    expect(healthy).toEqual({ production: true, staging: false });
    const refused: boolean = await client.switchTo('staging');
    expect(refused).toBe(false);
    expect(client.currentEnvironment).toBe('production');
    expect(await client.switchTo('staging', { skipHealthCheck: true })).toBe(true);
    expect(client.currentEnvironment).toBe('staging');
    expect(changes).toEqual([['staging', 'production']]);
    unsubscribe();
    expect(await client.switchTo('production', { skipHealthCheck: true })).toBe(true);
    expect(changes).toHaveLength(1);
    const stats = client.getStats();
    expect(stats.currentEnvironment).toBe('production');
    expect(Object.keys(stats.environments).sort()).toEqual(['production', 'staging']);
    expect(stats.environments.staging.healthy).toBe(false);
  });

  it('executeWithFallback((config, env, signal) => op, { fallbackOrder, timeoutMs }) visits environments and aborts a timed-out attempt', async () => {
    const client = track(
      new FailoverClient({
        environments: {
          production: { apiUrl: 'http://127.0.0.1:1', apiKey: 'p' },
          staging: { apiUrl: 'http://127.0.0.1:2', apiKey: 's' },
          development: { apiUrl: 'http://127.0.0.1:3', apiKey: 'd' },
        },
      }),
    );
    const visited: string[] = [];
    let abortedSignal = false;
    const result = await client.executeWithFallback(
      async (config, env, signal) => {
        visited.push(env);
        if (env === 'development') {
          await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
          abortedSignal = signal.aborted;
          throw new Error('aborted');
        }
        if (env === 'production') throw new Error('prod down');
        return `${env}:${config.apiUrl}:${config.apiKey}`;
      },
      { fallbackOrder: ['development', 'production', 'staging'], timeoutMs: 50 },
    );
    expect(result).toBe('staging:http://127.0.0.1:2:s');
    expect(visited).toEqual(['development', 'production', 'staging']);
    expect(abortedSignal).toBe(true);
    expect(client.currentEnvironment).toBe('staging'); // answered elsewhere → current
  });

  it('default order: current first, then declared order, each once', async () => {
    const hits: string[] = [];
    const failing = (name: string) => (hit: any, res: any) => {
      hits.push(name);
      json(503, {})(hit, res);
    };
    const a = await env(failing('a'));
    const b = await env(failing('b'));
    const c = await env(failing('c'));
    const client = track(
      new FailoverClient({
        environments: { a: { apiUrl: a.url }, b: { apiUrl: b.url }, c: { apiUrl: c.url } },
        initialEnvironment: 'b',
      }),
    );
    const error = await client.http.request({ endpoint: '/x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AllEnvironmentsFailedError);
    expect(hits).toEqual(['b', 'a', 'c']);
  });

  it('5xx, 408 and 429 are failed attempts; a 4xx is the answer, returned as is; the answering environment becomes current (listeners told)', async () => {
    for (const status of [500, 503, 408, 429]) {
      const bad = await env(json(status, {}));
      const good = await env(json(200, { ok: true }));
      const client = track(
        new FailoverClient({ environments: { production: { apiUrl: bad.url }, staging: { apiUrl: good.url } } }),
      );
      const told: string[] = [];
      client.onEnvironmentChanged((to) => {
        told.push(to);
      });
      const res = await client.http.request({ endpoint: '/x' });
      expect([status, res.status, res.environment]).toEqual([status, 200, 'staging']);
      expect(client.currentEnvironment).toBe('staging');
      expect(told).toEqual(['staging']);
    }
    const notFound = await env(json(404, { missing: true }));
    const other = await env();
    const client = track(
      new FailoverClient({ environments: { production: { apiUrl: notFound.url }, staging: { apiUrl: other.url } } }),
    );
    const res = await client.http.request({ endpoint: '/x' });
    expect(res.status).toBe(404);
    expect(res.environment).toBe('production');
    expect(other.apiHits).toHaveLength(0);
  });

  it('each environment gets 1 + maxRetries attempts before the next is tried', async () => {
    const bad = await env(json(503, {}));
    const good = await env();
    const client = track(
      new FailoverClient({
        environments: { production: { apiUrl: bad.url, maxRetries: 2 }, staging: { apiUrl: good.url } },
        retryBackoff: { initialDelayMs: 1, maxDelayMs: 2 },
      }),
    );
    const res = await client.http.request({ endpoint: '/x' });
    expect(res.environment).toBe('staging');
    expect(bad.apiHits).toHaveLength(3);
  });

  it('a timeout is a failed attempt: the attempt is aborted and the next environment tried', async () => {
    const slow = await env(later(1_000, json(200, { slow: true })));
    const fast = await env();
    const client = track(
      new FailoverClient({ environments: { production: { apiUrl: slow.url, timeoutMs: 100 }, staging: { apiUrl: fast.url } } }),
    );
    const started = Date.now();
    const res = await client.http.request({ endpoint: '/x' });
    expect(res.environment).toBe('staging');
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('a POST moves on only where it provably never reached the server, unless idempotent: true', async () => {
    const dead = await deadUrl();
    const good = await env();
    const c1 = track(new FailoverClient({ environments: { production: { apiUrl: dead }, staging: { apiUrl: good.url } } }));
    const r1 = await c1.http.request({ endpoint: '/orders', method: 'POST', json: { a: 1 } });
    expect(r1.environment).toBe('staging'); // connection refused: never reached

    const bad = await env(json(503, { busy: true }));
    const c2 = track(new FailoverClient({ environments: { production: { apiUrl: bad.url }, staging: { apiUrl: good.url } } }));
    const before = good.apiHits.length;
    const r2 = await c2.http.request({ endpoint: '/orders', method: 'POST', json: { a: 1 } });
    expect(r2.status).toBe(503); // its answer is the caller's
    expect(r2.environment).toBe('production');
    expect(good.apiHits.length).toBe(before);

    const r3 = await c2.http.request({ endpoint: '/orders', method: 'POST', json: { a: 1 }, idempotent: true });
    expect(r3.environment).toBe('staging');
  });

  it('when every environment fails, the error says what each one answered', async () => {
    const a = await env(json(503, {}));
    const dead = await deadUrl();
    const client = track(new FailoverClient({ environments: { production: { apiUrl: a.url }, staging: { apiUrl: dead } } }));
    const error = (await client.http.request({ endpoint: '/x' }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(AllEnvironmentsFailedError);
    expect(error.message).toContain('production');
    expect(error.message).toContain('503');
    expect(error.message).toContain('staging');
    expect(error.message).toMatch(/refused|ECONNREFUSED/);
  });

  it('health checks (GET <apiUrl><path>, healthy = 2xx) run in the background, move off an unhealthy current and fail back to the preferred one', async () => {
    let prodHealthy = true;
    const prod = await env((hit, res) =>
      hit.url === '/api/status' ? json(prodHealthy ? 200 : 500, {})(hit, res) : json(200, { env: 'prod' })(hit, res),
    );
    const staging = await env();
    const client = track(
      new FailoverClient({
        environments: { production: { apiUrl: `${prod.url}/api` }, staging: { apiUrl: staging.url } },
        initialEnvironment: 'production',
        healthCheck: { path: '/status', intervalMs: 30, timeoutMs: 500, failback: true },
      }),
    );
    const changes: string[] = [];
    client.onEnvironmentChanged((to, from) => {
      changes.push(`${from}->${to}`);
    });
    await until(() => prod.hits.some((h) => h.url === '/api/status' && h.method === 'GET'));
    prodHealthy = false;
    await until(() => client.currentEnvironment === 'staging');
    prodHealthy = true;
    await until(() => client.currentEnvironment === 'production');
    expect(changes).toEqual(['production->staging', 'staging->production']);
  });
});

describe('§4 client.http', () => {
  it('request({ endpoint, method, headers, query, body, json, idempotent, signal }) → HttpResponse { status, headers, environment, text(), json(), bytes() }', async () => {
    const s = await env((hit, res) => {
      res.writeHead(201, { 'content-type': 'application/json', 'x-env': 'prod' });
      res.end(JSON.stringify({ method: hit.method, url: hit.url, body: hit.body.toString(), h: hit.headers['x-custom'], ct: hit.headers['content-type'] }));
    });
    const client = track(new FailoverClient({ environments: { production: { apiUrl: s.url } } }));
    const controller = new AbortController();
    const res: HttpResponse = await client.http.request({
      endpoint: '/orders',
      method: 'PUT',
      headers: { 'X-Custom': 'yes' },
      query: { page: 2, tags: ['a', 'b'] },
      json: { sku: 'A1' },
      idempotent: true,
      signal: controller.signal,
    });
    expect(res.status).toBe(201);
    expect(res.headers['x-env']).toBe('prod');
    expect(res.environment).toBe('production');
    const body = await res.json<{ method: string; url: string; body: string; h: string; ct: string }>();
    expect(body).toEqual({ method: 'PUT', url: '/orders?page=2&tags=a&tags=b', body: '{"sku":"A1"}', h: 'yes', ct: 'application/json' });
    expect(JSON.parse(await res.text())).toEqual(body);
    const bytes = await res.bytes();
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(bytes).toString()).toBe(await res.text());

    const raw = await client.http.request({ endpoint: 'plain', method: 'POST', body: 'hello' });
    expect((await raw.json<{ body: string }>()).body).toBe('hello');
  });

  it('signal cancels the request', async () => {
    const s = await env(later(2_000, json(200, {})));
    const client = track(new FailoverClient({ environments: { production: { apiUrl: s.url } } }));
    const controller = new AbortController();
    const pending = client.http.request({ endpoint: '/slow', signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeDefined();
  });

  describe('files', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'contract-'));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('upload({ endpoint, filePath, fieldName, fields, onProgress }) sends multipart with the fields and the file', async () => {
      const s = await env((hit, res) => json(200, { ct: hit.headers['content-type'], body: hit.body.toString() })(hit, res));
      const client = track(new FailoverClient({ environments: { production: { apiUrl: s.url } } }));
      const filePath = path.join(dir, 'contract.txt');
      await writeFile(filePath, 'file-content-123');
      const progress: number[] = [];
      const res = await client.http.upload({
        endpoint: '/documents',
        filePath,
        fieldName: 'document',
        fields: { category: 'contracts' },
        onProgress: (p) => progress.push(p.transferred),
      });
      expect(res.status).toBe(200);
      const got = await res.json<{ ct: string; body: string }>();
      expect(got.ct).toMatch(/^multipart\/form-data; boundary=/);
      expect(got.body).toContain('name="category"');
      expect(got.body).toContain('contracts');
      expect(got.body).toContain('name="document"; filename="contract.txt"');
      expect(got.body).toContain('file-content-123');
      expect(progress[progress.length - 1]).toBe(16);
    });

    it("upload is validated against each environment's maxFileSize and allowedFileTypes before any byte is sent; FileValidationError never triggers failover", async () => {
      const s = await env();
      const other = await env();
      const filePath = path.join(dir, 'big.txt');
      await writeFile(filePath, 'x'.repeat(100));
      const tooBig = track(
        new FailoverClient({
          environments: { production: { apiUrl: s.url, maxFileSize: 10 }, staging: { apiUrl: other.url } },
        }),
      );
      await expect(tooBig.http.upload({ endpoint: '/f', filePath, fieldName: 'file' })).rejects.toBeInstanceOf(FileValidationError);
      const wrongType = track(
        new FailoverClient({
          environments: { production: { apiUrl: s.url, allowedFileTypes: ['.png', 'image/jpeg'] }, staging: { apiUrl: other.url } },
        }),
      );
      await expect(wrongType.http.upload({ endpoint: '/f', filePath, fieldName: 'file' })).rejects.toBeInstanceOf(FileValidationError);
      expect(s.apiHits).toHaveLength(0);
      expect(other.apiHits).toHaveLength(0);
    });

    it('download({ endpoint, toPath, onProgress }) streams to the file; a path outside fileStoragePath is refused', async () => {
      const content = 'y'.repeat(5000);
      const s = await env((_hit, res) => {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(content.length) });
        res.end(content);
      });
      const client = track(new FailoverClient({ environments: { production: { apiUrl: s.url, fileStoragePath: dir } } }));
      const progress: number[] = [];
      const result = await client.http.download({
        endpoint: '/reports/dec',
        toPath: 'reports/dec.pdf',
        onProgress: (p) => progress.push(p.transferred),
      });
      expect(result.path).toBe(path.join(dir, 'reports', 'dec.pdf'));
      expect(await readFile(result.path, 'utf8')).toBe(content);
      expect(progress[progress.length - 1]).toBe(5000);
      const before = s.apiHits.length;
      await expect(client.http.download({ endpoint: '/r', toPath: '../escape.pdf' })).rejects.toBeInstanceOf(FileValidationError);
      await expect(client.http.download({ endpoint: '/r', toPath: path.join(os.tmpdir(), 'elsewhere.pdf') })).rejects.toBeInstanceOf(
        FileValidationError,
      );
      expect(s.apiHits.length).toBe(before);
    });
  });

  it('interceptors: { onRequest?, onResponse?, onError? }', async () => {
    const s = await env((hit, res) => json(200, { tag: hit.headers['x-tag'] })(hit, res));
    const dead = await deadUrl();
    const seen: string[] = [];
    const interceptor: HttpInterceptor = {
      onRequest: (req) => {
        req.headers['x-tag'] = 'tagged';
        seen.push(`req:${req.environment}`);
      },
      onResponse: (res, req) => {
        seen.push(`res:${req.environment}:${res.status}`);
      },
      onError: (_error, req) => {
        seen.push(`err:${req.environment}`);
      },
    };
    const client = track(
      new FailoverClient({
        environments: { production: { apiUrl: dead, interceptors: [interceptor] }, staging: { apiUrl: s.url, interceptors: [interceptor] } },
      }),
    );
    const res = await client.http.request({ endpoint: '/x' });
    expect(await res.json()).toEqual({ tag: 'tagged' });
    expect(seen).toEqual(['req:production', 'err:production', 'req:staging', 'res:staging:200']);
  });
});

describe('§4 named instances: FailoverHub', () => {
  it('createInstance / getInstance / hasInstance / removeInstance (closes it) / availableInstances / setDefaultInstance / getAllInstancesStats', async () => {
    const a = await env();
    const b = await env();
    const hub = track(new FailoverHub());
    const wallet = hub.createInstance('wallet', { environments: { production: { apiUrl: a.url } } });
    hub.createInstance('catalog', { environments: { production: { apiUrl: b.url } } });
    expect(wallet).toBeInstanceOf(FailoverClient);
    expect(hub.getInstance('wallet')).toBe(wallet);
    expect(hub.hasInstance('catalog')).toBe(true);
    expect(hub.availableInstances).toEqual(['wallet', 'catalog']);
    hub.setDefaultInstance('catalog');
    expect(hub.getInstance()).toBe(hub.getInstance('catalog'));
    const stats = hub.getAllInstancesStats();
    expect(Object.keys(stats)).toEqual(['wallet', 'catalog']);
    expect(stats.wallet.currentEnvironment).toBe('production');
    await hub.removeInstance('wallet');
    expect(hub.hasInstance('wallet')).toBe(false);
    expect(wallet.closed).toBe(true);
    await expect(wallet.http.request({ endpoint: '/x' })).rejects.toBeDefined();
    expect(hub.availableInstances).toEqual(['catalog']);
  });
});

describe('§4 environment-aware handlers and the built-in HttpRequest command', () => {
  class GetUser extends Command<{ env: string; user: unknown }> {
    constructor(readonly userId: number) {
      super();
    }
  }
  class GetUserHandler extends HttpRequestHandler<GetUser> {
    @RequestLogging({ step: 0 })
    async handle(query: GetUser) {
      const res = await this.http.request({ endpoint: `/users/${query.userId}` });
      return { env: res.environment, user: await res.json() };
    }
  }

  it('HttpRequestHandler subclasses use this.http of the FailoverClient registered in the container; registerFailoverHandlers + HttpRequest', async () => {
    const s = await env((hit, res) => json(200, { url: hit.url, method: hit.method })(hit, res));
    const client = track(new FailoverClient({ environments: { production: { apiUrl: s.url } } }));
    const container = rootContainer.createChildContainer();
    container.registerInstance(FailoverClient, client);
    const subscribers = registerFailoverHandlers(new SubscriberRegistry()).register(GetUser, GetUserHandler);
    const processor = new CommandProcessor({ subscribers, container });
    await expect(processor.send(new GetUser(7))).resolves.toEqual({
      env: 'production',
      user: { url: '/users/7', method: 'GET' },
    });
    const res: HttpResponse = await processor.send(new HttpRequest({ endpoint: '/orders', method: 'POST', json: { a: 1 } }));
    expect(res).toBeInstanceOf(HttpResponse);
    expect(await res.json()).toEqual({ url: '/orders', method: 'POST' });
  });

  it('a named instance of a FailoverHub', async () => {
    const s = await env((hit, res) => json(200, { url: hit.url })(hit, res));
    const hub = track(new FailoverHub());
    hub.createInstance('wallet', { environments: { production: { apiUrl: s.url } } });
    const container = rootContainer.createChildContainer();
    container.registerInstance(FailoverHub, hub);
    class WalletHandler extends HttpRequestHandler<GetUser> {
      static failoverInstance = 'wallet';
      async handle(query: GetUser) {
        const res = await this.http.request({ endpoint: `/wallet/${query.userId}` });
        return { env: res.environment, user: await res.json() };
      }
    }
    const processor = new CommandProcessor({ subscribers: new SubscriberRegistry().register(GetUser, WalletHandler), container });
    await expect(processor.send(new GetUser(1))).resolves.toEqual({ env: 'production', user: { url: '/wallet/1' } });
    await delay(0);
  });
});
