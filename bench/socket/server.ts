// The socket bench's server, run in its own process by bench/socket/main.ts (`fork`): a socket.io
// 4.8 server on 127.0.0.1 that counts events, and reports over IPC. Not meant to be run by hand.
//
// Protocol, per socket: `expect(n)` starts a round; after the n-th `tick` the server emits
// `done(serverCpuMicros)` (its CPU since `expect`). A `probe` is reported to the parent with the
// wall-clock time it arrived. IPC `{ cmd: 'kill' }` destroys every connection and closes the port
// (a crash), answering `{ type: 'killed', at }`.
import { createServer } from 'node:http';
import type { AddressInfo, Socket as NetSocket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Server } from 'socket.io';

const wallClock = (): number => performance.timeOrigin + performance.now();
const send = (message: object): void => void process.send?.(message);

const http = createServer((_req, res) => res.writeHead(200).end('ok')); // GET /health for the client
const connections = new Set<NetSocket>();
http.on('connection', (c) => {
  connections.add(c);
  c.on('close', () => connections.delete(c));
});
const io = new Server(http);
let probed = false;

io.on('connection', (socket) => {
  let expected = 0;
  let count = 0;
  let cpu = process.cpuUsage();
  socket.on('expect', (n: number) => {
    expected = n;
    count = 0;
    cpu = process.cpuUsage();
  });
  socket.on('tick', () => {
    if (++count !== expected) return;
    const used = process.cpuUsage(cpu);
    socket.emit('done', used.user + used.system);
  });
  socket.on('probe', () => {
    if (probed) return;
    probed = true;
    send({ type: 'probe', at: wallClock() });
  });
});

process.on('message', (message: { cmd?: string }) => {
  if (message.cmd !== 'kill') return;
  const at = wallClock();
  for (const c of connections) c.destroy();
  void io.close(() => send({ type: 'killed', at }));
});

http.listen(0, '127.0.0.1', () => send({ type: 'ready', port: (http.address() as AddressInfo).port }));
