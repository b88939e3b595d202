// The live demo's view on real terminal sizes: every frame fits the screen (so a redraw never
// scrolls and the header is drawn once) and each redraw moves up exactly the lines it drew.
import type { FailoverStats } from 'matryoshka-pipeline';
import { LiveView, layout, type Snapshot } from '../../samples/demo/view';

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
// eslint-disable-next-line no-control-regex
const CURSOR_UP = /^\x1b\[(\d+)F/;

function snapshot(): Snapshot {
  const env = (requests: number) => ({
    healthy: true,
    lastHealthCheckAt: null,
    circuit: 'closed',
    requests,
    failures: 0,
    lastError: null,
    lastErrorAt: null,
    latencyMs: { p50: 1.3, p95: 2.1 },
  });
  const stats = {
    currentEnvironment: 'production',
    preferredEnvironment: 'production',
    environments: { production: env(410), staging: env(181), development: env(210) },
    switches: [],
  } as unknown as FailoverStats;
  return {
    elapsedMs: 12_100,
    phase: 'production killed',
    totals: { planned: 960, sent: 960, succeeded: 940, fallback: 0, featureOff: 20, lost: 0, inFlight: 0 },
    stats,
    socket: { connected: true, environment: 'production' },
    logLines: 1920,
    lastLog: 'handled PostChat (0.7 ms)',
  };
}

const title = 'Matryoshka demo — 960 commands and socket events, ~12 s, 3 environments';
const pipelines = [
  '  GetPrice: RequestLoggingHandler → FallbackHandler → UseResiliencePipelineHandler → GetPriceHandler',
  '  PlaceOrder: RequestLoggingHandler → UseResiliencePipelineHandler → PlaceOrderHandler',
  '  PostChat: RequestLoggingHandler → FeatureSwitchHandler → UseResiliencePipelineHandler → PostChatHandler',
];

/** Runs the view on a terminal of the given size and returns what it wrote, one entry per write. */
function render(columns: number, rows: number): string[] {
  const writes: string[] = [];
  const stdout = process.stdout as unknown as Record<string, unknown>;
  const saved = { write: stdout.write, columns: stdout.columns, rows: stdout.rows };
  Object.assign(stdout, {
    columns,
    rows,
    write: (chunk: string) => {
      writes.push(String(chunk));
      return true;
    },
  });
  try {
    const view = new LiveView(snapshot, title, pipelines);
    view.start();
    for (let i = 1; i <= 9; i++) view.event(`event ${i}: switched production → staging (failover)`);
    view.stop();
  } finally {
    Object.assign(stdout, saved);
  }
  return writes.filter((w) => w.includes('Matryoshka demo'));
}

describe('demo LiveView', () => {
  it.each([
    [80, 24],
    [100, 24],
    [100, 30],
    [60, 12],
    [120, 50],
  ])('fits a %i×%i terminal and redraws in place', (columns, rows) => {
    const frames = render(columns, rows);
    expect(frames.length).toBeGreaterThanOrEqual(10);
    let previous = 0;
    for (const frame of frames) {
      const up = CURSOR_UP.exec(frame);
      expect(up ? Number(up[1]) : 0).toBe(previous);
      const lines = frame.replace(CURSOR_UP, '').split('\n').slice(0, -1);
      expect(lines.length).toBeLessThanOrEqual(rows - 1);
      for (const line of lines) expect(line.replace(ANSI, '').length).toBeLessThanOrEqual(columns);
      expect(lines[0].replace(ANSI, '')).toMatch(/^Matryoshka demo — /);
      previous = lines.length;
    }
  });

  it('keeps the table, the totals and at least three events on 80×24', () => {
    const last = render(80, 24).at(-1)!.replace(ANSI, '');
    for (const name of ['production', 'staging', 'development']) expect(last).toContain(` ${name} `);
    expect(last).toContain('sent 960   succeeded 940   fallback 0   feature off 20   lost 0');
    expect(last).toContain('event 9:');
    expect(last).toContain('event 7:');
    // Pipelines too wide for 80 columns drop the steps' "Handler" suffix, all of them alike.
    expect(last).toContain('GetPrice: RequestLogging → Fallback → UseResiliencePipeline → GetPriceHandler');
    expect(last).toContain('PlaceOrder: RequestLogging → UseResiliencePipeline → PlaceOrderHandler');
  });

  it('shows everything, seven events and the blank separators, when the screen is tall', () => {
    const last = render(120, 50).at(-1)!.replace(ANSI, '');
    expect(last).toContain(pipelines[0]);
    expect(last).not.toContain('event 2:');
    expect(last).toContain('event 3:');
    expect(last.split('\n').filter((line) => line === '').length).toBeGreaterThanOrEqual(4);
  });
});

describe('demo layout', () => {
  const parts = {
    title: 'T',
    pipelines: ['p1', 'p2', 'p3'],
    status: ['s1', 's2', 's3'],
    table: ['h', 'r1', 'r2', 'r3'],
    totals: ['t1', 't2'],
    events: ['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7'],
  };

  // One string per layout, blank separators shown as '·'.
  const laid = (height: number): string =>
    layout(parts, height)
      .map((line) => line || '·')
      .join(' ');

  it('drops events, then separators, then pipelines, never exceeding the height', () => {
    expect(layout(parts, 24)).toHaveLength(24);
    expect(laid(23)).toBe('T p1 p2 p3 · s1 s2 s3 · h r1 r2 r3 · t1 t2 · e2 e3 e4 e5 e6 e7');
    expect(laid(19)).toBe('T p1 p2 p3 s1 s2 s3 h r1 r2 r3 t1 t2 e2 e3 e4 e5 e6 e7');
    expect(laid(12)).toBe('T s1 s2 s3 h r1 r2 r3 t1 t2 e6 e7');
    expect(laid(5)).toBe('T s1 s2 s3 h');
  });
});
