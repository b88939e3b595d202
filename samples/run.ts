// Runs the samples: no argument lists them with a line on each, `npm run sample -- NAME [NAME…]`
// runs those, `--all` runs every one (CI does). Each sample is its own process so they cannot
// disturb one another.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { catalogue, listing, notSamples, unknownSamples } from './catalogue';

const here = __dirname; // dist/samples
const found = readdirSync(here, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !notSamples.includes(d.name) && existsSync(join(here, d.name, 'main.js')))
  .map((d) => d.name);
// Catalogue order first (the docs' numbering), then any sample it does not know yet.
const available = [
  ...Object.keys(catalogue).filter((name) => found.includes(name)),
  ...found.filter((name) => !(name in catalogue)).sort(),
];

const args = process.argv.slice(2);
const chosen = args.includes('--all') ? available : args.filter((a) => !a.startsWith('-'));

if (chosen.length === 0) {
  console.log(listing(available));
  process.exit(0);
}
const unknown = unknownSamples(chosen, available);
if (unknown !== undefined) {
  console.error(unknown);
  process.exit(2);
}

let failed = 0;
for (const name of chosen) {
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
