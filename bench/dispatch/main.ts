// Dispatch bench (issue 2): one command through a handler with four no-op steps, side by side with
// a hand-written chain, koa-compose, mediatr-ts and @nestjs/cqrs; plus heap growth over 1M sends.
//
//   npx tsc -p tsconfig.build.json && node --expose-gc dist/bench/dispatch/main.js
//   (or: npm run bench -- dispatch)
import {
  RESULT,
  BareCommand,
  BuiltInStepsCommand,
  FourStepCommand,
  handWritten,
  koaCompose,
  matryoshkaProcessor,
  mediatr,
  nestCqrs,
} from './contenders';
import {
  formatMb,
  formatOps,
  heapGrowth,
  machineLine,
  markdownTable,
  measure,
  type Contender,
  type Measurement,
} from '../shared/harness';

const HEAP_SENDS = 1_000_000;
const HEAP_LIMIT_MB = 10;
const CONCURRENCY = 100;
const ROUNDS = 9;
const ROUND_MS = 150;

// Row keys; `vs` names the Matryoshka row a competitor is compared with.
type Key = 'ours4' | 'oursNew' | 'ours0' | 'oursBuiltIn' | 'hand' | 'koa' | 'mediatr' | 'nest';
interface Row extends Contender {
  readonly key: Key;
  readonly vs?: Key;
}

async function main(): Promise<void> {
  console.log(`dispatch: ${machineLine()}`);
  const processor = matryoshkaProcessor();
  const fourStep = new FourStepCommand();
  const bare = new BareCommand();
  const builtIn = new BuiltInStepsCommand();
  const nest = await nestCqrs();

  const rows: Row[] = [
    { key: 'ours4', name: 'Matryoshka send, 4 no-op steps', run: () => processor.send(fourStep) },
    {
      key: 'oursNew',
      name: 'Matryoshka send, 4 no-op steps, new command each send',
      run: () => processor.send(new FourStepCommand()),
    },
    { key: 'oursBuiltIn', name: 'Matryoshka send, 4 built-in steps', run: () => processor.send(builtIn) },
    { key: 'ours0', name: 'Matryoshka send, 0 steps', run: () => processor.send(bare) },
    { key: 'hand', vs: 'ours4', name: 'hand-written chain, 5 nested async fns', run: handWritten() },
    { key: 'koa', vs: 'ours4', name: 'koa-compose, 5 middleware', run: koaCompose() },
    { key: 'mediatr', vs: 'ours4', name: 'mediatr-ts 2.2, 4 pipeline behaviours', run: mediatr() },
    { key: 'nest', vs: 'ours0', name: '@nestjs/cqrs 12 CommandBus.execute', run: nest.run },
  ];

  // Every contender must do the work: resolve to the handler's result.
  for (const row of rows) {
    const result = await row.run();
    if (result !== RESULT) throw new Error(`${row.name} resolved to ${String(result)}, expected ${RESULT}`);
  }

  const started = Date.now();
  const sequential = await measure(rows, { rounds: ROUNDS, roundMs: ROUND_MS });
  const concurrent = await measure(rows, { rounds: ROUNDS, roundMs: ROUND_MS, concurrency: CONCURRENCY });
  const byKey = (ms: Measurement[], key: Key) => ms[rows.findIndex((r) => r.key === key)].opsPerSec;

  const ratio = (ms: Measurement[], i: number) => {
    const vs = rows[i].vs;
    return vs ? `${(byKey(ms, vs) / ms[i].opsPerSec).toFixed(2)}×` : '—';
  };
  const vsName: Partial<Record<Key, string>> = { ours4: 'Matryoshka, 4 steps', ours0: 'Matryoshka, 0 steps' };
  const table = markdownTable(
    [
      'contender',
      'ops/s (sequential)',
      'min–max',
      'ours ÷ it',
      `ops/s (${CONCURRENCY} concurrent)`,
      'ours ÷ it',
      'compared with',
    ],
    rows.map((row, i) => [
      row.name,
      formatOps(sequential[i].opsPerSec),
      `${formatOps(sequential[i].min)}–${formatOps(sequential[i].max)}`,
      ratio(sequential, i),
      formatOps(concurrent[i].opsPerSec),
      ratio(concurrent, i),
      row.vs ? (vsName[row.vs] ?? '') : '',
    ]),
  );
  console.log(
    `\nmedian of ${ROUNDS} interleaved rounds of ~${ROUND_MS} ms each; "ours ÷ it" > 1 means Matryoshka is faster\n`,
  );
  console.log(table);
  console.log(`\n(measured in ${((Date.now() - started) / 1000).toFixed(1)} s)`);

  // Targets of issue 2.
  const hand = byKey(sequential, 'hand') / byKey(sequential, 'ours4');
  const overMediatr = byKey(sequential, 'ours4') / byKey(sequential, 'mediatr');
  const overNest = byKey(sequential, 'ours0') / byKey(sequential, 'nest');
  const checks: [string, boolean][] = [
    [`4-step send within 3× of the hand-written chain: ${hand.toFixed(2)}× its time`, hand <= 3],
    [
      `4-step send faster than mediatr-ts (4 behaviours): ${overMediatr.toFixed(2)}× its speed`,
      overMediatr > 1,
    ],
    [`0-step send faster than @nestjs/cqrs: ${overNest.toFixed(2)}× its speed`, overNest > 1],
  ];

  await nest.close();

  const heap = await heapGrowth(() => processor.send(fourStep), HEAP_SENDS);
  const heapMb = heap.growth / (1024 * 1024);
  console.log(
    `\nheap after ${formatOps(HEAP_SENDS)} sequential 4-step sends (after GC): ${formatMb(heap.before)} → ${formatMb(heap.after)}, ` +
      `growth ${formatMb(heap.growth)}`,
  );
  checks.push([`heap growth under ${HEAP_LIMIT_MB} MB: ${formatMb(heap.growth)}`, heapMb < HEAP_LIMIT_MB]);

  console.log('\ntargets:');
  for (const [text, ok] of checks) console.log(`  ${ok ? 'PASS' : 'MISS'}  ${text}`);
  // A missed target is reported, not a crash: the numbers are the deliverable. Exit 0.
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
