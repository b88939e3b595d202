// Installs from the lock file only when node_modules does not match it, so `npm test` and
// `npm run demo` install on a fresh clone (or after package-lock.json changed) and start at once
// otherwise. Plain CommonJS on purpose: it runs before anything is installed or built.
//
//   node scripts/ensure-install.js [--dry-run]   (--dry-run says what it would do, changes nothing)
//
// After a successful `npm ci` it writes the SHA-256 of package-lock.json to
// node_modules/.matryoshka-lock-hash. Next time:
//   - the stamp holds the lock file's hash: nothing to do;
//   - the stamp holds another hash: the lock file changed since, so `npm ci`;
//   - no stamp (node_modules installed by hand or by CI): every package the lock file lists must be
//     installed at its version (read from node_modules/<path>/package.json; optional packages such
//     as other platforms' binaries may be missing). If so the stamp is written, else `npm ci`.
//     npm's own node_modules/.package-lock.json is not trusted: `npm i --package-lock-only`
//     rewrites it without installing anything.
const { createHash } = require('node:crypto');
const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const lockPath = join(root, 'package-lock.json');
const stampPath = join(root, 'node_modules', '.matryoshka-lock-hash');

function lockHash() {
  return createHash('sha256').update(readFileSync(lockPath)).digest('hex');
}

/** Why node_modules does not match the lock file, or null when it does. */
function mismatch(hash) {
  if (!existsSync(join(root, 'node_modules'))) return 'no node_modules';
  if (existsSync(stampPath)) {
    return readFileSync(stampPath, 'utf8').trim() === hash
      ? null
      : 'package-lock.json changed since the last install';
  }
  const wanted = JSON.parse(readFileSync(lockPath, 'utf8')).packages || {};
  for (const [path, entry] of Object.entries(wanted)) {
    if (path === '' || entry.link) continue;
    const file = join(root, path, 'package.json');
    if (!existsSync(file)) {
      if (entry.optional) continue;
      return `${path} is not installed`;
    }
    const version = JSON.parse(readFileSync(file, 'utf8')).version;
    if (version !== entry.version) return `${path} is ${version}, the lock file says ${entry.version}`;
  }
  return null;
}

const hash = lockHash();
const reason = mismatch(hash);
const dryRun = process.argv.includes('--dry-run');
if (reason === null) {
  if (dryRun) console.log('node_modules matches package-lock.json: nothing to install');
  else if (!existsSync(stampPath)) writeFileSync(stampPath, hash + '\n');
  process.exit(0);
}
if (dryRun) {
  console.log(`would run npm ci: ${reason}`);
  process.exit(0);
}
console.log(`Installing from package-lock.json (${reason}): npm ci`);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], {
  cwd: root,
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
if (run.status !== 0) process.exit(run.status || 1);
writeFileSync(stampPath, hash + '\n');
