import type { EnvironmentName } from '../failover/environment-config';
import { MatryoshkaError } from '../core';

/** Base class of every error the socket layer throws, so callers can catch them as one kind. */
export class SocketError extends MatryoshkaError {}

/**
 * `emitWithAck` got no acknowledgement in time. The event may or may not have reached the server
 * (an ack lost to a disconnect or switch also ends here); retry only idempotent events.
 *
 * @example
 * ```ts
 * try { await client.socket.emitWithAck('save', doc, { timeoutMs: 2_000 }); }
 * catch (e) { if (e instanceof SocketAckTimeoutError) console.warn(e.event, e.timeoutMs); }
 * ```
 */
export class SocketAckTimeoutError extends SocketError {
  constructor(
    readonly event: string,
    readonly timeoutMs: number,
    readonly environment: EnvironmentName | undefined,
  ) {
    super(
      `No acknowledgement for socket event "${event}" within ${timeoutMs} ms (environment: ${environment ?? 'none'})`,
    );
  }
}

/**
 * An emit made while disconnected found the buffer full. The emit was refused, not dropped:
 * nothing was queued and the caller decides what to do.
 *
 * @example
 * ```ts
 * try { client.socket.emit('tick', n); }
 * catch (e) { if (e instanceof SocketBufferOverflowError) backOff(); }
 * ```
 */
export class SocketBufferOverflowError extends SocketError {
  constructor(
    readonly event: string,
    readonly limit: number,
  ) {
    super(
      `Socket emit "${event}" refused: ${limit} emits are already buffered while disconnected ` +
        `(raise maxBufferedEmits or wait for the socket to connect)`,
    );
  }
}

/** The socket was closed: emits, acks and `connect()` after (or pending at) `close()` end here. */
export class SocketClosedError extends SocketError {
  constructor(readonly event?: string) {
    super(
      event === undefined ? 'The socket is closed' : `Socket emit "${event}" refused: the socket is closed`,
    );
  }
}

/**
 * No environment's socket server could be reached: the socket tried its environment the configured
 * number of times, failover found nowhere else to go. It keeps retrying in the background;
 * `connect()` callers waiting at that moment get this error.
 */
export class SocketUnreachableError extends SocketError {
  constructor(
    readonly environment: EnvironmentName,
    cause: unknown,
  ) {
    super(`Socket could not reach environment "${environment}" and no other environment took over`, {
      cause,
    });
  }
}

/**
 * A client-wide socket option (`FailoverClientOptions.socket`) has a value the socket cannot use.
 *
 * @example
 * ```ts
 * new FailoverClient({ environments, socket: { drainTimeoutMs: -1 } }); // throws SocketOptionsError
 * ```
 */
export class SocketOptionsError extends SocketError {
  constructor(
    readonly option: string,
    readonly value: unknown,
    expected: string,
  ) {
    super(`Socket option ${option} must be ${expected}, got ${String(value)}`);
  }
}
