// Sample 3 — HTTP interceptors: logging, metrics and a GET cache. Interceptors see every attempt
// in every environment (client-wide ones first, then the environment's own) and never see the
// credentials, which are added after them. Production is a dead port here, so onError fires and
// the request moves to staging. The cache is a conditional GET: onRequest adds If-None-Match,
// onResponse stores 200 bodies with their ETag and serves the stored body on a 304.
import 'reflect-metadata';
import {
  FailoverClient,
  FastResponse,
  Router,
  type HttpInterceptor,
  type HttpResponse,
  type OutgoingRequest,
} from '../../src';
import { startLocalServer } from '../shared/local-server';

/** Logging: one line per attempt and per answer. */
const logging: HttpInterceptor = {
  onRequest: (req) =>
    console.log(
      `   → ${req.method} ${new URL(req.url).pathname} to ${req.environment} (attempt ${req.attempt})`,
    ),
  onResponse: (res, req) => console.log(`   ← ${res.status} from ${req.environment}`),
  onError: (error, req) => console.log(`   ✗ ${req.environment}: ${error.message}`),
};

/** Metrics: counts per environment, method and outcome, and time to answer. */
class MetricsInterceptor implements HttpInterceptor {
  readonly counts = new Map<string, number>();
  private readonly started = new WeakMap<OutgoingRequest, number>();
  readonly latencies: number[] = [];

  onRequest(req: OutgoingRequest): void {
    this.started.set(req, performance.now());
  }
  onResponse(res: HttpResponse, req: OutgoingRequest): void {
    this.count(`${req.environment} ${req.method} ${res.status}`);
    this.latencies.push(performance.now() - (this.started.get(req) ?? performance.now()));
  }
  onError(_error: Error, req: OutgoingRequest): void {
    this.count(`${req.environment} ${req.method} error`);
  }
  private count(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
}

/**
 * A GET cache by revalidation. Interceptors cannot answer in place of the server, so the cache asks
 * the server "has it changed?" (If-None-Match) and, on a 304 Not Modified, `body(res)` hands back
 * the stored copy: the bytes cross the network once.
 */
class CacheInterceptor implements HttpInterceptor {
  private readonly entries = new Map<string, { etag: string; body: string }>();
  private readonly hits = new WeakMap<HttpResponse, string>();
  hitCount = 0;

  private key(req: OutgoingRequest): string {
    const url = new URL(req.url);
    return url.pathname + url.search; // not the host: the same resource in every environment
  }
  onRequest(req: OutgoingRequest): void {
    const entry = req.method === 'GET' ? this.entries.get(this.key(req)) : undefined;
    if (entry) req.headers['if-none-match'] = entry.etag;
  }
  async onResponse(res: HttpResponse, req: OutgoingRequest): Promise<void> {
    if (req.method !== 'GET') return;
    const key = this.key(req);
    const etag = res.headers.etag;
    if (res.status === 200 && typeof etag === 'string')
      this.entries.set(key, { etag, body: await res.text() });
    if (res.status === 304 && this.entries.has(key)) {
      this.hits.set(res, this.entries.get(key)!.body);
      this.hitCount++;
    }
  }
  /** The response's body, or the cached one when the server said 304. */
  async body(res: HttpResponse): Promise<string> {
    return this.hits.get(res) ?? res.text();
  }
}

async function main() {
  let fullBodies = 0;
  const catalog: Record<string, { name: string; version: number }> = {
    '1': { name: 'Teapot', version: 1 },
    '2': { name: 'Kettle', version: 1 },
  };
  const router = new Router()
    .get('/health', () => new FastResponse('ok'))
    .get('/products/:id', (request, info) => {
      const product = catalog[info.params.id];
      if (!product) return FastResponse.json({ error: 'no such product' }, { status: 404 });
      const etag = `"${info.params.id}-v${product.version}"`;
      if (request.headers.get('if-none-match') === etag)
        return new FastResponse(null, { status: 304, headers: { etag } });
      fullBodies++;
      return FastResponse.json(product, { headers: { etag } });
    });
  const staging = await startLocalServer('staging', router.handler);
  const deadProduction = await startLocalServer('production', () => new FastResponse('never'));
  await deadProduction.kill(); // a port that refuses: onError, then failover

  const metrics = new MetricsInterceptor();
  const cache = new CacheInterceptor();
  const client = new FailoverClient({
    environments: {
      production: { apiUrl: deadProduction.url, apiKey: 'prod-key-not-a-secret', interceptors: [cache] },
      staging: { apiUrl: staging.url, apiKey: 'staging-key-not-a-secret', interceptors: [cache] },
    },
    initialEnvironment: 'production',
    interceptors: [logging, metrics], // every environment, before its own
  });

  const get = async (id: string): Promise<string> =>
    cache.body(await client.http.request({ endpoint: `/products/${id}` }));

  console.log('1. first GET: production refuses, staging answers 200 with an ETag');
  console.log(`   body: ${await get('1')}`);
  console.log('2. same GET twice more: 304 Not Modified, body from the cache');
  console.log(`   body: ${await get('1')}`);
  console.log(`   body: ${await get('1')}`);
  catalog['1'].version = 2;
  catalog['1'].name = 'Teapot (blue)';
  console.log('3. the product changed: the ETag no longer matches, a fresh 200');
  console.log(`   body: ${await get('1')}`);
  console.log('4. a 404 is an answer, not a failure: no failover');
  await get('9');

  console.log(`\nmetrics: ${JSON.stringify(Object.fromEntries(metrics.counts))}`);
  const sorted = [...metrics.latencies].sort((a, b) => a - b);
  console.log(
    `answer times: p50 ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} ms over ${sorted.length} answers`,
  );
  console.log(`cache: ${cache.hitCount} hits; the server sent ${fullBodies} full bodies for 5 GETs`);

  await client.close();
  await staging.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
