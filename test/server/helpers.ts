// Shared by the server tests: raw-socket requests, a logger that remembers, server bookkeeping.
import * as net from 'node:net';
import type { Logger } from '../../src/core';
import { serve, type HttpHandler, type RunningServer, type ServeOptions } from '../../src/server';

export interface RawResponse {
  status: number;
  statusLine: string;
  /** Header lines as [lower-cased name, value], in wire order. */
  headers: [string, string][];
  header(name: string): string | undefined;
  /** Everything after the blank line, undecoded. */
  body: string;
  raw: string;
}

export function parseRaw(raw: string): RawResponse {
  const end = raw.indexOf('\r\n\r\n');
  const head = end < 0 ? raw : raw.slice(0, end);
  const [statusLine, ...lines] = head.split('\r\n');
  const headers = lines.map((line): [string, string] => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
  });
  return {
    status: Number(statusLine.split(' ')[1]),
    statusLine,
    headers,
    header: (name) => headers.find(([n]) => n === name.toLowerCase())?.[1],
    body: end < 0 ? '' : raw.slice(end + 4),
    raw,
  };
}

/**
 * Writes `parts` to a fresh connection (pausing `gapMs` between them) and resolves with all the
 * server sent once it closes the connection, so requests should say `Connection: close`.
 */
export function rawRequest(
  port: number,
  parts: string | (string | Buffer)[],
  gapMs = 10,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete response; got: ${Buffer.concat(chunks).toString('latin1')}`));
    }, 4000);
    socket.on('data', (chunk) => chunks.push(chunk));
    const finish = (): void => {
      clearTimeout(timer);
      resolve(parseRaw(Buffer.concat(chunks).toString('latin1')));
    };
    socket.on('end', finish);
    // The server may cut the connection while we are still sending (413): what arrived counts.
    socket.on('error', () => (chunks.length > 0 ? finish() : undefined));
    socket.on('close', () => (chunks.length > 0 ? finish() : undefined));
    socket.on('connect', async () => {
      for (const part of Array.isArray(parts) ? parts : [parts]) {
        if (socket.destroyed) return;
        socket.write(part);
        await new Promise((r) => setTimeout(r, gapMs));
      }
    });
  });
}

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: Record<string, unknown>;
  msg: string;
}

/** A Logger that keeps what it is told. */
export function memoryLogger(): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at =
    (level: LogEntry['level']) =>
    (objOrMsg: object | string, msg?: string): void => {
      entries.push(
        typeof objOrMsg === 'string'
          ? { level, obj: {}, msg: objOrMsg }
          : { level, obj: objOrMsg as Record<string, unknown>, msg: msg ?? '' },
      );
    };
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Starts servers on 127.0.0.1:0 and closes every one of them in `closeAll` (call it in afterEach). */
export class Servers {
  private readonly running: RunningServer[] = [];
  async start(handler: HttpHandler, options: ServeOptions = {}): Promise<RunningServer> {
    const server = await serve(handler, { port: 0, host: '127.0.0.1', logger: memoryLogger(), ...options });
    this.running.push(server);
    return server;
  }
  async closeAll(): Promise<void> {
    await Promise.all(this.running.splice(0).map((s) => s.close()));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
