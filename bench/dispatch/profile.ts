// Profiles one dispatch row for `node --cpu-prof` (issue 12: profile before and after):
//
//   npm run build && node --cpu-prof --cpu-prof-dir=/tmp/prof dist/bench/dispatch/profile.js 4-step
//
// Rows: 4-step, built-in, 0-step, injected (each a new command per send).
import {
  BareCommand,
  BuiltInStepsCommand,
  FourStepCommand,
  InjectedCommand,
  matryoshkaProcessor,
} from './contenders';

const SENDS = 3_000_000;

async function main(): Promise<void> {
  const processor = matryoshkaProcessor();
  const make: Record<string, () => object> = {
    '4-step': () => new FourStepCommand(),
    'built-in': () => new BuiltInStepsCommand(),
    '0-step': () => new BareCommand(),
    injected: () => new InjectedCommand(),
  };
  const row = process.argv[2] ?? '4-step';
  const next = make[row];
  if (!next) throw new Error(`unknown row ${row}; rows: ${Object.keys(make).join(', ')}`);
  const started = process.hrtime.bigint();
  for (let i = 0; i < SENDS; i++) await processor.send(next() as FourStepCommand);
  const ns = Number(process.hrtime.bigint() - started) / SENDS;
  console.log(`${row}: ${ns.toFixed(0)} ns per send over ${SENDS.toLocaleString('en-US')} sends`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
