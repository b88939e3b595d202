import type { Socket } from 'socket.io-client';
import type { EnvironmentName } from '../failover/environment-config';
import { EnvironmentConnection, type ConnectionEvents } from './environment-connection';
import {
  SocketAckTimeoutError,
  SocketBufferOverflowError,
  SocketClosedError,
  SocketUnreachableError,
} from './errors';
import { ListenerRegistry, type SocketListener } from './listener-registry';
import type { SocketHost } from './socket-host';
import {
  loggableUrl,
  resolveSocketOptions,
  SOCKET_DEFAULTS,
  socketUrlOf,
  type FailoverSocketOptions,
} from './socket-options';

/** Options of {@link FailoverSocket.emitWithAck}. */
export interface EmitWithAckOptions {
  /** How long to wait for the ack, from the call (time spent buffered counts). Default: the environment's `timeoutMs`, else 10 000. */
  timeoutMs?: number;
  /** Aborting rejects the call with the signal's reason (and unqueues it if it is still buffered). */
  signal?: AbortSignal;
}

interface Waiter {
  resolve(): void;
  reject(error: Error): void;
}

/**
 * A socket.io client that follows the environment of its {@link SocketHost} (the FailoverClient):
 * one live connection to the current environment's `socketUrl`, listeners that survive every
 * reconnect and switch, emits buffered (bounded) while disconnected and delivered in order, and
 * failover when the environment's socket server stays unreachable.
 *
 * Created by the FailoverClient as `client.socket`; it connects on start where the current
 * environment has `enableSocket`, or when `connect()` is called.
 *
 * @example
 * ```ts
 * const client = new FailoverClient({ environments, initialEnvironment: 'production' });
 * client.socket.on('price', (p) => console.log(p));     // kept across switches
 * client.socket.emit('subscribe', { symbol: 'ACME' });  // buffered until connected
 * const saved = await client.socket.emitWithAck('save', doc, { timeoutMs: 2_000 });
 * await client.close();                                 // closes the socket too
 * ```
 */
export class FailoverSocket {
  private readonly settings: Required<FailoverSocketOptions>;
  private readonly listeners = new ListenerRegistry();
  /** Emits waiting for a connection, as `[event, ...args]`. */
  private buffer: unknown[][] = [];
  /** The connected socket.io socket, else null: the emit fast path reads only this and the buffer. */
  private live: Socket | null = null;
  private connection: EnvironmentConnection | null = null;
  private readonly closings = new Set<Promise<void>>();
  private readonly waiters: Waiter[] = [];
  private readonly pendingAcks = new Set<(error: Error) => void>();
  private unsubscribe: (() => void) | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private started = false;
  private closed = false;
  /** Set by `connect()` or `enableSocket`: the socket follows switches only while wanted. */
  private wanted = false;
  private readonly events: ConnectionEvents = {
    connected: (c) => this.onConnected(c),
    disconnected: (c, reason, carried) => this.onDisconnected(c, reason, carried),
    unreachable: (c, error) => this.onUnreachable(c, error),
    refused: (c, error) => this.onRefused(c, error),
  };

  constructor(
    protected readonly host: SocketHost,
    options?: FailoverSocketOptions,
  ) {
    this.settings = resolveSocketOptions(options);
    // The host may still be mid-construction (FailoverClient builds us in a field initialiser).
    queueMicrotask(() => this.start());
  }

  /** True while a socket.io connection to the current environment is up. */
  get connected(): boolean {
    return this.live !== null && this.live.connected;
  }

  /** The environment the socket is connected or connecting to, if any. */
  get environment(): EnvironmentName | undefined {
    return this.connection?.environment;
  }

  /** Emits waiting for a connection. */
  get bufferedCount(): number {
    return this.buffer.length;
  }

  /**
   * Connects to the current environment (whatever its `enableSocket`) and keeps following it.
   * Resolves once connected, possibly to another environment after failover; rejects with
   * `SocketUnreachableError` when no environment could be reached, `SocketClosedError` after close.
   *
   * @example
   * ```ts
   * await client.socket.connect();
   * client.socket.connected; // true
   * ```
   */
  connect(): Promise<void> {
    if (this.closed) return Promise.reject(new SocketClosedError());
    this.wanted = true;
    if (!this.started) this.start();
    if (this.connected) return Promise.resolve();
    if (!this.connection && this.retryTimer === undefined) this.open(this.host.currentEnvironment);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /**
   * Sends an event. Connected: straight to socket.io. Disconnected: buffered, delivered in order
   * on the next connection (whichever environment that is). Throws `SocketBufferOverflowError`
   * when the buffer is full and `SocketClosedError` after `close()`; never drops silently.
   * A switch loses none: the old connection writes out what it holds before it closes (within
   * `drainTimeoutMs`). When a connection drops, what socket.io had not written yet is carried to
   * the next one, in order; an emit already on the wire is at most once (docs/sockets.md,
   * "Delivery guarantees"); use `emitWithAck` where delivery must be confirmed.
   *
   * @example
   * ```ts
   * client.socket.emit('chat', { room: 'general', text: 'hi' });
   * ```
   */
  emit(event: string, ...args: unknown[]): this {
    const live = this.live;
    if (live !== null && this.buffer.length === 0) {
      live.emit(event, ...args);
      return this;
    }
    return this.enqueue(event, args);
  }

  private enqueue(event: string, args: unknown[]): this {
    if (this.closed) throw new SocketClosedError(event);
    if (this.buffer.length >= this.settings.maxBufferedEmits) {
      throw new SocketBufferOverflowError(event, this.settings.maxBufferedEmits);
    }
    args.unshift(event);
    this.buffer.push(args);
    return this;
  }

  /**
   * Sends one payload and resolves with the server's acknowledgement. Rejects with
   * `SocketAckTimeoutError` when none arrives within `timeoutMs` (buffered time included),
   * `SocketBufferOverflowError` when it cannot be buffered, `SocketClosedError` on close.
   *
   * @example
   * ```ts
   * // server: socket.on('save', (doc, ack) => ack({ ok: true }))
   * const { ok } = await client.socket.emitWithAck<{ ok: boolean }>('save', doc, { timeoutMs: 2_000 });
   * ```
   */
  emitWithAck<T = unknown>(event: string, payload: unknown, options: EmitWithAckOptions = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.closed) return reject(new SocketClosedError(event));
      const { signal } = options;
      if (signal?.aborted) return reject(signal.reason);
      const timeoutMs = options.timeoutMs ?? this.ackTimeoutDefault();
      let done = false;
      let acked = false;
      const finish = (error: Error | undefined, value?: T): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.pendingAcks.delete(fail);
        if (!acked) this.unqueue(ack);
        if (error) reject(error);
        else resolve(value as T);
      };
      const fail = (error: Error): void => finish(error);
      const onAbort = (): void => finish(signal!.reason);
      const ack = (response: T): void => {
        acked = true; // delivered: nothing left to unqueue
        finish(undefined, response);
      };
      const timer = setTimeout(
        () => finish(new SocketAckTimeoutError(event, timeoutMs, this.connection?.environment)),
        timeoutMs,
      );
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pendingAcks.add(fail);
      const args = payload === undefined ? [ack] : [payload, ack];
      const connection = this.connection;
      if (this.live !== null && connection !== null && this.buffer.length === 0) {
        connection.emitWithAck(event, args);
        return;
      }
      try {
        this.enqueue(event, args);
      } catch (error) {
        finish(error as Error);
      }
    });
  }

  /**
   * Listens for a server event on whichever environment is current, now and after every
   * reconnect and switch. socket.io's own `connect`, `disconnect` and `connect_error` work too.
   * A listener added twice for one event is attached once.
   *
   * @example
   * ```ts
   * client.socket.on('price', (symbol: string, price: number) => render(symbol, price));
   * ```
   */
  on(event: string, listener: SocketListener): this {
    if (this.listeners.add(event, listener)) this.connection?.socket.on(event, listener);
    return this;
  }

  /**
   * Stops listening: one listener, or every listener of the event when none is given.
   *
   * @example
   * ```ts
   * client.socket.off('price', render);
   * client.socket.off('price'); // all of them
   * ```
   */
  off(event: string, listener?: SocketListener): this {
    const socket = this.connection?.socket;
    for (const removed of this.listeners.remove(event, listener)) socket?.off(event, removed);
    return this;
  }

  /**
   * Lets the connection write out what socket.io holds (within `drainTimeoutMs`), then disconnects
   * and releases everything: no socket, timer or listener is left open. Pending acks
   * and `connect()` calls reject with `SocketClosedError`; buffered emits are discarded (and
   * logged with their count). Idempotent.
   *
   * @example
   * ```ts
   * await client.socket.close();
   * ```
   */
  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.unsubscribe?.();
      this.unsubscribe = undefined;
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
      this.drop();
      if (this.buffer.length > 0) {
        this.host.logger.warn({ discarded: this.buffer.length }, 'socket closed with emits still buffered');
        this.buffer = [];
      }
      const error = new SocketClosedError();
      for (const fail of [...this.pendingAcks]) fail(error);
      this.rejectWaiters(error);
    }
    await Promise.all([...this.closings]);
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  private start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    this.unsubscribe = this.host.onEnvironmentChanged((to) => this.follow(to));
    const current = this.host.currentEnvironment;
    if (this.host.environmentConfig(current).enableSocket) this.wanted = true;
    if (this.wanted && !this.connection) this.open(current);
  }

  /** An environment switch, whatever caused it: move the socket there. */
  private follow(to: EnvironmentName): void {
    if (this.closed || this.connection?.environment === to) return;
    this.drop();
    if (this.wanted || this.host.environmentConfig(to).enableSocket) {
      this.wanted = true;
      this.open(to);
    }
  }

  private open(environment: EnvironmentName): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const host = this.host;
    let config;
    try {
      config = host.environmentConfig(environment);
      const auth = (cb: (data: object) => void): void => {
        host.socketAuth(environment).then(cb, (error: unknown) => {
          host.logger.warn(
            { environment, error: this.describe(error) },
            'socket auth unavailable; connecting without credentials',
          );
          cb({});
        });
      };
      this.connection = new EnvironmentConnection(environment, config, auth, this.listeners, this.events);
    } catch (error) {
      // A config socket.io cannot use: as unreachable as a dead server, so fail over.
      this.connection = null;
      queueMicrotask(() => this.failOver(environment, error as Error));
      return;
    }
    host.logger.info({ environment, url: loggableUrl(socketUrlOf(config)) }, 'socket connecting');
  }

  /** Tears the current connection down, keeping whatever socket.io had not sent yet. */
  private drop(): void {
    const connection = this.connection;
    if (!connection) return;
    this.connection = null;
    this.live = null;
    const { unsent, closed } = connection.close(this.settings.drainTimeoutMs);
    if (unsent.length > 0) this.buffer = unsent.concat(this.buffer);
    const environment = connection.environment;
    const settled = closed.then((undrained) => {
      this.closings.delete(settled);
      if (undrained > 0) {
        this.host.logger.warn(
          { environment, undrained, drainTimeoutMs: this.settings.drainTimeoutMs },
          'socket closed before socket.io had written every emit; those were not delivered',
        );
      }
    });
    this.closings.add(settled);
  }

  private onConnected(connection: EnvironmentConnection): void {
    if (connection !== this.connection) return;
    const socket = connection.socket;
    const buffer = this.buffer;
    if (buffer.length > 0) {
      this.buffer = [];
      for (const entry of buffer) socket.emit(...(entry as [string, ...unknown[]]));
    }
    this.live = socket;
    this.host.logger.info(
      { environment: connection.environment, delivered: buffer.length },
      'socket connected',
    );
    const waiters = this.waiters.splice(0);
    for (const waiter of waiters) waiter.resolve();
  }

  private onDisconnected(connection: EnvironmentConnection, reason: string, carried: unknown[][]): void {
    if (connection !== this.connection) return;
    this.live = null;
    if (carried.length > 0) this.buffer = carried.concat(this.buffer);
    this.host.logger.warn({ environment: connection.environment, reason }, 'socket disconnected');
  }

  private onRefused(connection: EnvironmentConnection, error: Error): void {
    if (connection !== this.connection) return;
    const environment = connection.environment;
    const described = this.describe(error);
    this.host.logger.error({ environment, error: described }, 'socket connection refused by the server');
    this.rejectWaiters(new SocketUnreachableError(environment, new Error(described)));
  }

  private onUnreachable(connection: EnvironmentConnection, error: Error): void {
    if (connection !== this.connection) return;
    this.failOver(connection.environment, error);
  }

  /** Same failover as HTTP: the host marks the environment failed and switches (which calls `follow`). */
  private failOver(environment: EnvironmentName, error: Error): void {
    if (this.closed) return;
    const described = this.describe(error);
    this.host.logger.warn(
      { environment, error: described },
      'socket cannot reach its environment; failing over',
    );
    const safeError = new Error(described);
    this.host.reportUnreachable(environment, safeError).then(
      (next) => this.afterFailOver(environment, next, safeError),
      (failure: unknown) => this.afterFailOver(environment, environment, failure),
    );
  }

  private afterFailOver(failed: EnvironmentName, next: EnvironmentName, cause: unknown): void {
    if (this.closed) return;
    if (next !== failed) {
      this.follow(next); // usually done already by the host's change notification
      return;
    }
    // Nowhere else to go: tell connect() callers, keep trying after a pause.
    this.rejectWaiters(new SocketUnreachableError(failed, cause));
    this.drop();
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.closed && !this.connection) this.open(this.host.currentEnvironment);
    }, this.retryDelay(failed));
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /**
   * Forgets an emitWithAck that timed out or was aborted before it was sent: its entry in our
   * buffer (found by its ack callback, the entry's last element: entries moved back from socket.io
   * by a switch are new arrays) or the packet socket.io is still holding.
   */
  private unqueue(ack: SocketListener): void {
    const buffer = this.buffer;
    for (let i = buffer.length - 1; i >= 0; i--) {
      const entry = buffer[i];
      if (entry[entry.length - 1] === ack) {
        buffer.splice(i, 1);
        return;
      }
    }
    this.connection?.discardUnsent(ack);
  }

  private rejectWaiters(error: Error): void {
    const waiters = this.waiters.splice(0);
    for (const waiter of waiters) waiter.reject(error);
  }

  private ackTimeoutDefault(): number {
    const environment = this.connection?.environment ?? this.host.currentEnvironment;
    return this.host.environmentConfig(environment).timeoutMs ?? SOCKET_DEFAULTS.ackTimeoutMs;
  }

  private retryDelay(environment: EnvironmentName): number {
    const delay = this.host.environmentConfig(environment).socketOptions?.reconnectionDelayMax;
    return typeof delay === 'number' && delay >= 0 ? delay : 5_000;
  }

  /** An error's message with every secret the host knows (keys, static and provided tokens) scrubbed out. */
  private describe(error: unknown): string {
    return this.host.scrub(error instanceof Error ? error.message : String(error));
  }
}

export type { FailoverSocketOptions } from './socket-options';
