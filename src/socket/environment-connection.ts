import { io, type Socket } from 'socket.io-client';
import type { EnvironmentName } from '../failover/environment-config';
import type { SocketEnvironmentConfig as EnvironmentConfig } from './socket-environment-config';
import type { ListenerRegistry } from './listener-registry';
import { ioOptionsFor, socketUrlOf } from './socket-options';

/** What a connection tells its owner (the FailoverSocket). */
export interface ConnectionEvents {
  connected(connection: EnvironmentConnection): void;
  disconnected(connection: EnvironmentConnection, reason: string): void;
  /** The server could not be reached after the configured reconnection attempts. */
  unreachable(connection: EnvironmentConnection, error: Error): void;
  /** The server answered and refused the connection (auth middleware); no failover, retried later. */
  refused(connection: EnvironmentConnection, error: Error): void;
}

/** Longest wait in `close()` for the transport to finish its closing handshake. */
const CLOSE_WAIT_MS = 1_000;

/**
 * One socket.io connection to one environment, from first connect to teardown. socket.io's own
 * reconnection runs inside it; when that gives up, the owner fails over and builds a new one.
 */
export class EnvironmentConnection {
  readonly socket: Socket;
  private lastError: Error = new Error('connection closed');
  private retryTimer: NodeJS.Timeout | undefined;
  private closing = false;

  constructor(
    readonly environment: EnvironmentName,
    config: EnvironmentConfig,
    auth: (cb: (data: object) => void) => void,
    listeners: ListenerRegistry,
    private readonly events: ConnectionEvents,
  ) {
    this.socket = io(socketUrlOf(config), ioOptionsFor(config, auth));
    const socket = this.socket;
    const manager = socket.io;
    // Ours first, so a user's 'connect' listener already sees the buffer flushed.
    socket.on('connect', () => this.events.connected(this));
    socket.on('disconnect', (reason) => this.onDisconnect(reason));
    socket.on('connect_error', (err) => this.onConnectError(err));
    manager.on('reconnect_error', (err) => (this.lastError = err));
    manager.on('reconnect_failed', () => this.events.unreachable(this, this.lastError));
    listeners.attachAll(socket);
    socket.connect();
  }

  private onConnectError(err: Error): void {
    if (this.closing) return;
    this.lastError = err;
    if (!this.socket.active) {
      // The server refused us (CONNECT_ERROR from a middleware): socket.io will not retry by itself.
      this.events.refused(this, err);
      this.retryLater();
    } else if (!this.socket.io.reconnection()) {
      this.events.unreachable(this, err);
    }
  }

  private onDisconnect(reason: string): void {
    if (this.closing) return;
    this.events.disconnected(this, reason);
    if (!this.socket.io.reconnection() && reason !== 'io server disconnect') {
      this.events.unreachable(this, new Error(`socket disconnected: ${reason}`));
    } else if (!this.socket.active) {
      // Kicked by the server ('io server disconnect'): socket.io leaves reconnecting to us.
      this.retryLater();
    }
  }

  private retryLater(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (!this.closing) this.socket.connect();
    }, this.socket.io.reconnectionDelayMax());
  }

  /** Removes a not-yet-sent packet whose ack callback is `ack` from socket.io's own buffer. */
  discardUnsent(ack: unknown): void {
    const socket = this.socket;
    const sendBuffer = socket.sendBuffer;
    if (sendBuffer.length === 0) return;
    const acks = (socket as unknown as { acks: Record<number, unknown> }).acks;
    const index = sendBuffer.findIndex((packet) => packet.id !== undefined && acks[packet.id] === ack);
    if (index < 0) return;
    delete acks[sendBuffer[index].id as number];
    sendBuffer.splice(index, 1);
  }

  /**
   * Disconnects for good. Returns, synchronously, what socket.io had queued but not sent (as
   * `[event, ...args]`, ack callback last), so the owner can deliver it elsewhere; and a promise
   * that settles once the transport is closed, so nothing is left holding the event loop.
   */
  close(): { unsent: unknown[][]; closed: Promise<void> } {
    this.closing = true;
    clearTimeout(this.retryTimer);
    const socket = this.socket;
    const unsent = takeUnsent(socket);
    const ws = (socket.io.engine as unknown as { transport?: { ws?: unknown } } | undefined)?.transport?.ws;
    socket.disconnect();
    socket.io.removeAllListeners();
    socket.removeAllListeners();
    return { unsent, closed: whenClosed(ws) };
  }
}

/** Packets socket.io buffered itself (it does so when a ping expired): ours to redeliver, not to lose. */
function takeUnsent(socket: Socket): unknown[][] {
  const acks = (socket as unknown as { acks: Record<number, unknown> }).acks;
  const out: unknown[][] = [];
  for (const packet of socket.sendBuffer) {
    const entry = (packet.data as unknown[]).slice();
    if (packet.id !== undefined && typeof acks[packet.id] === 'function') entry.push(acks[packet.id]);
    out.push(entry);
  }
  socket.sendBuffer.length = 0;
  return out;
}

/** Resolves when a `ws` WebSocket has closed (or at once for other transports), capped in time. */
function whenClosed(ws: unknown): Promise<void> {
  const socket = ws as { readyState?: number; once?: (event: string, fn: () => void) => void } | undefined;
  if (!socket || typeof socket.once !== 'function' || socket.readyState === 3) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, CLOSE_WAIT_MS);
    timer.unref();
    socket.once!('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
