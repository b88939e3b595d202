// Socket benchmark: events through `client.socket.emit` vs a bare socket.io-client, both against one
// socket.io server running in its own process (bench/socket/server.ts), rounds alternating which
// goes first; throughput, client CPU per event and server CPU per event. Then the time from
// production's socket server dying to the first event delivered on staging (each server its own
// process). Run: `npm run bench -- socket` (or `node dist/bench/socket/main.js` after a build).
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { FailoverClient } from '../../src/client';
import { median } from '../shared/harness';

const EVENTS = 25_000;
/** Rounds of (bare, ours) pairs, alternating which goes first; a pair shares the machine's momentary load. */
const ROUNDS = 30;
const FAILOVER_RUNS = 5;
const TARGET = 0.95;
const transports = ['websocket'];
/** Reconnection settings of the failover measurement: the knob that decides how fast a dead server is given up. */
const RECONNECT = {
  reconnectionAttempts: 2,
  reconnectionDelay: 100,
  reconnectionDelayMax: 200,
  timeout: 2_000,
};

interface ServerProcess {
  url: string;
  /** Resolves with the wall-clock time of the first `probe` the server got. */
  firstProbe: Promise<number>;
  /** Crashes the server (connections destroyed, port closed); resolves with the wall-clock time. */
  kill(): Promise<number>;
  stop(): void;
}

/** Forks bench/socket/server.js and waits for it to listen. */
async function startServer(): Promise<ServerProcess> {
  const child: ChildProcess = fork(path.join(__dirname, 'server.js'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = (type: string): Promise<Record<string, number>> =>
    new Promise((resolve) => {
      const onMessage = (m: { type: string } & Record<string, number>): void => {
        if (m.type !== type) return;
        child.off('message', onMessage);
        resolve(m);
      };
      child.on('message', onMessage);
    });
  const { port } = await next('ready');
  return {
    url: `http://127.0.0.1:${port}`,
    firstProbe: next('probe').then((m) => m.at),
    async kill() {
      const killed = next('killed');
      child.send({ cmd: 'kill' });
      return (await killed).at;
    },
    stop: () => void child.kill(),
  };
}

interface Round {
  /** Events delivered per second, first emit to the server's `done`. */
  perSec: number;
  /** Client process CPU (user + system) per event, µs, over the same span. */
  clientCpu: number;
  /** Server process CPU per event, µs. */
  serverCpu: number;
}

/** One contender: something to emit with and a way to hear the server's `done`. */
interface Emitter {
  emit(event: string, ...args: unknown[]): unknown;
  on(event: string, listener: (...args: any[]) => void): unknown;
}

function rounder(emitter: Emitter): () => Promise<Round> {
  let finish: (serverMicros: number) => void = () => undefined;
  emitter.on('done', (serverMicros: number) => finish(serverMicros));
  return async () => {
    const done = new Promise<number>((resolve) => (finish = resolve));
    emitter.emit('expect', EVENTS);
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    for (let i = 0; i < EVENTS; i++) emitter.emit('tick', i, 'payload');
    const serverMicros = await done;
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const used = process.cpuUsage(cpu);
    return {
      perSec: EVENTS / seconds,
      clientCpu: (used.user + used.system) / EVENTS,
      serverCpu: serverMicros / EVENTS,
    };
  };
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en');

async function throughput(): Promise<void> {
  const server = await startServer();
  const bare: Socket = io(server.url, { transports, forceNew: true });
  await new Promise<void>((resolve) => bare.once('connect', () => resolve()));
  const client = new FailoverClient({
    environments: { local: { apiUrl: server.url, enableSocket: true, socketOptions: { transports } } },
    initialEnvironment: 'local',
  });
  await client.socket.connect();
  const runBare = rounder(bare);
  const runOurs = rounder(client.socket);
  await runBare(); // warm-up, both paths
  await runOurs();
  const bareRounds: Round[] = [];
  const ourRounds: Round[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) {
      bareRounds.push(await runBare());
      ourRounds.push(await runOurs());
    } else {
      ourRounds.push(await runOurs());
      bareRounds.push(await runBare());
    }
  }
  bare.disconnect();
  await client.close();
  server.stop();

  const row = (name: string, rounds: Round[]): string => {
    const rates = rounds.map((r) => r.perSec);
    return (
      `| ${name} | ${fmt(median(rates))} | ${fmt(Math.min(...rates))}–${fmt(Math.max(...rates))} | ` +
      `${median(rounds.map((r) => r.clientCpu)).toFixed(2)} | ${median(rounds.map((r) => r.serverCpu)).toFixed(2)} |`
    );
  };
  const ratios = ourRounds.map((r, i) => r.perSec / bareRounds[i].perSec);
  const cpuRatios = ourRounds.map((r, i) => r.clientCpu / bareRounds[i].clientCpu);
  const ratio = median(ratios);
  console.log(
    '| contender | events delivered/s (median) | min–max | client CPU µs/event | server CPU µs/event |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: |');
  console.log(row('bare socket.io-client 4.8', bareRounds));
  console.log(row('client.socket.emit', ourRounds));
  console.log('');
  console.log(
    `client.socket.emit ÷ bare: throughput ${ratio.toFixed(2)}× (per-round ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}), ` +
      `client CPU per event ${median(cpuRatios).toFixed(2)}× (target throughput ≥ ${TARGET}×: ${ratio >= TARGET ? 'met' : 'NOT met'})`,
  );
  console.log(
    `(${EVENTS.toLocaleString('en')} emit('tick', i, 'payload') per round in a synchronous loop, until the server has them all; ` +
      `${ROUNDS} rounds alternating which goes first; ratios are medians of per-round ours ÷ bare; server in its own process on 127.0.0.1)`,
  );
}

async function failoverOnce(): Promise<{ switched: number; delivered: number }> {
  const [production, staging] = await Promise.all([startServer(), startServer()]);
  const socketOptions = { transports, ...RECONNECT };
  const client = new FailoverClient({
    environments: {
      production: { apiUrl: production.url, enableSocket: true, socketOptions },
      staging: { apiUrl: staging.url, enableSocket: true, socketOptions },
    },
    initialEnvironment: 'production',
  });
  await client.socket.connect();
  let switchedAt = 0;
  client.onEnvironmentChanged(() => void (switchedAt = performance.timeOrigin + performance.now()));
  // Keep emitting: whatever is emitted once the socket knows production is down is buffered and delivered on staging.
  const ticker = setInterval(() => client.socket.emit('probe'), 1);
  const killedAt = await production.kill();
  const deliveredAt = await staging.firstProbe;
  clearInterval(ticker);
  await client.close();
  production.stop();
  staging.stop();
  return { switched: switchedAt - killedAt, delivered: deliveredAt - killedAt };
}

export async function main(): Promise<void> {
  console.log(
    `# Sockets (bench/socket) — node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim() ?? '?'}), ` +
      `transports ${transports.join(',')}, socket.io server in its own process\n`,
  );
  await throughput();
  const runs: { switched: number; delivered: number }[] = [];
  for (let i = 0; i < FAILOVER_RUNS; i++) runs.push(await failoverOnce());
  const times = runs.map((r) => r.delivered);
  console.log(
    `\nproduction socket server killed -> first event on staging: median ${median(times).toFixed(0)} ms ` +
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
