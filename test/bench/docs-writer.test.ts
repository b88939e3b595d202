import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchBlock, targetLines, writeBenchBlock } from '../../bench/shared/docs-writer';

const OUTPUT = [
  'dispatch: node v20, 2 CPUs',
  '| contender | ops/s |',
  '  PASS  4 no-op steps ≤ 1.5× the hand-written chain: 1.40× CPU time',
  'FAIL  ours, new Response (default) ≥ 1× fastify: 0.53×',
  'c=1: client ÷ Pool throughput 0.99× (target ≥ 0.95×: met); CPU per request 1.02×',
  'end to end, post → handled: 5,209 messages/s',
].join('\n');

function tempDoc(text: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-doc-')), 'benchmarks.md');
  writeFileSync(file, text);
  return file;
}

describe('docs-writer', () => {
  it('picks the PASS/FAIL and "(target …)" lines out of what a bench printed', () => {
    expect(targetLines(OUTPUT)).toEqual([
      'PASS  4 no-op steps ≤ 1.5× the hand-written chain: 1.40× CPU time',
      'FAIL  ours, new Response (default) ≥ 1× fastify: 0.53×',
      'c=1: client ÷ Pool throughput 0.99× (target ≥ 0.95×: met); CPU per request 1.02×',
    ]);
  });

  it('a block carries the command, the date, the target lines and the whole output', () => {
    const block = benchBlock('dispatch', OUTPUT, '40.1', new Date('2026-11-30T23:40:00Z'));
    expect(block).toContain('Command: `npm run bench -- dispatch` · 2026-11-30 23:40 UTC · 40.1 s · node ');
    expect(block).toContain('- FAIL  ours, new Response (default) ≥ 1× fastify: 0.53×');
    expect(block).toContain('```text\n' + OUTPUT + '\n```');
  });

  it('adds a bench once under the generated section, then replaces only its own block', () => {
    const doc = tempDoc('# Benchmarks\n\nintro\n\n## Dispatch (bench/dispatch)\n\nhand-written history\n');
    writeBenchBlock(doc, 'dispatch', 'first dispatch');
    writeBenchBlock(doc, 'server', 'first server');
    writeBenchBlock(doc, 'dispatch', 'second dispatch');
    const text = readFileSync(doc, 'utf8');
    expect(text.startsWith('# Benchmarks\n\nintro\n\n## Dispatch (bench/dispatch)\n\nhand-written history\n')).toBe(true);
    expect(text).not.toContain('first dispatch');
    expect(text.match(/## Latest run/g)).toHaveLength(1);
    expect(text.indexOf('second dispatch')).toBeLessThan(text.indexOf('first server'));
    expect(text.match(/<!-- bench:dispatch:start -->/g)).toHaveLength(1);
  });

  it('inserts new blocks inside the generated section, before the next level-2 heading', () => {
    const doc = tempDoc(
      '# Benchmarks\n\n## Latest run (written by `npm run bench`; do not edit by hand)\n\nintro\n\n## History\n\nold figures\n',
    );
    writeBenchBlock(doc, 'socket', 'socket block');
    const text = readFileSync(doc, 'utf8');
    expect(text.indexOf('socket block')).toBeLessThan(text.indexOf('## History'));
    expect(text).toContain('<!-- bench:socket:end -->\n\n## History\n\nold figures\n');
  });
});
