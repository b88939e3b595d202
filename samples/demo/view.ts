// What the demo shows: a live terminal view redrawn in place with ANSI escapes (a TTY without
// --no-tty), or plain log lines for CI and pipes (one per phase or switch, plus a periodic status).
import type { EnvironmentStats, FailoverStats } from '../../src';

/** The demo's running counts. */
export interface Totals {
  /** Commands and socket events planned. */
  planned: number;
  sent: number;
  /** Answered by an environment. */
  succeeded: number;
  /** Answered by a handler's fallback (a cached price), not by an environment. */
  fallback: number;
  /** Not sent on purpose: the Chat feature switch is off for the muted room. */
  featureOff: number;
  /** Rejected: the caller got an error. Must stay 0. */
  lost: number;
  inFlight: number;
}

/** Everything one frame shows. */
export interface Snapshot {
  elapsedMs: number;
  phase: string;
  totals: Totals;
  stats: FailoverStats;
  socket: { connected: boolean; environment: string | undefined };
  /** Lines written by the RequestLogging step (counted, not printed over the view). */
  logLines: number;
  lastLog: string | undefined;
}

export interface View {
  /** Something happened (a phase, a switch): shown at once. */
  event(text: string): void;
  start(): void;
  /** Draws the final state and releases the terminal. */
  stop(): void;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1).padStart(5)}s`;
const ms = (value: number | null): string =>
  value === null ? '-' : value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`;
const health = (h: boolean | null): string => (h === null ? '?' : h ? 'up' : 'down');

// ---- live view ---------------------------------------------------------------------------------

const ESC = '\x1b[';
const paint = (code: number) => (text: string) => `${ESC}${code}m${text}${ESC}0m`;
const green = paint(32);
const red = paint(31);
const yellow = paint(33);
const dim = paint(2);
const bold = paint(1);
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;
const visible = (text: string): number => text.replace(ANSI, '').length;

/** Pads to a visible width (colour codes take no room). */
const pad = (text: string, width: number, right = false): string => {
  const fill = ' '.repeat(Math.max(0, width - visible(text)));
  return right ? fill + text : text + fill;
};

/** Cuts a line to the terminal's width, so a wrapped line never breaks the redraw. */
const fit = (line: string, width: number): string =>
  visible(line) <= width ? line : line.replace(ANSI, '').slice(0, Math.max(0, width - 1)) + '…';

/** When a pipeline line is too wide for the terminal, every one drops its steps' "Handler" suffix. */
const shorten = (lines: string[], width: number): string[] =>
  lines.every((line) => visible(line) <= width)
    ? lines
    : lines.map((line) => line.replace(/Handler(?= →)/g, ''));

/** The parts of one frame, top to bottom. */
export interface FrameParts {
  title: string;
  pipelines: string[];
  status: string[];
  table: string[];
  totals: string[];
  /** Oldest first; the newest are kept when there is no room for all. */
  events: string[];
}

/**
 * Lays a frame out in at most `height` lines, so a redraw never scrolls. When everything does
 * not fit: first fewer events (down to 3), then no blank separators, then no pipelines, then
 * fewer events still; on a tiny terminal the bottom is cut.
 */
export function layout(parts: FrameParts, height: number): string[] {
  const { title, pipelines, status, table, totals, events } = parts;
  const options = [
    { gaps: true, pipes: true, minEvents: 3 },
    { gaps: false, pipes: true, minEvents: 3 },
    { gaps: false, pipes: false, minEvents: 0 },
  ];
  for (const option of options) {
    const pipes = option.pipes ? pipelines : [];
    const gaps = option.gaps ? 3 + (events.length > 0 ? 1 : 0) : 0;
    const room = height - (1 + pipes.length + status.length + table.length + totals.length + gaps);
    if (room < Math.min(option.minEvents, events.length) && option !== options[options.length - 1]) continue;
    const gap = option.gaps ? [''] : [];
    const recent = events.slice(Math.max(0, events.length - Math.max(0, room)));
    const lines = [title, ...pipes, ...gap, ...status, ...gap, ...table, ...gap, ...totals];
    if (recent.length > 0) lines.push(...gap, ...recent);
    return lines.slice(0, Math.max(1, height));
  }
  return [title];
}

export class LiveView implements View {
  private readonly events: string[] = [];
  private drawn = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly restoreCursor = (): void => void process.stdout.write(`${ESC}?25h`);
  private readonly onInterrupt = (): void => {
    this.restoreCursor();
    process.exit(130);
  };
  // Lines drawn at the old width may have re-wrapped: start again at the top of a clear screen.
  private readonly redrawOnResize = (): void => {
    process.stdout.write(`${ESC}H${ESC}J`);
    this.drawn = 0;
    this.draw();
  };

  constructor(
    private readonly snapshot: () => Snapshot,
    private readonly title: string,
    /** Static lines under the title (the pipelines). */
    private readonly header: string[] = [],
  ) {}

  event(text: string): void {
    this.events.push(`${dim(seconds(this.snapshot().elapsedMs))}  ${text}`);
    if (this.events.length > 7) this.events.shift();
    this.draw();
  }

  start(): void {
    process.stdout.write(`${ESC}?25l`); // hide the cursor while redrawing
    process.once('exit', this.restoreCursor);
    process.once('SIGINT', this.onInterrupt);
    process.stdout.on('resize', this.redrawOnResize);
    this.draw();
    this.timer = setInterval(() => this.draw(), 100);
  }

  stop(): void {
    clearInterval(this.timer);
    process.stdout.off('resize', this.redrawOnResize);
    process.off('SIGINT', this.onInterrupt);
    this.draw();
    this.restoreCursor();
    process.off('exit', this.restoreCursor);
  }

  private draw(): void {
    const width = process.stdout.columns || 100;
    // One line short of the screen: the cursor rests on the line below the frame.
    const height = Math.max(1, (process.stdout.rows || 40) - 1);
    const lines = layout(this.frame(width), height).map((line) => fit(line, width));
    const up = this.drawn > 0 ? `${ESC}${this.drawn}F` : '';
    process.stdout.write(`${up}${lines.map((line) => `${line}${ESC}K`).join('\n')}\n${ESC}J`);
    this.drawn = lines.length;
  }

  private frame(width: number): FrameParts {
    const s = this.snapshot();
    const t = s.totals;
    const done = t.planned === 0 ? 1 : t.sent / t.planned;
    const barWidth = Math.max(10, Math.min(32, width - 40));
    const filled = Math.round(done * barWidth);
    const bar = green('█'.repeat(filled)) + dim('░'.repeat(barWidth - filled));
    const current = s.stats.currentEnvironment;
    const socket = s.socket.connected
      ? green(`connected to ${s.socket.environment}`)
      : yellow(`connecting${s.socket.environment ? ` to ${s.socket.environment}` : ''}`);
    const rows = Object.entries(s.stats.environments).map(([name, e]) => this.row(name, e, name === current));
    const lost = t.lost === 0 ? green('0') : red(String(t.lost));
    return {
      title: bold(this.title),
      pipelines: shorten(this.header, width).map((line) => dim(line)),
      status: [
        `${bar} ${String(Math.round(done * 100)).padStart(3)}%  ${t.sent}/${t.planned}  in flight ${String(t.inFlight).padStart(3)}  ${dim(seconds(s.elapsedMs))}`,
        `phase: ${bold(s.phase)}`,
        `current: ${bold(current)}   preferred: ${s.stats.preferredEnvironment}   socket: ${socket}`,
      ],
      table: [
        dim(
          `   ${pad('environment', 13)}${pad('health', 8)}${pad('circuit', 11)}${pad('requests', 10, true)}${pad('failures', 10, true)}${pad('p50', 10, true)}`,
        ),
        ...rows,
      ],
      totals: [
        `sent ${t.sent}   succeeded ${green(String(t.succeeded))}   fallback ${t.fallback}   feature off ${t.featureOff}   lost ${lost}`,
        dim(`request log: ${s.logLines} lines${s.lastLog ? ` — last: ${s.lastLog}` : ''}`),
      ],
      events: this.events,
    };
  }

  private row(name: string, e: EnvironmentStats, current: boolean): string {
    const h = health(e.healthy);
    const healthText = e.healthy === null ? dim(h) : e.healthy ? green(h) : red(h);
    const circuit =
      e.circuit === 'closed'
        ? green(e.circuit)
        : e.circuit === 'half-open'
          ? yellow(e.circuit)
          : red(e.circuit);
    const marker = current ? green('▶ ') : '  ';
    const failures = e.failures > 0 ? yellow(String(e.failures)) : String(e.failures);
    return ` ${marker}${pad(current ? bold(name) : name, 13)}${pad(healthText, 8)}${pad(circuit, 11)}${pad(String(e.requests), 10, true)}${pad(failures, 10, true)}${pad(ms(e.latencyMs.p50), 10, true)}`;
  }
}

// ---- plain lines -------------------------------------------------------------------------------

export class PlainView implements View {
  private timer: NodeJS.Timeout | undefined;
  private lastStatusAt = 0;

  constructor(
    private readonly snapshot: () => Snapshot,
    private readonly title: string,
    private readonly header: string[] = [],
    private readonly statusEveryMs = 2_000,
  ) {}

  event(text: string): void {
    console.log(`[${seconds(this.snapshot().elapsedMs)}] ${text}`);
  }

  start(): void {
    console.log(this.title);
    for (const line of this.header) console.log(line);
    this.timer = setInterval(() => this.status(), this.statusEveryMs);
  }

  stop(): void {
    clearInterval(this.timer);
    if (performance.now() - this.lastStatusAt > 500) this.status();
  }

  private status(): void {
    this.lastStatusAt = performance.now();
    const s = this.snapshot();
    const t = s.totals;
    const envs = Object.entries(s.stats.environments)
      .map(
        ([name, e]) =>
          `${name} ${health(e.healthy)}/${e.circuit} ${e.requests} req ${e.failures} fail p50 ${ms(e.latencyMs.p50)}`,
      )
      .join(' | ');
    const pct = t.planned === 0 ? 100 : Math.round((t.sent / t.planned) * 100);
    console.log(
      `[${seconds(s.elapsedMs)}] ${String(pct).padStart(3)}% sent ${t.sent} ok ${t.succeeded} fallback ${t.fallback} off ${t.featureOff} lost ${t.lost} ` +
        `in-flight ${t.inFlight} | current ${s.stats.currentEnvironment} | ${envs}`,
    );
  }
}
