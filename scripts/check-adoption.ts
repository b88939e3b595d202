// The adoption check (issue 11), run by CI after the build: do what a new user does. Pack this
// package, install the tarball into a fresh temp project with reflect-metadata, TypeScript 5.9,
// the newest TypeScript and @types/node (from the npm registry, --prefer-offline), write the
// README's tsconfig and example, compile them with skipLibCheck off, run them as CommonJS and as
// ESM, and compare what they print with the README's output block.
//
//   node dist/scripts/check-adoption.js [--keep]     (--keep leaves the temp project in place)
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..'); // dist/scripts → repository root
const docs = ['README.md', 'docs/getting-started.md'];
const compilers = [
  { label: 'TypeScript 5.9', pkg: 'typescript', spec: 'typescript@~5.9', expect: /^Version 5\.9\./ },
  {
    label: 'newest TypeScript',
    pkg: 'typescript-newest',
    spec: 'typescript-newest@npm:typescript@latest',
    expect: /^Version /,
  },
];
const moduleTypes = ['commonjs', 'module'] as const;

interface Blocks {
  tsconfig: string;
  example: string;
  output: string;
}

/** The blocks marked `<!-- adoption-check: NAME -->` in a doc: the fenced block right after each marker. */
function readBlocks(file: string): Blocks {
  const text = readFileSync(join(root, file), 'utf8');
  const found: Record<string, string> = {};
  for (const m of text.matchAll(/<!-- adoption-check: (\w+) -->\s*```\w*\n([\s\S]*?)\n```/g))
    found[m[1]] = m[2];
  for (const name of ['tsconfig', 'example', 'output']) {
    if (found[name] === undefined)
      throw new Error(`${file}: no block marked <!-- adoption-check: ${name} -->`);
  }
  return found as unknown as Blocks;
}

function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0)
    throw new Error(
      `${cmd} ${args.join(' ')} failed (${r.signal ?? `exit ${r.status}`}):\n${r.stdout}${r.stderr}`,
    );
  return r.stdout;
}

/** `npm pack` into `dir`; the tarball must hold LICENSE and README and no source map. */
function pack(dir: string): string {
  const [info] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir], root)) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  const paths = info.files.map((f) => f.path);
  const maps = paths.filter((p) => p.endsWith('.map'));
  if (maps.length > 0) throw new Error(`the tarball ships ${maps.length} source maps (${maps[0]}, …)`);
  for (const needed of ['LICENSE', 'README.md', 'package.json']) {
    if (!paths.includes(needed)) throw new Error(`the tarball has no ${needed}`);
  }
  console.log(`packed ${info.filename}: ${paths.length} files, no source maps, LICENSE included`);
  return join(dir, info.filename);
}

/** Installs what the README's install line names (the tarball for the package); no EBADENGINE on this Node. */
function install(dir: string, tarball: string): void {
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'adoption-check', private: true }));
  const specs = [tarball, 'reflect-metadata', '@types/node', ...compilers.map((c) => c.spec)];
  const flags = ['--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=warn'];
  const r = spawnSync('npm', ['install', ...flags, ...specs], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0 || /EBADENGINE/.test(r.stderr)) {
    throw new Error(`npm install in ${dir} (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  }
}

interface Outcome {
  ok: boolean;
  line: string;
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/** Runs a child to its end; killed after 3 minutes (a loaded machine is slow; a hang is a failure). */
function exec(cmd: string, args: string[], cwd: string): Promise<Exit> {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd, timeout: 180_000 });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    child.on('close', (code, signal) => done({ code, signal, out, err }));
  });
}

/** One project: `"type"` set, the README's tsconfig (skipLibCheck off) and example; compile, run, compare. */
async function tryOne(
  base: string,
  blocks: Blocks,
  compiler: (typeof compilers)[number],
  type: string,
): Promise<Outcome> {
  const dir = join(base, `${compiler.pkg}-${type}`);
  mkdirSync(join(dir, 'src'), { recursive: true });
  const tsconfig = JSON.parse(blocks.tsconfig) as { compilerOptions: Record<string, unknown> };
  tsconfig.compilerOptions.skipLibCheck = false;
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `adoption-${type}`, private: true, type }));
  writeFileSync(join(dir, 'src/main.ts'), blocks.example + '\n');
  const tsc = join(base, 'node_modules', compiler.pkg, 'bin/tsc');
  const version = (await exec(process.execPath, [tsc, '--version'], dir)).out.trim();
  const what = `${version.replace('Version ', 'TypeScript ')}, "type": "${type}"`;
  if (!compiler.expect.test(version)) return { ok: false, line: `${what}: expected ${compiler.label}` };
  const started = Date.now();
  const compiled = await exec(process.execPath, [tsc, '-p', '.'], dir);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (compiled.code !== 0) {
    const how = compiled.signal ?? `exit ${compiled.code}`;
    return { ok: false, line: `${what}: tsc failed (${how})\n${compiled.out}${compiled.err}` };
  }
  const ran = await exec(process.execPath, ['dist/main.js'], dir);
  const out = ran.out.replace(/\n$/, '');
  if (ran.code !== 0 || ran.err !== '' || out !== blocks.output) {
    return {
      ok: false,
      line: `${what}: node dist/main.js ended with ${ran.signal ?? `exit ${ran.code}`}, printed:\n${ran.out}${ran.err}`,
    };
  }
  return { ok: true, line: `${what}: compiled in ${seconds} s, printed the README's output` };
}

async function main(): Promise<void> {
  const started = Date.now();
  const [blocks, ...others] = docs.map(readBlocks);
  others.forEach((b, i) => {
    for (const k of ['tsconfig', 'example', 'output'] as const) {
      if (b[k] !== blocks[k]) throw new Error(`${docs[i + 1]}: the ${k} block differs from README.md's`);
    }
  });
  const base = mkdtempSync(join(tmpdir(), 'matryoshka-adoption-'));
  let ok = false;
  try {
    const tarball = pack(base);
    install(base, tarball);
    console.log(`installed into ${base} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    const jobs = compilers.flatMap((c) => moduleTypes.map((t) => () => tryOne(base, blocks, c, t)));
    const outcomes: Outcome[] = [];
    // Two at a time: the machine has two cores.
    for (let i = 0; i < jobs.length; i += 2)
      outcomes.push(...(await Promise.all(jobs.slice(i, i + 2).map((j) => j()))));
    for (const o of outcomes) console.log(`${o.ok ? 'ok  ' : 'FAIL'} ${o.line}`);
    const passed = outcomes.filter((o) => o.ok).length;
    ok = passed === outcomes.length;
    console.log(
      `adoption check: ${passed} of ${outcomes.length} passed in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  } finally {
    if (ok && !process.argv.includes('--keep')) rmSync(base, { recursive: true, force: true });
    else console.log(`temp project left in ${base}`);
  }
  process.exitCode = ok ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(`adoption check failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
