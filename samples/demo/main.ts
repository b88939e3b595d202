// The main job (`npm run demo`): three local environments (HTTP + socket.io on 127.0.0.1), a
// FailoverClient across them, and a CommandProcessor whose handlers subclass the environment-aware
// base handlers and carry @RequestLogging, @Fallback, @UseResiliencePipeline and @FeatureSwitch.
// A stream of commands and socket events flows while production is killed, staging slowed and
// production brought back; a live view shows the failover and the fail-back, and the run ends
// with the totals. Nothing may be lost: any loss exits 1.
//
//   node dist/samples/demo/main.js [--requests N] [--no-tty]
import 'reflect-metadata';
import { container } from 'tsyringe';
import { AuthType, CommandProcessor, FailoverClient, type Logger } from '../../src';
import { CREDENTIALS, startEnvironments, type Environments } from './environments';
import {
  featureSwitches,
  GetPrice,
  PlaceOrder,
  PostChat,
  resiliencePipelines,
  subscribers,
} from './handlers';
import { busActLines, prepareBusAct, runBusAct } from './bus-act';
import { runBusActOnRabbitMQ } from './bus-act-amqp';
import { phases, run } from './scenario';
import { LiveView, PlainView, type Snapshot, type Totals, type View } from './view';

const DEFAULT_REQUESTS = 960;
/** Commands per second, for runs of 8–25 s (the default 960 → 12 s; more commands go faster past 25 s). */
const RATE = 80;
/** A command still unanswered after this long counts as lost. */
const COMMAND_DEADLINE_MS = 10_000;

interface Args {
  requests: number;
  tty: boolean;
  /** The bus act's workers as processes on this RabbitMQ (with Postgres from --pg or MATRYOSHKA_PG_URL). */
  amqp?: string;
  pg?: string;
}

function parseArgs(argv: string[]): Args {
  let requests = DEFAULT_REQUESTS;
  let tty = Boolean(process.stdout.isTTY);
  let amqp: string | undefined;
  let pg = process.env.MATRYOSHKA_PG_URL;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--no-tty') tty = false;
    else if (arg === '--amqp') amqp = argv[++i];
    else if (arg === '--pg') pg = argv[++i];
    else if (arg === '--requests' || arg.startsWith('--requests=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      requests = Number(value);
      if (!Number.isInteger(requests) || requests < 1)
        usage(`--requests needs a positive integer, got ${String(value)}`);
    } else if (arg === '--help' || arg === '-h') usage();
    else usage(`unknown argument: ${arg}`);
  }
  if (amqp && !pg)
    usage("--amqp needs Postgres for the workers' shared inbox: --pg <url> or MATRYOSHKA_PG_URL");
  return { requests, tty, amqp, pg };
}

function usage(problem?: string): never {
  if (problem) console.error(problem);
  console.log('usage: node dist/samples/demo/main.js [--requests N] [--no-tty] [--amqp <url> [--pg <url>]]');
  process.exit(problem ? 2 : 0);
}

/** Counts what the RequestLogging step writes and keeps the last line for the view. */
class CountingLogger implements Logger {
  lines = 0;
  errors = 0;
  last: string | undefined;
  debug(): void {}
  info(obj: object | string, msg?: string): void {
    this.record(obj, msg);
  }
  warn(obj: object | string, msg?: string): void {
    this.record(obj, msg);
  }
  error(obj: object | string, msg?: string): void {
    this.errors++;
    this.record(obj, msg);
  }
  private record(obj: object | string, msg?: string): void {
    this.lines++;
    const fields = typeof obj === 'string' ? {} : (obj as { elapsedMs?: number });
    this.last = `${typeof obj === 'string' ? obj : (msg ?? '')}${fields.elapsedMs !== undefined ? ` (${fields.elapsedMs.toFixed(1)} ms)` : ''}`;
  }
}

function buildClient(envs: Environments, logger: Logger): FailoverClient {
  // Fast socket.io reconnection settings: a dead socket server is given up after ~0.3 s.
  const socketOptions = {
    transports: ['websocket'],
    reconnectionAttempts: 2,
    reconnectionDelay: 100,
    reconnectionDelayMax: 200,
    timeout: 1_000,
  };
  return new FailoverClient({
    environments: {
      production: {
        apiUrl: envs.production.url,
        apiKey: CREDENTIALS.production.apiKey, // x-api-key
        timeoutMs: 1_000,
        maxRetries: 1,
        enableSocket: true,
        socketOptions,
      },
      staging: {
        apiUrl: envs.staging.url,
        bearerToken: async () => CREDENTIALS.staging.token, // a token provider, as Firebase's getIdToken() would be
        authType: AuthType.Bearer,
        timeoutMs: 400,
        enableSocket: true,
        socketOptions,
      },
      development: {
        apiUrl: envs.development.url,
        apiKey: CREDENTIALS.development.apiKey,
        customAuthHeader: CREDENTIALS.development.header,
        timeoutMs: 1_000,
        enableSocket: true,
        socketOptions,
      },
    },
    initialEnvironment: 'production',
    healthCheck: { path: '/health', intervalMs: 400, timeoutMs: 500, failback: true },
    circuitBreaker: { consecutiveFailures: 5, halfOpenAfterMs: 2_000 },
    retryBackoff: { initialDelayMs: 20, maxDelayMs: 100 },
    logger,
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const durationMs = Math.min(25_000, Math.max(8_000, (args.requests / RATE) * 1000));
  const started = performance.now();
  const busDb = prepareBusAct(); // PGlite starts while the failover act runs

  const envs = await startEnvironments();
  const requestLog = new CountingLogger();
  const clientLog = new CountingLogger();
  const client = buildClient(envs, clientLog);
  const scope = container.createChildContainer();
  scope.registerInstance(FailoverClient, client);
  const processor = new CommandProcessor({
    subscribers: subscribers(),
    container: scope,
    resiliencePipelines: resiliencePipelines(),
    featureSwitches: featureSwitches(),
    logger: requestLog,
  });
  processor.validatePipelines();

  const totals: Totals = {
    planned: args.requests,
    sent: 0,
    succeeded: 0,
    fallback: 0,
    featureOff: 0,
    lost: 0,
    inFlight: 0,
  };
  let confirmedOrders = 0;
  let ackedChats = 0;
  let phase = 'starting';
  const lostReasons = new Map<string, number>();
  const snapshot = (): Snapshot => ({
    elapsedMs: performance.now() - started,
    phase,
    totals,
    stats: client.getStats(),
    socket: { connected: client.socket.connected, environment: client.socket.environment },
    logLines: requestLog.lines,
    lastLog: requestLog.last,
  });
  const title = `Matryoshka demo — ${args.requests} commands and socket events, ~${Math.round(durationMs / 1000)} s, 3 environments`;
  const header = [GetPrice, PlaceOrder, PostChat].map(
    (command) => `  ${command.name}: ${processor.describePipeline(command).join(' → ')}`,
  );
  const view: View = args.tty
    ? new LiveView(snapshot, title, header)
    : new PlainView(snapshot, title, header);

  client.onEnvironmentChanged((to, from) => {
    const last = client.getStats().switches.at(-1);
    view.event(`switched ${from} → ${to} (${last?.reason ?? 'switch'})`);
  });

  await client.socket.connect();
  view.start();

  const skus = ['tea', 'coffee', 'cocoa', 'mate'];
  const send = async (i: number): Promise<void> => {
    totals.sent++;
    totals.inFlight++;
    // A deadline per command: one that hangs longer than this counts as lost. (Its own signal per
    // send also keeps abort listeners off the one shared never-aborting signal that cockatiel
    // hands out when the caller gives none.)
    const signal = AbortSignal.timeout(COMMAND_DEADLINE_MS);
    try {
      const kind = i % 10;
      if (kind < 5) {
        const price = await processor.send(new GetPrice(skus[i % skus.length]), { signal });
        if (price.stale) totals.fallback++;
        else totals.succeeded++;
      } else if (kind < 8) {
        await processor.send(new PlaceOrder(skus[i % skus.length], 1 + (i % 3)), { signal });
        confirmedOrders++;
        totals.succeeded++;
      } else {
        const room = i % 50 === 8 ? 'muted' : 'general';
        const ack = await processor.send(new PostChat(room, `message #${i}`), { signal });
        if (ack === undefined) totals.featureOff++;
        else {
          ackedChats++;
          totals.succeeded++;
        }
      }
    } catch (error) {
      totals.lost++;
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      lostReasons.set(reason, (lostReasons.get(reason) ?? 0) + 1);
      view.event(`LOST command #${i}: ${reason}`);
    } finally {
      totals.inFlight--;
    }
  };

  await run({
    total: args.requests,
    durationMs,
    phases: phases(envs),
    send,
    setPhase: (label) => (phase = label),
    onPhase: (label) => view.event(label),
  });

  // Fail-back normally happened long ago; on a very short run give the health checks a moment.
  for (let waited = 0; client.currentEnvironment !== 'production' && waited < 3_000; waited += 100)
    await sleep(100);
  phase = 'done';
  view.stop();

  // Settle the books: what callers were told must match what the backend holds.
  const stats = client.getStats();
  const elapsed = (performance.now() - started) / 1000;
  const ordersOk = envs.ledger.orders.size === confirmedOrders;
  const chatsOk = envs.ledger.chats.size === ackedChats;
  const unaccounted = totals.sent - totals.succeeded - totals.fallback - totals.featureOff - totals.lost;
  // Short lines: nothing here wraps on an 80-column terminal.
  console.log('');
  console.log(`switches: ${stats.switches.length === 0 ? 'none' : ''}`);
  for (const s of stats.switches) console.log(`  ${s.from} → ${s.to} (${s.reason})`);
  console.log(
    `ledger: ${envs.ledger.orders.size} orders (callers confirmed ${confirmedOrders}), ` +
      `${envs.ledger.chats.size} chats (acked ${ackedChats})`,
  );
  console.log(`idempotency: ${envs.ledger.duplicates} retried writes absorbed`);
  console.log(
    `request log: ${requestLog.lines} lines from RequestLogging, ${requestLog.errors} at error level`,
  );
  console.log(
    `totals: sent ${totals.sent}, succeeded ${totals.succeeded}, fallback ${totals.fallback}, ` +
      `feature off ${totals.featureOff}, lost ${totals.lost} — ${elapsed.toFixed(1)} s`,
  );
  for (const [reason, count] of lostReasons) console.log(`  lost ${count}× ${reason}`);

  await client.close();
  await envs.closeAll();
  const busAct = { orders: 300, rate: 60, ...busActLines(args.tty) };
  const busOk = args.amqp
    ? await runBusActOnRabbitMQ({ ...busAct, amqpUrl: args.amqp, pgUrl: args.pg! }, busDb)
    : await runBusAct(busAct, busDb);

  const ok =
    busOk &&
    totals.lost === 0 &&
    unaccounted === 0 &&
    ordersOk &&
    chatsOk &&
    stats.currentEnvironment === 'production';
  if (!ok) {
    if (!ordersOk || !chatsOk) console.log('FAIL: the backend ledger does not match what callers were told');
    if (stats.currentEnvironment !== 'production') console.log('FAIL: no fail-back to production');
    if (totals.lost > 0 || unaccounted !== 0) console.log('FAIL: commands were lost');
    if (!busOk) console.log('FAIL: bus orders were lost or handled twice');
    return 1;
  }
  console.log('OK: nothing lost, failed over and back; every bus order handled exactly once.');
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
    // Everything is closed; this only guards CI against a handle someone else left open.
    setTimeout(() => process.exit(code), 2_000).unref();
  },
  (error: unknown) => {
    process.stdout.write('\x1b[?25h');
    console.error(error);
    process.exit(1);
  },
);
