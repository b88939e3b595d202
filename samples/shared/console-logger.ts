import type { Logger } from '../../src';

// A tiny pino-shaped logger for the samples: one readable line per call.
const line =
  (level: string) =>
  (obj: object | string, msg?: string): void => {
    const text = typeof obj === 'string' ? obj : `${msg ?? ''} ${JSON.stringify(obj)}`;
    console.log(`  [${level}] ${text}`);
  };

export const consoleLogger: Logger = {
  debug: () => undefined,
  info: line('info'),
  warn: line('warn'),
  error: line('error'),
};
