// Socket benchmark: events/s through client.socket.emit vs a bare socket.io-client on the same
// local server (one run, alternating rounds), and the time from production's socket server dying to
// the first event delivered on staging. Run: `npm run bench -- socket` (or `node dist/bench/socket/main.js`).
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo, Socket as NetSocket } from 'node:net';
import { Server } from 'socket.io';
import { io } from 'socket.io-client';
import { FailoverClient } from '../../src/client';

const EVENTS = 50_000;
/** Rounds of (bare, ours) pairs, alternating which goes first; pairs share the machine's momentary load. */
const ROUNDS = 12;
const FAILOVER_RUNS = 5;
const transports = ['websocket'];
/** Reconnection settings of the failover measurement: the knob that decides how fast a dead server is given up. */
const RECONNECT = {
  reconnectionAttempts: 2,
  reconnectionDelay: 100,
  reconnectionDelayMax: 200,
  timeout: 2_000,
};

interface LocalServer {
  url: string;
  io: Server;
  kill(): Promise<void>;
}

async function localServer(onConnection: (socket: import('socket.io').Socket) => void): Promise<LocalServer> {
  const http: HttpServer = createServer((_req, res) => res.writeHead(200).end('ok')); // GET /health for the client
  const connections = new Set<NetSocket>();
  http.on('connection', (c) => (connections.add(c), c.on('close', () => connections.delete(c))));
  const server = new Server(http);
  server.on('connection', onConnection);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    io: server,
    async kill() {
      for (const c of connections) c.destroy(); // a crash, not a goodbye
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Throughput {
  bare: number;
  ours: number;
  bareCall: number;
  oursCall: number;
  /** Median over rounds of ours/bare within the same round. */
  pairedRatio: number;
  pairedCallRatio: number;
}

async function throughput(): Promise<Throughput> {
  let count = 0;
  let target = 0;
  let done: () => void = () => undefined;
  const server = await localServer((socket) =>
    socket.on('tick', () => {
      if (++count === target) done();
    }),
  );
  const bare = io(server.url, { transports, forceNew: true });
  await new Promise<void>((resolve) => bare.once('connect', () => resolve()));
  const client = new FailoverClient({
    environments: { local: { apiUrl: server.url, enableSocket: true, socketOptions: { transports } } },
    initialEnvironment: 'local',
  });
  await client.socket.connect();

  const run = async (emit: (i: number) => void): Promise<{ perSec: number; callsPerSec: number }> => {
    count = 0;
    target = EVENTS;
    const arrived = new Promise<void>((resolve) => (done = resolve));
    const start = process.hrtime.bigint();
    for (let i = 0; i < EVENTS; i++) emit(i);
    const called = process.hrtime.bigint();
    await arrived;
    const end = process.hrtime.bigint();
    return {
      perSec: EVENTS / (Number(end - start) / 1e9),
      callsPerSec: EVENTS / (Number(called - start) / 1e9),
    };
  };
  const socket = client.socket;
  const bareRuns: { perSec: number; callsPerSec: number }[] = [];
  const ourRuns: { perSec: number; callsPerSec: number }[] = [];
  await run((i) => bare.emit('tick', i, 'payload')); // warm-up, both paths
  await run((i) => socket.emit('tick', i, 'payload'));
  const runBare = async (): Promise<void> =>
    void bareRuns.push(await run((i) => bare.emit('tick', i, 'payload')));
  const runOurs = async (): Promise<void> =>
    void ourRuns.push(await run((i) => socket.emit('tick', i, 'payload')));
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) {
      await runBare();
      await runOurs();
    } else {
      await runOurs();
      await runBare();
    }
  }
  bare.disconnect();
  await client.close();
  await server.kill();
  return {
    bare: median(bareRuns.map((r) => r.perSec)),
    ours: median(ourRuns.map((r) => r.perSec)),
    bareCall: median(bareRuns.map((r) => r.callsPerSec)),
    oursCall: median(ourRuns.map((r) => r.callsPerSec)),
    pairedRatio: median(ourRuns.map((r, i) => r.perSec / bareRuns[i].perSec)),
    pairedCallRatio: median(ourRuns.map((r, i) => r.callsPerSec / bareRuns[i].callsPerSec)),
  };
}

async function failoverOnce(): Promise<{ switched: number; delivered: number }> {
  let delivered: (at: bigint) => void = () => undefined;
  const firstOnStaging = new Promise<bigint>((resolve) => (delivered = resolve));
  const production = await localServer(() => undefined);
  const staging = await localServer((socket) => socket.on('probe', () => delivered(process.hrtime.bigint())));
  const socketOptions = { transports, ...RECONNECT };
  const client = new FailoverClient({
    environments: {
      production: { apiUrl: production.url, enableSocket: true, socketOptions },
      staging: { apiUrl: staging.url, enableSocket: true, socketOptions },
    },
    initialEnvironment: 'production',
  });
  await client.socket.connect();
  let switchedAt = 0n;
  client.onEnvironmentChanged(() => void (switchedAt = process.hrtime.bigint()));
  const killedAt = process.hrtime.bigint();
  await production.kill();
  // Keep emitting: whatever is emitted once the socket knows it is down is buffered and delivered on staging.
  const ticker = setInterval(() => client.socket.emit('probe'), 1);
  const at = await firstOnStaging;
  clearInterval(ticker);
  await client.close();
  await staging.kill();
  return { switched: Number(switchedAt - killedAt) / 1e6, delivered: Number(at - killedAt) / 1e6 };
}

export async function main(): Promise<void> {
  console.log(`# Sockets (node ${process.version}, transports ${transports.join(',')})`);
  const t = await throughput();
  const fmt = (n: number): string => Math.round(n).toLocaleString('en');
  console.log(
    `events delivered/s  bare socket.io-client: ${fmt(t.bare)}  client.socket.emit: ${fmt(t.ours)}  ratio ${t.pairedRatio.toFixed(2)}x (target >= 0.9x)`,
  );
  console.log(
    `emit calls/s        bare socket.io-client: ${fmt(t.bareCall)}  client.socket.emit: ${fmt(t.oursCall)}  ratio ${t.pairedCallRatio.toFixed(2)}x`,
  );
  console.log(
    `(${EVENTS.toLocaleString('en')} events per round, ${ROUNDS} rounds alternating which goes first; rates are medians, ` +
      'ratios the median of per-round ours/bare; server in-process on 127.0.0.1)',
  );
  const runs: { switched: number; delivered: number }[] = [];
  for (let i = 0; i < FAILOVER_RUNS; i++) runs.push(await failoverOnce());
  const times = runs.map((r) => r.delivered);
  console.log(
    `production socket server killed -> first event on staging: median ${median(times).toFixed(0)} ms ` +
      `(runs: ${times.map((x) => x.toFixed(0)).join(', ')} ms; switch decided at median ${median(runs.map((r) => r.switched)).toFixed(0)} ms)`,
  );
  console.log(
    `reconnection settings: ${JSON.stringify(RECONNECT)}, transports ${transports.join(',')}, health checks off`,
  );
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
