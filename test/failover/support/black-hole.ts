// A loopback address whose TCP connect never completes: a listener in a stopped child process with
// a full accept queue. The kernel drops further SYNs (tcp_abort_on_overflow = 0), so a client's
// connect waits — exactly like a host that does not answer — until its own timeout.
import { spawn, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';

const LISTENER = `
const server = require('node:net').createServer();
server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => process.stdout.write(server.address().port + '\\n'));
`;

export interface BlackHole {
  url: string;
  close(): Promise<void>;
}

/** Starts the listener, stops its process (nothing is ever accepted) and fills its accept queue. */
export async function blackHole(): Promise<BlackHole> {
  const child = spawn(process.execPath, ['-e', LISTENER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.stdout!.once('data', (data: Buffer) => resolve(Number(String(data).trim())));
  });
  child.kill('SIGSTOP');
  const fillers: net.Socket[] = [];
  // Connects complete while the queue has room; the first one that does not proves it full.
  for (let i = 0; i < 16; i++) {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    fillers.push(socket);
    const connected = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 300);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    if (!connected) break;
    if (i === 15) throw new Error('blackHole: the accept queue never filled');
  }
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => stop(child, fillers),
  };
}

async function stop(child: ChildProcess, fillers: net.Socket[]): Promise<void> {
  for (const socket of fillers) socket.destroy();
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}
