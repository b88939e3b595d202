// Runs the samples: `npm run sample -- NAME` runs one, `--all` runs every one (CI does), no
// argument lists them. Each sample is its own process so they cannot disturb one another.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const here = __dirname; // dist/samples
const available = readdirSync(here, { withFileTypes: true })
  .filter(
    (d) =>
      d.isDirectory() &&
      d.name !== 'demo' &&
      d.name !== 'shared' &&
      existsSync(join(here, d.name, 'main.js')),
  )
  .map((d) => d.name)
  .sort();

const args = process.argv.slice(2);
const chosen = args.includes('--all') ? available : args.filter((a) => !a.startsWith('-'));

if (chosen.length === 0) {
  console.log(`Samples: ${available.join(', ')}\nRun one with: npm run sample -- <name>   (or --all)`);
  process.exit(0);
}

let failed = 0;
for (const name of chosen) {
  if (!available.includes(name)) {
    console.error(`No sample called "${name}". Samples: ${available.join(', ')}`);
    failed++;
    continue;
  }
  console.log(`\n── sample: ${name} ──`);
  const run = spawnSync(process.execPath, [join(here, name, 'main.js')], {
    stdio: 'inherit',
    timeout: 60_000,
  });
  if (run.status !== 0) {
    console.error(`sample ${name} failed (${run.signal ?? `exit ${run.status}`})`);
    failed++;
  }
}
console.log(`\n${chosen.length - failed} of ${chosen.length} samples ran cleanly.`);
process.exit(failed ? 1 : 0);
