// What socket.io-client and engine.io-client still hold when a connection ends, turned back into
// `[event, ...args]` entries (ack callback last) the failover socket can deliver elsewhere, in order.
// Pinned by test/socket/socket-io-behaviour.test.ts: the fields read here beyond socket.io's
// documented `sendBuffer` (engine.io's `_prevBufferLen`, the Manager's `decoder`, the socket's
// `acks`) are dependency internals, and that test fails if an update changes them.
import type { Socket } from 'socket.io-client';
import type { SocketListener } from './listener-registry';

/** socket.io packet types that carry an event. */
const EVENT = 2;
const BINARY_EVENT = 5;

interface DecodedPacket {
  type: number;
  data?: unknown[];
  id?: number;
}

interface PacketDecoder {
  on(event: 'decoded', listener: (packet: DecodedPacket) => void): void;
  add(data: unknown): void;
  destroy(): void;
}

/** The internals read here (see the header). */
interface Internals {
  acks: Record<number, unknown>;
  io: { decoder?: { constructor: new () => PacketDecoder } };
}
interface EngineInternals {
  writeBuffer: { type: string; data?: unknown }[];
  _prevBufferLen?: number;
}

/**
 * What socket.io-client holds in its own, documented `socket.sendBuffer` (emits made while it
 * thought itself disconnected, or after its heartbeat expired), as `[event, ...args]` with the ack
 * callback last where there was one; the buffer is emptied. `heldAcks` maps a buffered packet to
 * its ack callback (recorded when it was emitted: see `EnvironmentConnection.emitWithAck`).
 */
export function takeUnsent(socket: Socket, heldAcks: WeakMap<object, SocketListener>): unknown[][] {
  const out: unknown[][] = [];
  for (const packet of socket.sendBuffer) {
    const entry = (packet.data as unknown[]).slice();
    const ack = heldAcks.get(packet);
    if (ack !== undefined) entry.push(ack);
    out.push(entry);
  }
  socket.sendBuffer.length = 0;
  return out;
}

/**
 * The packets engine.io holds in its `writeBuffer` that it never handed to the transport (those
 * past `_prevBufferLen`; the ones before it are on the wire, at most once), decoded back to
 * `[event, ...args]` with the ack callback last, and removed from the buffer so they are never
 * sent twice. engine.io drops them when the connection closes (a transport error, an expired
 * heartbeat); taken in time, they are delivered by the next connection instead.
 */
export function takeUnwritten(socket: Socket): unknown[][] {
  const engine = socket.io.engine as unknown as EngineInternals | undefined;
  const internals = socket as unknown as Internals;
  const Decoder = internals.io.decoder?.constructor;
  if (engine === undefined || Decoder === undefined) return [];
  const start = engine._prevBufferLen ?? 0;
  const tail = engine.writeBuffer.splice(start);
  if (tail.length === 0) return [];
  const out: unknown[][] = [];
  const decoder = new Decoder();
  decoder.on('decoded', (packet) => {
    // One socket per Manager (forceNew): every event packet is this socket's.
    if (packet.type !== EVENT && packet.type !== BINARY_EVENT) return;
    const entry = (packet.data ?? []).slice();
    const ack = packet.id === undefined ? undefined : internals.acks[packet.id];
    if (typeof ack === 'function') entry.push(ack);
    out.push(entry);
  });
  for (const packet of tail) {
    if (packet.type !== 'message') continue;
    try {
      decoder.add(packet.data);
    } catch {
      // A packet whose start was already written (a binary event cut at the boundary): on the wire, at most once.
    }
  }
  decoder.destroy();
  return out;
}
