import type { Socket } from 'socket.io-client';
import type { EnvironmentName } from '../failover/environment-config';
import { EmitBuffer } from './emit-buffer';
import { emitWithAck, type AckChannel, type EmitWithAckOptions } from './emit-with-ack';
import { EnvironmentFollower } from './environment-follower';
import { SocketClosedError } from './errors';
import { ListenerRegistry, type SocketListener } from './listener-registry';
import type { SocketHost } from './socket-host';
import { resolveSocketOptions, SOCKET_DEFAULTS, type FailoverSocketOptions } from './socket-options';

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
  private readonly listeners = new ListenerRegistry();
  /** Emits waiting for a connection. */
  private readonly buffer: EmitBuffer;
  /** The connected socket.io socket, else null: the emit fast path reads only this and the buffer. */
  private live: Socket | null = null;
  private readonly follower: EnvironmentFollower;
  private closed = false;
  private readonly acks: AckChannel;

  constructor(
    protected readonly host: SocketHost,
    options?: FailoverSocketOptions,
  ) {
    const settings = resolveSocketOptions(options);
    this.buffer = new EmitBuffer(settings.maxBufferedEmits);
    this.follower = new EnvironmentFollower(host, settings, this.listeners, this.buffer, (live) => {
      this.live = live;
    });
    this.acks = this.ackChannel();
    // The host may still be mid-construction (FailoverClient builds us in a field initialiser).
    queueMicrotask(() => this.follower.start());
  }

  /** True while a socket.io connection to the current environment is up. */
  get connected(): boolean {
    return this.live !== null && this.live.connected;
  }

  /** The environment the socket is connected or connecting to, if any. */
  get environment(): EnvironmentName | undefined {
    return this.follower.connection?.environment;
  }

  /** Emits waiting for a connection. */
  get bufferedCount(): number {
    return this.buffer.size;
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
    if (this.connected) return Promise.resolve();
    return this.follower.connect();
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
    if (live !== null && this.buffer.size === 0) {
      live.emit(event, ...args);
      return this;
    }
    if (this.closed) throw new SocketClosedError(event);
    this.buffer.push(event, args);
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
    return emitWithAck<T>(this.acks, event, payload, options);
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
    if (this.listeners.add(event, listener)) this.follower.connection?.socket.on(event, listener);
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
    const socket = this.follower.connection?.socket;
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
      const error = new SocketClosedError();
      this.follower.close(error);
      const discarded = this.buffer.takeAll().length;
      if (discarded > 0) this.host.logger.warn({ discarded }, 'socket closed with emits still buffered');
      for (const fail of [...this.acks.pendingAcks]) fail(error);
    }
    await this.follower.whenClosed();
  }

  /** How emitWithAck reaches this socket: straight to socket.io when live with nothing buffered, else the buffer. */
  private ackChannel(): AckChannel {
    const { host, follower, buffer } = this;
    return {
      isClosed: () => this.closed,
      environment: () => follower.connection?.environment,
      pendingAcks: new Set(),
      defaultAckTimeoutMs: () => {
        const environment = follower.connection?.environment ?? host.currentEnvironment;
        return host.environmentConfig(environment).timeoutMs ?? SOCKET_DEFAULTS.ackTimeoutMs;
      },
      send: (event, args) => {
        const connection = follower.connection;
        if (this.live !== null && connection !== null && buffer.size === 0) {
          connection.emitWithAck(event, args);
        } else if (this.closed) {
          throw new SocketClosedError(event);
        } else {
          buffer.push(event, args);
        }
      },
      unqueue: (ack) => {
        if (!buffer.remove(ack)) follower.connection?.discardUnsent(ack);
      },
    };
  }
}

export type { FailoverSocketOptions } from './socket-options';
export type { EmitWithAckOptions } from './emit-with-ack';
