// Writes what a bench printed into docs/benchmarks.md, so the doc's "Latest run" section is always
// the benches' own output (issue 12: the doc is regenerated from the benches as they run). Each
// bench owns the text between its two markers; a bench without markers yet gets them appended at
// the end of the generated section. Nothing outside the markers is touched.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

const SECTION = '## Latest run (written by `npm run bench`; do not edit by hand)';
const SECTION_INTRO =
  'Each block below is what that bench printed the last time `npm run bench` ran it, with the command, ' +
  'the date and the machine. The sections after this one explain the benches and keep earlier results, ' +
  'each with its command.';

// Bench output may contain markdown headings of its own (inside its code block), so the section's
// end is a marker, not the next heading.
const SECTION_END = '<!-- bench:latest-run:end -->';

const start = (name: string): string => `<!-- bench:${name}:start -->`;
const end = (name: string): string => `<!-- bench:${name}:end -->`;

/** The lines a bench prints about its targets: PASS/FAIL lines and "target … met" lines. */
export function targetLines(output: string): string[] {
  return output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^(PASS|FAIL)\b/.test(line) || /\(target [^)]*\)/.test(line));
}

/** The markdown a bench's markers enclose: command, when and where, its target lines, its output. */
export function benchBlock(name: string, output: string, seconds: string, when: Date): string {
  const cpus = os.cpus();
  const machine = `node ${process.version}, ${cpus.length} CPUs (${cpus[0]?.model?.trim() ?? 'unknown'}), ${os.platform()} ${os.arch()}, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} at the end`;
  const targets = targetLines(output);
  const fence = '```';
  return [
    `### ${name}`,
    '',
    `Command: \`npm run bench -- ${name}\` · ${when.toISOString().slice(0, 16).replace('T', ' ')} UTC · ${seconds} s · ${machine}`,
    '',
    ...(targets.length > 0 ? ['Targets as printed:', '', ...targets.map((t) => `- ${t}`), ''] : []),
    `${fence}text`,
    output.trimEnd(),
    fence,
  ].join('\n');
}

/** Replaces (or adds) the block of bench `name` in the doc at `docPath`. */
export function writeBenchBlock(docPath: string, name: string, block: string): void {
  let doc = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '# Benchmarks\n';
  const open = start(name);
  const close = end(name);
  const enclosed = `${open}\n${block}\n${close}`;
  const from = doc.indexOf(open);
  const to = doc.indexOf(close);
  if (from >= 0 && to > from) {
    doc = doc.slice(0, from) + enclosed + doc.slice(to + close.length);
  } else {
    if (!doc.includes(SECTION_END)) doc = `${doc.trimEnd()}\n\n${SECTION}\n\n${SECTION_INTRO}\n\n${SECTION_END}\n`;
    const at = doc.indexOf(SECTION_END);
    doc = `${doc.slice(0, at)}${enclosed}\n\n${doc.slice(at)}`;
  }
  writeFileSync(docPath, doc);
}
