// Where a server child's CPU went, from the profiles `BENCH_CPU_PROF=<dir>` makes:
//   BENCH_CPU_PROF=/tmp/prof node dist/bench/server/main.js
//   node dist/bench/server/profile-summary.js /tmp/prof/CPU.*.cpuprofile
// Prints, per profile (one column each, in the order given), each category's share of the busy
// (non-idle) samples, and busy time ÷ socket-write time, a per-request yardstick that does not
// depend on how long the child ran.
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
}
interface Profile {
  nodes: { id: number; callFrame: CallFrame }[];
  samples: number[];
  timeDeltas: number[];
}

const CATEGORIES = [
  'ours (src/server)',
  'undici Headers and other',
  'undici Response body stream',
  'node:http',
  'socket writes',
  'GC',
  'program',
  'other',
] as const;
type Category = (typeof CATEGORIES)[number] | 'idle';

function categoryOf({ functionName: f, url: u }: CallFrame): Category {
  if (f === '(idle)') return 'idle';
  if (f === '(garbage collector)') return 'GC';
  if (f === '(program)') return 'program';
  if (
    f === 'writev' ||
    f === 'writeUtf8String' ||
    f === 'writeBuffer' ||
    /stream_base_commons|node:net/.test(u)
  )
    return 'socket writes';
  if (
    /webstreams|js_transferable/.test(u) ||
    /^JSTransferable$|isDisturbed|extractBody|_Response|ReadableStream/.test(f)
  )
    return 'undici Response body stream';
  if (/undici/.test(u)) return 'undici Headers and other';
  if (/dist\/src\/server/.test(u)) return 'ours (src/server)';
  if (/_http_|node:http/.test(u)) return 'node:http';
  return 'other';
}

function summarise(file: string): { busy: number; by: Map<Category, number> } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const by = new Map<Category, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const category = categoryOf(frames.get(id)!);
    if (category === 'idle') return;
    const dt = profile.timeDeltas[i] ?? 0;
    busy += dt;
    by.set(category, (by.get(category) ?? 0) + dt);
  });
  return { busy, by };
}

const columns = process.argv.slice(2).map(summarise);
for (const category of CATEGORIES) {
  const cells = columns.map(({ busy, by }) => `${((100 * (by.get(category) ?? 0)) / busy).toFixed(1)}%`);
  console.log(`${category.padEnd(30)}${cells.map((c) => c.padStart(9)).join('')}`);
}
const yardstick = columns.map(({ busy, by }) => (busy / (by.get('socket writes') ?? busy)).toFixed(2));
console.log(`${'busy ÷ socket writes'.padEnd(30)}${yardstick.map((c) => c.padStart(9)).join('')}`);
