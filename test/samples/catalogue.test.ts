// `npm run sample` describes every sample: each folder under samples/ with a main.ts has a line
// in the catalogue, and the catalogue names no folder that is gone.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { catalogue, listing, notSamples, unknownSamples } from '../../samples/catalogue';

const samplesDir = join(__dirname, '../../samples');
const folders = readdirSync(samplesDir, { withFileTypes: true })
  .filter(
    (d) => d.isDirectory() && !notSamples.includes(d.name) && existsSync(join(samplesDir, d.name, 'main.ts')),
  )
  .map((d) => d.name)
  .sort();

describe('sample catalogue', () => {
  it('describes exactly the sample folders', () => {
    expect(Object.keys(catalogue).sort()).toEqual(folders);
  });

  it('gives each one line that fits 80 columns next to its name', () => {
    const width = Math.max(...folders.map((name) => name.length));
    for (const line of Object.values(catalogue)) {
      expect(line).not.toContain('\n');
      expect(2 + width + 2 + line.length).toBeLessThanOrEqual(80);
    }
  });

  it('lists every sample with its description', () => {
    const lines = listing(folders).split('\n');
    const width = Math.max(...folders.map((name) => name.length));
    for (const name of folders) expect(lines).toContain(`  ${name.padEnd(width)}  ${catalogue[name]}`);
  });

  it('says which samples exist when a name is unknown', () => {
    expect(unknownSamples(['decorated-handler'], folders)).toBeUndefined();
    const message = unknownSamples(['nope', 'decorated-handler'], folders);
    expect(message).toContain('No sample called "nope".');
    for (const name of folders) expect(message).toContain(name);
    expect(message).not.toMatch(/ran cleanly/);
  });
});
