import type { Socket } from 'socket.io-client';

/** Longest wait, once the connection is closed, for the `ws` transport to finish its closing handshake. */
const CLOSE_WAIT_MS = 1_000;

/**
 * Closes a connection without losing what it was given: engine.io first writes out its
 * `writeBuffer` (its own `close()` waits for `drain`), then the transport closes. No socket.io
 * DISCONNECT packet is sent: socket.io's server drops every event that arrives in the same read as
 * one (it dispatches events a tick later, and only while connected), so the server sees the
 * transport close instead. When the buffer has not drained within `drainTimeoutMs` the transport
 * is closed anyway. Resolves with the number of packets engine.io still held then (0 when drained),
 * once the transport is closed.
 */
export function closeAfterDrain(socket: Socket, drainTimeoutMs: number): Promise<number> {
  const manager = socket.io;
  manager.reconnection(false);
  const engine = manager.engine as typeof manager.engine | undefined;
  if (engine === undefined || engine.readyState === 'closed') {
    socket.disconnect();
    return Promise.resolve(0);
  }
  return new Promise((resolve) => {
    let undrained = 0;
    let ws = wsOf(engine);
    const onUpgrade = (): void => void (ws = wsOf(engine));
    const timer = setTimeout(() => {
      undrained = engine.writeBuffer.length;
      engine.transport.close(); // forced: engine.io drops what it had not written
    }, drainTimeoutMs);
    engine.on('upgrade', onUpgrade);
    engine.once('close', (reason: string) => {
      clearTimeout(timer);
      // Closed by the connection itself before draining (a dead transport, an expired heartbeat):
      // what engine.io still held is gone with it.
      if (reason !== 'forced close') undrained = Math.max(undrained, engine.writeBuffer.length);
      engine.off('upgrade', onUpgrade);
      socket.disconnect(); // releases the socket's subscriptions; the engine is closed, nothing is sent
      void whenClosed(ws).then(() => resolve(undrained));
    });
    engine.close();
  });
}

/** The `ws` WebSocket under engine.io's websocket transport, if that is the transport in use. */
function wsOf(engine: Socket['io']['engine']): unknown {
  return (engine.transport as unknown as { ws?: unknown } | undefined)?.ws;
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
