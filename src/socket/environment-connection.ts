import { io, type Socket } from 'socket.io-client';
import type { EnvironmentName } from '../failover/environment-config';
import type { SocketEnvironmentConfig as EnvironmentConfig } from './socket-environment-config';
import { closeAfterDrain } from './connection-teardown';
import { takeUnsent, takeUnwritten } from './unsent-packets';
import type { ListenerRegistry, SocketListener } from './listener-registry';
import { ioOptionsFor, socketUrlOf } from './socket-options';

/** What a connection tells its owner (the FailoverSocket). */
export interface ConnectionEvents {
  connected(connection: EnvironmentConnection): void;
  /**
   * The connection dropped (socket.io reconnects it unless told otherwise). `carried`: what socket.io
   * and engine.io still held unsent, oldest first, for the owner to deliver on the next connection.
   */
  disconnected(connection: EnvironmentConnection, reason: string, carried: unknown[][]): void;
  /** The server could not be reached after the configured reconnection attempts. */
  unreachable(connection: EnvironmentConnection, error: Error): void;
  /** The server answered and refused the connection (auth middleware); no failover, retried later. */
  refused(connection: EnvironmentConnection, error: Error): void;
}

/**
 * One socket.io connection to one environment, from first connect to teardown. socket.io's own
 * reconnection runs inside it; when that gives up, the owner fails over and builds a new one.
 */
export class EnvironmentConnection {
  readonly socket: Socket;
  private lastError: Error = new Error('connection closed');
  private retryTimer: NodeJS.Timeout | undefined;
  private closing = false;
  private readonly heldAcks = new WeakMap<object, SocketListener>();

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
    this.events.disconnected(this, reason, this.takeHeld());
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

  /**
   * Emits with an ack callback (the last of `args`). When socket.io keeps the packet in its own
   * `sendBuffer` (its heartbeat had expired), the callback is remembered so the packet can be
   * unqueued or carried to another connection with its ack.
   */
  emitWithAck(event: string, args: unknown[]): void {
    const socket = this.socket;
    const held = socket.sendBuffer.length;
    socket.emit(event, ...args);
    if (socket.sendBuffer.length > held) {
      this.heldAcks.set(socket.sendBuffer[held], args[args.length - 1] as SocketListener);
    }
  }

  /** Removes a not-yet-sent packet whose ack callback is `ack` from socket.io's own buffer. */
  discardUnsent(ack: SocketListener): void {
    const sendBuffer = this.socket.sendBuffer;
    const index = sendBuffer.findIndex((packet) => this.heldAcks.get(packet) === ack);
    if (index >= 0) sendBuffer.splice(index, 1);
  }

  /** What engine.io had not written yet, then what socket.io buffered itself: the order they were emitted in. */
  private takeHeld(): unknown[][] {
    const unwritten = takeUnwritten(this.socket);
    const unsent = takeUnsent(this.socket, this.heldAcks);
    return unwritten.length === 0 ? unsent : unwritten.concat(unsent);
  }

  /**
   * Leaves for good. Returns, synchronously, what socket.io had queued but not sent (as
   * `[event, ...args]`, ack callback last), so the owner can deliver it elsewhere; and a promise
   * that settles once what engine.io was still writing is written (within `drainTimeoutMs`) and the
   * transport is closed, with the count of packets that were not (see {@link closeAfterDrain}).
   */
  close(drainTimeoutMs: number): { unsent: unknown[][]; closed: Promise<number> } {
    this.closing = true;
    clearTimeout(this.retryTimer);
    const socket = this.socket;
    socket.removeAllListeners(); // the user's listeners and ours: nothing more reaches the owner
    // Something in socket.io's own buffer means it found the link dead (an expired heartbeat): what
    // engine.io still holds would be dropped with the transport, so it is carried too.
    const unsent = socket.sendBuffer.length > 0 ? this.takeHeld() : [];
    return { unsent, closed: closeAfterDrain(socket, drainTimeoutMs) };
  }
}
