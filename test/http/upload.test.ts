// Uploads: validated before any byte is sent, streamed from disk, multipart encoded, with progress.
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { FailoverClient, FileValidationError } from '../../src';
import type { TransferProgress } from '../../src';
import {
  refusingUrl,
  startEnv,
  stopAll,
  threeEnvConfig,
  useThreeEnvs,
} from '../failover/support/env-servers';
import { bigFile, peakGrowth, tempDir } from './files-support';

describe('client.http.upload', () => {
  const three = useThreeEnvs();
  let connections: Record<string, number>;
  let client: FailoverClient;
  let tmp: Awaited<ReturnType<typeof tempDir>>;

  beforeEach(async () => {
    tmp = await tempDir();
    connections = {};
    for (const e of three.envs.all)
      e.server.on('connection', () => (connections[e.name] = (connections[e.name] ?? 0) + 1));
  });
  afterEach(async () => {
    await tmp.cleanup();
  });
  const make = (production: object = {}, productionUrl?: string) =>
    three.client({
      environments: threeEnvConfig(three.envs, {
        production: { apiUrl: productionUrl ?? three.envs.production.url, ...production },
      }),
    });

  it('sends multipart/form-data: fields first, then the file with its name and type', async () => {
    const file = path.join(tmp.dir, 'report.txt');
    await writeFile(file, 'hello file');
    client = make();
    const progress: TransferProgress[] = [];
    const res = await client.http.upload({
      endpoint: '/files',
      filePath: file,
      fieldName: 'document',
      fields: { category: 'contracts' },
      onProgress: (p) => progress.push(p),
    });
    expect(res.status).toBe(200);
    const hit = three.envs.production.hits[0];
    expect(hit.method).toBe('POST');
    const boundary = /boundary=(.+)$/.exec(hit.headers['content-type']!)![1];
    expect(Number(hit.headers['content-length'])).toBe(Buffer.byteLength(hit.body));
    const parts = hit.body.split(`--${boundary}`);
    expect(parts[1]).toContain('name="category"');
    expect(parts[1]).toContain('contracts');
    expect(parts[2]).toContain('name="document"; filename="report.txt"');
    expect(parts[2]).toContain('content-type: text/plain');
    expect(parts[2]).toContain('\r\n\r\nhello file\r\n');
    expect(parts[3]).toBe('--\r\n');
    expect(progress.at(-1)).toEqual({ environment: 'production', transferred: 10, total: 10 });
  });

  it.each([
    ['a missing file', {}, 'missing.pdf', /not found/],
    ['a file over maxFileSize', { maxFileSize: 5 }, 'big.pdf', /limit is 5/],
    [
      'a type not in allowedFileTypes',
      { allowedFileTypes: ['.png', 'image/jpeg'] },
      'doc.pdf',
      /not allowed/,
    ],
  ])(
    '%s is refused before any byte is sent (no connection at all)',
    async (_label, production, name, message) => {
      if (name !== 'missing.pdf') await writeFile(path.join(tmp.dir, name), 'x'.repeat(100));
      client = make(production);
      const error = await client.http
        .upload({ endpoint: '/files', filePath: path.join(tmp.dir, name), fieldName: 'f' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FileValidationError);
      expect((error as Error).message).toMatch(message);
      expect(connections).toEqual({}); // validation failures never trigger failover either
    },
  );

  it('allowedFileTypes accepts extensions with or without a dot and MIME wildcards', async () => {
    const file = path.join(tmp.dir, 'photo.PNG');
    await writeFile(file, 'png');
    client = make({ allowedFileTypes: ['jpg', 'image/*'] });
    expect((await client.http.upload({ endpoint: '/f', filePath: file, fieldName: 'f' })).status).toBe(200);
  });

  it('moves on from a refusing environment and sends the whole file again there', async () => {
    const file = path.join(tmp.dir, 'a.txt');
    await writeFile(file, 'abc');
    client = make({}, await refusingUrl());
    const res = await client.http.upload({ endpoint: '/files', filePath: file, fieldName: 'f' });
    expect(res.environment).toBe('staging');
    expect(three.envs.staging.hits[0].body).toContain('\r\n\r\nabc\r\n');
  });

  it('streams a 50 MB file from disk: heap + buffer growth stays under 20 MB', async () => {
    const big = await startEnv(
      'big',
      (req, res) => {
        let received = 0;
        req.on('data', (c: Buffer) => (received += c.length));
        req.on('end', () => res.end(String(received)));
      },
      false,
    );
    const file = path.join(tmp.dir, 'big.bin');
    const size = await bigFile(file, 50);
    client = three.client({
      environments: threeEnvConfig(three.envs, { production: { apiUrl: big.url, timeoutMs: 5_000 } }),
    });
    let last = 0;
    try {
      const { result, growthBytes, samples } = await peakGrowth((progress) =>
        client.http.upload({
          endpoint: '/big',
          filePath: file,
          fieldName: 'f',
          onProgress: (p) => {
            last = p.transferred;
            progress(p.transferred);
          },
        }),
      );
      expect(samples).toBeGreaterThanOrEqual(8); // measured during the transfer, not just around it
      expect(Number(await result.text())).toBeGreaterThan(size);
      expect(last).toBe(size);
      expect(growthBytes).toBeLessThan(20 * 1024 * 1024);
    } finally {
      await stopAll([big]);
    }
  });
});
