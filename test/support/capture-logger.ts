import type { Logger } from '../../src';

/** A real Logger that keeps every line, for asserting on what was logged. */
export class CaptureLogger implements Logger {
  readonly lines: { level: string; obj: unknown; msg?: string }[] = [];
  debug = (obj: object | string, msg?: string) => this.push('debug', obj, msg);
  info = (obj: object | string, msg?: string) => this.push('info', obj, msg);
  warn = (obj: object | string, msg?: string) => this.push('warn', obj, msg);
  error = (obj: object | string, msg?: string) => this.push('error', obj, msg);

  /** Everything logged, serialized, for "does this secret appear anywhere" checks. */
  get text(): string {
    return this.lines
      .map((l) =>
        JSON.stringify(l, (_k, v) => (v instanceof Error ? { message: v.message, stack: v.stack } : v)),
      )
      .join('\n');
  }

  private push(level: string, obj: object | string, msg?: string): void {
    this.lines.push({ level, obj, msg });
  }
}
