import type { EnvironmentName } from '../failover/environment-config';
import { SocketAckTimeoutError, SocketClosedError } from './errors';
import type { SocketListener } from './listener-registry';

/** Options of {@link FailoverSocket.emitWithAck}. */
export interface EmitWithAckOptions {
  /** How long to wait for the ack, from the call (time spent buffered counts). Default: the environment's `timeoutMs`, else 10 000. */
  timeoutMs?: number;
  /** Aborting rejects the call with the signal's reason (and unqueues it if it is still buffered). */
  signal?: AbortSignal;
}

/** What an acknowledged emit needs from the socket that sends it. */
export interface AckChannel {
  isClosed(): boolean;
  /** The environment the socket is on, for the timeout error. */
  environment(): EnvironmentName | undefined;
  /** The timeout when the call sets none. */
  defaultAckTimeoutMs(): number;
  /** Sends or buffers `[event, ...args]` (ack callback last); throws when it cannot be buffered. */
  send(event: string, args: unknown[]): void;
  /** Takes back an emit that was not sent yet (from our buffer or socket.io's). */
  unqueue(ack: SocketListener): void;
  /** Failures to call on close: every ack still pending. */
  readonly pendingAcks: Set<(error: Error) => void>;
}

/**
 * Emits `payload` with an ack callback and settles with the ack, a {@link SocketAckTimeoutError}
 * after `timeoutMs`, the signal's reason on abort, or the error `send` threw. A call that ends
 * before its emit was sent takes the emit back, so it is never sent later.
 */
export function emitWithAck<T>(
  channel: AckChannel,
  event: string,
  payload: unknown,
  options: EmitWithAckOptions,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (channel.isClosed()) return reject(new SocketClosedError(event));
    const { signal } = options;
    if (signal?.aborted) return reject(signal.reason);
    const timeoutMs = options.timeoutMs ?? channel.defaultAckTimeoutMs();
    let done = false;
    let acked = false;
    const finish = (error: Error | undefined, value?: T): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      channel.pendingAcks.delete(fail);
      if (!acked) channel.unqueue(ack);
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
      () => finish(new SocketAckTimeoutError(event, timeoutMs, channel.environment())),
      timeoutMs,
    );
    signal?.addEventListener('abort', onAbort, { once: true });
    channel.pendingAcks.add(fail);
    try {
      channel.send(event, payload === undefined ? [ack] : [payload, ack]);
    } catch (error) {
      finish(error as Error);
    }
  });
}
