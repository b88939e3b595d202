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

  it('a heading inside one bench output does not end the section: the next bench goes after its block', () => {
    const doc = tempDoc('# Benchmarks\n\n## History\n\nold figures\n');
    writeBenchBlock(doc, 'failover', benchBlock('failover', '## Failover — node v20\nc=1: 0.99×', '25.0', new Date()));
    writeBenchBlock(doc, 'socket', 'socket block');
    writeBenchBlock(doc, 'failover', 'failover again');
    const text = readFileSync(doc, 'utf8');
    expect(text.startsWith('# Benchmarks\n\n## History\n\nold figures\n\n## Latest run')).toBe(true);
    expect(text).toMatch(
      /<!-- bench:failover:start -->\nfailover again\n<!-- bench:failover:end -->\n\n<!-- bench:socket:start -->\nsocket block\n<!-- bench:socket:end -->\n\n<!-- bench:latest-run:end -->\n$/,
    );
  });
});
