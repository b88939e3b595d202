import type { Socket } from 'socket.io-client';
import type { EnvironmentName } from '../failover/environment-config';
import type { EmitBuffer } from './emit-buffer';
import { EnvironmentConnection, type ConnectionEvents } from './environment-connection';
import { SocketUnreachableError } from './errors';
import type { ListenerRegistry } from './listener-registry';
import type { SocketHost } from './socket-host';
import { loggableUrl, socketUrlOf, type FailoverSocketOptions } from './socket-options';

interface Waiter {
  resolve(): void;
  reject(error: Error): void;
}

/**
 * Keeps one connection on the host's current environment: opens it, moves it on every switch
 * (draining the old one), fails over when it stays unreachable, flushes the buffer on connect.
 * The {@link FailoverSocket} owns it; `onLive` tells the socket which socket.io socket is up.
 */
export class EnvironmentFollower {
  private current: EnvironmentConnection | null = null;
  private readonly closings = new Set<Promise<void>>();
  private readonly waiters: Waiter[] = [];
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
    private readonly host: SocketHost,
    private readonly settings: Required<FailoverSocketOptions>,
    private readonly listeners: ListenerRegistry,
    private readonly buffer: EmitBuffer,
    private readonly onLive: (socket: Socket | null) => void,
  ) {}

  /** The connection to the current environment (connected or connecting), if any. */
  get connection(): EnvironmentConnection | null {
    return this.current;
  }

  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    this.unsubscribe = this.host.onEnvironmentChanged((to) => this.follow(to));
    const current = this.host.currentEnvironment;
    if (this.host.environmentConfig(current).enableSocket) this.wanted = true;
    if (this.wanted && !this.current) this.open(current);
  }

  /** Resolves once connected (see `FailoverSocket.connect`). */
  connect(): Promise<void> {
    this.wanted = true;
    if (!this.started) this.start();
    if (!this.current && this.retryTimer === undefined) this.open(this.host.currentEnvironment);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Stops following and closes the connection (drained); `error` goes to pending `connect()` calls. */
  close(error: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.drop();
    this.rejectWaiters(error);
  }

  /** Settles once every connection closed so far has finished closing. */
  async whenClosed(): Promise<void> {
    await Promise.all([...this.closings]);
  }

  /** An environment switch, whatever caused it: move the socket there. */
  private follow(to: EnvironmentName): void {
    if (this.closed || this.current?.environment === to) return;
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
      this.current = new EnvironmentConnection(environment, config, auth, this.listeners, this.events);
    } catch (error) {
      // A config socket.io cannot use: as unreachable as a dead server, so fail over.
      this.current = null;
      queueMicrotask(() => this.failOver(environment, error as Error));
      return;
    }
    host.logger.info({ environment, url: loggableUrl(socketUrlOf(config)) }, 'socket connecting');
  }

  /** Leaves the current connection: what socket.io had not sent comes back to our buffer, the rest drains. */
  private drop(): void {
    const connection = this.current;
    if (!connection) return;
    this.current = null;
    this.onLive(null);
    const { drainTimeoutMs } = this.settings;
    const { unsent, closed } = connection.close(drainTimeoutMs);
    this.buffer.prepend(unsent);
    const environment = connection.environment;
    const settled = closed.then((undrained) => {
      this.closings.delete(settled);
      if (undrained > 0) {
        this.host.logger.warn(
          { environment, undrained, drainTimeoutMs },
          'socket closed before socket.io had written every emit; those were not delivered',
        );
      }
    });
    this.closings.add(settled);
  }

  private onConnected(connection: EnvironmentConnection): void {
    if (connection !== this.current) return;
    const socket = connection.socket;
    const entries = this.buffer.takeAll();
    for (const entry of entries) socket.emit(...(entry as [string, ...unknown[]]));
    this.onLive(socket);
    this.host.logger.info(
      { environment: connection.environment, delivered: entries.length },
      'socket connected',
    );
    const waiters = this.waiters.splice(0);
    for (const waiter of waiters) waiter.resolve();
  }

  private onDisconnected(connection: EnvironmentConnection, reason: string, carried: unknown[][]): void {
    if (connection !== this.current) return;
    this.onLive(null);
    this.buffer.prepend(carried);
    this.host.logger.warn({ environment: connection.environment, reason }, 'socket disconnected');
  }

  private onRefused(connection: EnvironmentConnection, error: Error): void {
    if (connection !== this.current) return;
    const environment = connection.environment;
    const described = this.describe(error);
    this.host.logger.error({ environment, error: described }, 'socket connection refused by the server');
    this.rejectWaiters(new SocketUnreachableError(environment, new Error(described)));
  }

  private onUnreachable(connection: EnvironmentConnection, error: Error): void {
    if (connection !== this.current) return;
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
      if (!this.closed && !this.current) this.open(this.host.currentEnvironment);
    }, this.retryDelay(failed));
  }

  private rejectWaiters(error: Error): void {
    const waiters = this.waiters.splice(0);
    for (const waiter of waiters) waiter.reject(error);
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
