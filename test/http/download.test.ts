// Downloads: streamed to a temp file and renamed, non-2xx is an error, partial files never remain.
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import {
  AllEnvironmentsFailedError,
  DownloadWriteError,
  FailoverClient,
  FileValidationError,
  HttpStatusError,
} from '../../src';
import type { HttpInterceptor } from '../../src';
import { status, threeEnvConfig, useThreeEnvs, type Behaviour } from '../failover/support/env-servers';
import { bigFile, peakGrowth, tempDir } from './files-support';

const serve =
  (text: string): Behaviour =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
/** Promises 1 MB, sends 100 KB, then drops the connection. */
const interrupted: Behaviour = (req, res) => {
  res.writeHead(200, { 'content-length': 1024 * 1024 });
  res.write(Buffer.alloc(100 * 1024, 1), () => setTimeout(() => req.socket.destroy(), 10));
};

describe('client.http.download', () => {
  const three = useThreeEnvs();
  let client: FailoverClient;
  let tmp: Awaited<ReturnType<typeof tempDir>>;

  beforeEach(async () => {
    tmp = await tempDir();
    for (const e of three.envs.all) e.behave(serve(`from ${e.name}`));
  });
  afterEach(async () => {
    await tmp.cleanup();
  });
  const make = () =>
    three.client({
      environments: threeEnvConfig(three.envs, {}, { fileStoragePath: tmp.dir, timeoutMs: 1_000 }),
    });

  it('saves into fileStoragePath, creating folders, and reports progress', async () => {
    client = make();
    const seen: number[] = [];
    const result = await client.http.download({
      endpoint: '/reports/dec.txt',
      toPath: 'reports/2024/dec.txt',
      onProgress: (p) => seen.push(p.transferred),
    });
    expect(result.path).toBe(path.join(tmp.dir, 'reports/2024/dec.txt'));
    expect(await readFile(result.path, 'utf8')).toBe('from production');
    expect(result).toMatchObject({ size: 15, status: 200, environment: 'production' });
    expect(seen.at(-1)).toBe(15);
    expect(await readdir(path.join(tmp.dir, 'reports/2024'))).toEqual(['dec.txt']);
  });

  it('defaults the file name to the endpoint’s last segment', async () => {
    client = make();
    const result = await client.http.download({ endpoint: '/files/summary.csv?v=2' });
    expect(result.path).toBe(path.join(tmp.dir, 'summary.csv'));
  });

  it.each(['../escape.txt', 'a/../../escape.txt', '/etc/passwd-copy'])(
    'refuses %s (outside fileStoragePath) before any request',
    async (toPath) => {
      client = make();
      await expect(client.http.download({ endpoint: '/x', toPath })).rejects.toBeInstanceOf(
        FileValidationError,
      );
      expect(three.envs.all.flatMap((e) => e.requests)).toHaveLength(0);
    },
  );

  it('a 404 is an HttpStatusError and leaves no file; no failover', async () => {
    three.envs.production.behave(status(404));
    client = make();
    await expect(client.http.download({ endpoint: '/missing.txt' })).rejects.toBeInstanceOf(HttpStatusError);
    expect(await readdir(tmp.dir)).toEqual([]);
    expect(three.envs.staging.requests).toHaveLength(0);
  });

  it('a 503 fails over to the next environment', async () => {
    three.envs.production.behave(status(503));
    client = make();
    const result = await client.http.download({ endpoint: '/a.txt' });
    expect(await readFile(result.path, 'utf8')).toBe('from staging');
  });

  it('an interrupted download leaves no partial file; the next environment supplies the whole file', async () => {
    three.envs.production.behave(interrupted);
    client = make();
    const result = await client.http.download({ endpoint: '/a.txt' });
    expect(result.environment).toBe('staging');
    expect(await readdir(tmp.dir)).toEqual(['a.txt']);
    expect(await readFile(result.path, 'utf8')).toBe('from staging');
  });

  it('when every environment is interrupted, nothing remains on disk', async () => {
    for (const e of three.envs.all) e.behave(interrupted);
    client = make();
    await expect(client.http.download({ endpoint: '/a.txt' })).rejects.toBeInstanceOf(
      AllEnvironmentsFailedError,
    );
    expect(await readdir(tmp.dir)).toEqual([]);
  });

  it('streams 50 MB to disk: heap + buffer growth stays under 20 MB', async () => {
    const source = path.join(tmp.dir, 'source.bin');
    const size = await bigFile(source, 50);
    three.envs.production.behave((_req, res) => {
      res.writeHead(200, { 'content-length': size });
      createReadStream(source).pipe(res);
    });
    client = make();
    const { result, growthBytes, samples } = await peakGrowth((progress) =>
      client.http.download({
        endpoint: '/big.bin',
        toPath: 'out/big.bin',
        onProgress: (p) => progress(p.transferred),
      }),
    );
    expect(samples).toBeGreaterThanOrEqual(8); // measured during the transfer, not just around it
    expect(result.size).toBe(size);
    expect((await stat(result.path)).size).toBe(size);
    expect(growthBytes).toBeLessThan(20 * 1024 * 1024);
  });

  describe('a file that cannot be written is a DownloadWriteError, not a failed attempt', () => {
    const strict = () =>
      three.client({
        environments: threeEnvConfig(three.envs, {}, { fileStoragePath: tmp.dir, timeoutMs: 1_000 }),
        circuitBreaker: { consecutiveFailures: 1, halfOpenAfterMs: 60_000 },
      });
    const circuits = () => Object.values(client.getStats().environments).map((e) => e.circuit);

    it('a folder that cannot be created: nothing is sent, no breaker opens, the next GET works', async () => {
      await writeFile(path.join(tmp.dir, 'blocker'), 'a regular file, not a folder');
      client = strict();
      const error = await client.http
        .download({ endpoint: '/a.txt', toPath: 'blocker/sub/a.txt' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DownloadWriteError);
      expect((error as DownloadWriteError).filePath).toBe(path.join(tmp.dir, 'blocker/sub/a.txt'));
      expect(((error as Error).cause as NodeJS.ErrnoException).code).toBe('ENOTDIR');
      expect(three.envs.all.flatMap((e) => e.requests)).toHaveLength(0); // refused before sending
      expect(circuits()).toEqual(['closed', 'closed', 'closed']);
      expect(client.getStats().environments.production.failures).toBe(0);
      expect(client.currentEnvironment).toBe('production');
      const res = await client.http.request({ endpoint: '/after' });
      expect(res.environment).toBe('production');
    });

    it('a failed rename after the body arrived: no failover, no temporary file left', async () => {
      // The target is a non-empty folder: the temporary file cannot be renamed over it.
      await mkdir(path.join(tmp.dir, 'taken'));
      await writeFile(path.join(tmp.dir, 'taken', 'keep.txt'), 'x');
      client = strict();
      await expect(client.http.download({ endpoint: '/a.txt', toPath: 'taken' })).rejects.toBeInstanceOf(
        DownloadWriteError,
      );
      expect(three.envs.production.hits).toHaveLength(1);
      expect(three.envs.staging.requests).toHaveLength(0);
      expect(circuits()).toEqual(['closed', 'closed', 'closed']);
      expect(await readdir(tmp.dir)).toEqual(['taken']);
      expect((await client.http.download({ endpoint: '/b.txt' })).environment).toBe('production');
    });
  });

  it('interceptors’ onResponse sees every download response, 5xx too (status and headers, empty body)', async () => {
    three.envs.production.behave(status(503));
    const seen: string[] = [];
    const tracing: HttpInterceptor = {
      onResponse: async (res, req) => {
        seen.push(
          `${req.environment} ${res.status} ${res.headers['content-type']} ${(await res.bytes()).length}`,
        );
      },
    };
    client = three.client({
      environments: threeEnvConfig(three.envs, {}, { fileStoragePath: tmp.dir, timeoutMs: 1_000 }),
      interceptors: [tracing],
    });
    const result = await client.http.download({ endpoint: '/a.txt' });
    expect(result.environment).toBe('staging');
    expect(seen).toEqual(['production 503 application/json 0', 'staging 200 text/plain 0']);
  });
});
