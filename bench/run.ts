// `npm run bench [-- name …]`: runs every built bench (dist/bench/<name>/main.js) in its own
// `node --expose-gc` child process, one after another, streaming its output. With names, runs only
// those. Exits non-zero when a bench fails (or a named bench does not exist). Each bench that
// succeeds has its output written into docs/benchmarks.md ("Latest run"); `--no-docs` skips that.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchBlock, writeBenchBlock } from './shared/docs-writer';

const DOC = path.join(__dirname, '..', '..', 'docs', 'benchmarks.md');

/** Benches in the order they run; anything else found in dist/bench runs after them, by name. */
const PREFERRED_ORDER = ['dispatch', 'failover', 'socket', 'server'];

/** The built benches next to this file (dist/bench/<name>/main.js). */
function findBenches(root: string): string[] {
  const found = readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(root, entry.name, 'main.js')))
    .map((entry) => entry.name);
  const rank = (name: string) => {
    const i = PREFERRED_ORDER.indexOf(name);
    return i === -1 ? PREFERRED_ORDER.length : i;
  };
  return found.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Runs one bench, its stdout shown as it comes and kept; resolves with its exit code and output. */
function runBench(root: string, name: string): Promise<{ code: number; output: string }> {
  const script = path.join(root, name, 'main.js');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      process.stdout.write(chunk);
    });
    child.on('error', (error) => {
      console.error(`bench ${name}: could not start: ${error.message}`);
      resolve({ code: 1, output: '' });
    });
    child.on('close', (code, signal) =>
      resolve({
        code: code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1),
        output: Buffer.concat(chunks).toString('utf8'),
      }),
    );
  });
}

async function main(): Promise<number> {
  const root = __dirname;
  const available = findBenches(root);
  const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const writeDocs = !process.argv.includes('--no-docs') && existsSync(DOC);
  const unknown = wanted.filter((name) => !available.includes(name));
  if (unknown.length > 0) {
    console.error(
      `unknown bench: ${unknown.join(', ')}; available: ${available.join(', ') || 'none (run npm run build)'}`,
    );
    return 2;
  }
  const selected = wanted.length > 0 ? available.filter((name) => wanted.includes(name)) : available;
  if (selected.length === 0) {
    console.error(`no benches found under ${root} (each is <name>/main.js; run npm run build)`);
    return 2;
  }

  const failed: string[] = [];
  for (const name of selected) {
    console.log(`\n=== bench ${name} — node ${process.version}, ${os.cpus().length} CPUs ===\n`);
    const started = new Date();
    const { code, output } = await runBench(root, name);
    const seconds = ((Date.now() - started.getTime()) / 1000).toFixed(1);
    if (code === 0) {
      console.log(`\n=== bench ${name}: done in ${seconds} s ===`);
      if (writeDocs) writeBenchBlock(DOC, name, benchBlock(name, output, seconds, started));
    } else {
      console.error(`\n=== bench ${name}: FAILED (exit ${code}) after ${seconds} s ===`);
      failed.push(name);
    }
  }
  if (failed.length > 0)
    console.error(`\n${failed.length} of ${selected.length} benches failed: ${failed.join(', ')}`);
  return failed.length > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
