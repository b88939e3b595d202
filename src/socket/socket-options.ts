import type { ManagerOptions, SocketOptions } from 'socket.io-client';
import type { SocketEnvironmentConfig as EnvironmentConfig } from './socket-environment-config';
import { SocketOptionsError } from './errors';

/**
 * Client-wide settings of the failover socket (per-environment socket.io settings live in
 * `EnvironmentConfig.socketOptions`).
 *
 * @example
 * ```ts
 * new FailoverSocket(host, { maxBufferedEmits: 50_000 });
 * ```
 */
export interface FailoverSocketOptions {
  /** Emits kept while disconnected; one more throws `SocketBufferOverflowError`. Default 10 000; 0 disables buffering. */
  maxBufferedEmits?: number;
  /**
   * On a switch (and on `close()`), how long the old connection may take to write out what
   * socket.io and engine.io still hold before it is closed anyway. Default 5 000 ms.
   */
  drainTimeoutMs?: number;
}

/** Defaults the socket applies where `socketOptions` is silent. */
export const SOCKET_DEFAULTS = {
  maxBufferedEmits: 10_000,
  drainTimeoutMs: 5_000,
  /** socket.io's default is Infinity, which would never fail over. */
  reconnectionAttempts: 3,
  /** emitWithAck timeout when neither the call nor the environment (`timeoutMs`) sets one. */
  ackTimeoutMs: 10_000,
} as const;

/** Checks the client-wide options; a bad value is a programming error, reported at once as a SocketOptionsError. */
export function resolveSocketOptions(options: FailoverSocketOptions = {}): Required<FailoverSocketOptions> {
  const maxBufferedEmits = options.maxBufferedEmits ?? SOCKET_DEFAULTS.maxBufferedEmits;
  if (!Number.isInteger(maxBufferedEmits) || maxBufferedEmits < 0) {
    throw new SocketOptionsError('maxBufferedEmits', maxBufferedEmits, 'a non-negative integer');
  }
  const drainTimeoutMs = options.drainTimeoutMs ?? SOCKET_DEFAULTS.drainTimeoutMs;
  if (!Number.isFinite(drainTimeoutMs) || drainTimeoutMs < 0) {
    throw new SocketOptionsError('drainTimeoutMs', drainTimeoutMs, 'a finite non-negative number of ms');
  }
  return { maxBufferedEmits, drainTimeoutMs };
}

/** The URL a socket connects to for an environment. */
export function socketUrlOf(config: EnvironmentConfig): string {
  return config.socketUrl ?? config.apiUrl;
}

/**
 * socket.io-client options for one environment: its `socketOptions` over our defaults, with the
 * fields we own forced (`auth` from the environment's credentials, a private Manager, manual connect).
 */
export function ioOptionsFor(
  config: EnvironmentConfig,
  auth: (cb: (data: object) => void) => void,
): Partial<ManagerOptions & SocketOptions> {
  return {
    reconnectionAttempts: SOCKET_DEFAULTS.reconnectionAttempts,
    ...(config.socketOptions as Partial<ManagerOptions & SocketOptions> | undefined),
    auth,
    autoConnect: false,
    // A Manager of our own: io()'s cache would share one with other clients of the same URL.
    forceNew: true,
  };
}

/** A URL safe to log: no user info, no query (a token put there by mistake stays out of logs). */
export function loggableUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '[invalid url]';
  }
}
