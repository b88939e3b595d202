// Sample 6 — file upload with validation, and download to a path, with progress. Uploads are
// checked against the receiving environment's `maxFileSize` and `allowedFileTypes` before a byte
// is sent, and streamed from disk; downloads stream to a temporary file that is renamed into place
// (inside `fileStoragePath`, and nowhere else) once complete.
import 'reflect-metadata';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { FailoverClient, FastResponse, FileValidationError, Router, type TransferProgress } from '../../src';
import { startLocalServer } from '../shared/local-server';

/** Prints a bar at 25, 50, 75 and 100 %: enough to see it move without a line per chunk. */
function progressPrinter(label: string): (p: TransferProgress) => void {
  let next = 25;
  return (p) => {
    const pct = p.total ? Math.floor((p.transferred / p.total) * 100) : 0;
    while (pct >= next && next <= 100) {
      const filled = Math.round(next / 5);
      console.log(
        `   ${label} [${'#'.repeat(filled)}${'.'.repeat(20 - filled)}] ${String(next).padStart(3)}%  ${p.transferred} B to/from ${p.environment}`,
      );
      next += 25;
    }
  };
}

const REPORT_BYTES = 3 * 1024 * 1024;

async function main() {
  const work = await mkdtemp(path.join(os.tmpdir(), 'matryoshka-files-'));
  const storage = path.join(work, 'downloads');

  const router = new Router()
    .get('/health', () => new FastResponse('ok'))
    .post('/documents', async (request) => {
      const form = await request.formData();
      const file = form.get('document');
      if (!(file instanceof File)) return FastResponse.json({ error: 'no document' }, { status: 400 });
      return FastResponse.json(
        { stored: file.name, bytes: file.size, category: form.get('category') },
        { status: 201 },
      );
    })
    .get('/reports/:name', () => {
      // A 3 MiB report, streamed in 64 KiB chunks.
      const chunk = new Uint8Array(64 * 1024).fill(0x2e);
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent >= REPORT_BYTES) return controller.close();
          controller.enqueue(chunk);
          sent += chunk.byteLength;
        },
      });
      return new Response(body, {
        headers: { 'content-type': 'application/pdf', 'content-length': String(REPORT_BYTES) },
      });
    });
  const server = await startLocalServer('production', router.handler, { maxBodyBytes: 2 * 1024 * 1024 });

  const client = new FailoverClient({
    environments: {
      production: {
        apiUrl: server.url,
        apiKey: 'files-key-not-a-secret',
        maxFileSize: 512 * 1024,
        allowedFileTypes: ['.pdf', '.txt', 'image/png'],
        fileStoragePath: storage,
      },
    },
  });

  const contract = path.join(work, 'contract.pdf');
  const tooBig = path.join(work, 'scan.pdf');
  const program = path.join(work, 'setup.exe');
  await writeFile(contract, Buffer.alloc(300 * 1024, 'a'));
  await writeFile(tooBig, Buffer.alloc(900 * 1024, 'b'));
  await writeFile(program, 'MZ not really a program');

  console.log('1. upload contract.pdf (300 KiB) with a form field:');
  const res = await client.http.upload({
    endpoint: '/documents',
    filePath: contract,
    fieldName: 'document',
    fields: { category: 'contracts' },
    onProgress: progressPrinter('upload  '),
  });
  console.log(`   → ${res.status} ${await res.text()}`);

  console.log('2. refused before sending (FileValidationError, no failover):');
  for (const file of [tooBig, program, path.join(work, 'missing.pdf')]) {
    try {
      await client.http.upload({ endpoint: '/documents', filePath: file, fieldName: 'document' });
      throw new Error(`${file} should have been refused`);
    } catch (error) {
      if (!(error instanceof FileValidationError)) throw error;
      console.log(`   ${path.basename(file)}: ${error.message.replace(work, '<tmp>')}`);
    }
  }

  console.log('3. download a 3 MiB report to reports/2024-12.pdf inside fileStoragePath:');
  const saved = await client.http.download({
    endpoint: '/reports/2024-12',
    toPath: 'reports/2024-12.pdf',
    onProgress: progressPrinter('download'),
  });
  console.log(
    `   → saved ${saved.size} bytes at ${path.relative(work, saved.path)} (on disk: ${(await stat(saved.path)).size} bytes)`,
  );

  console.log('4. a download path outside fileStoragePath is refused:');
  try {
    await client.http.download({ endpoint: '/reports/2024-12', toPath: '../../etc/evil.pdf' });
    throw new Error('the escape should have been refused');
  } catch (error) {
    if (!(error instanceof FileValidationError)) throw error;
    console.log(`   ${error.message.replace(work, '<tmp>')}`);
  }

  await client.close();
  await server.close();
  await rm(work, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
