// Pins the socket.io / engine.io behaviour the failover socket relies on, with bare socket.io-client
// against a real socket.io server on 127.0.0.1. If a dependency update changes any of it, this file
// fails and says what no longer holds (see src/socket/connection-teardown.ts).
import { io, type Socket } from 'socket.io-client';
import { startSocketServer, type TestSocketServer } from './socket-servers';

const heartbeat = { pingInterval: 200, pingTimeout: 200 };

describe('socket.io behaviour the failover socket depends on', () => {
  let server: TestSocketServer;
  const sockets: Socket[] = [];
  const connect = async (): Promise<Socket> => {
    const socket = io(server.url, { transports: ['websocket'], forceNew: true, reconnection: false });
    sockets.push(socket);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    return socket;
  };

  beforeEach(async () => {
    server = await startSocketServer(undefined, { handle: ['seq'], server: heartbeat });
  });
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    await server.close();
  });

  it('socket.io-client keeps an emit made after its heartbeat expired in socket.sendBuffer, as { data: [event, ...args] }, the ack apart', async () => {
    const socket = await connect();
    block(heartbeat.pingInterval + heartbeat.pingTimeout + 200);
    const ack = (): void => undefined;
    socket.emit('seq', 1);
    socket.emit('seq', 2, ack);
    expect(socket.sendBuffer.map((p) => p.data)).toEqual([
      ['seq', 1],
      ['seq', 2],
    ]);
    expect(socket.sendBuffer[1].id).toEqual(expect.any(Number));
  });

  it('engine.io-client holds a synchronous burst in engine.writeBuffer and writes it all out on engine.close(), before closing', async () => {
    const socket = await connect();
    const engine = socket.io.engine;
    for (let i = 0; i < 200; i++) socket.emit('seq', i);
    expect(engine.writeBuffer.length).toBeGreaterThan(100); // the first is on the wire, the rest wait for 'drain'
    const closed = new Promise<void>((resolve) => engine.once('close', () => resolve()));
    socket.io.reconnection(false);
    engine.close();
    await closed;
    await until(() => server.handled.length === 200);
    expect(server.handled.map((e) => e[1])).toEqual([...Array(200).keys()]);
  });

  it("socket.io's server drops events that arrive with the client's DISCONNECT packet (why a switch closes the transport instead)", async () => {
    const socket = await connect();
    for (let i = 0; i < 200; i++) socket.emit('seq', i);
    socket.disconnect();
    await until(() => server.received.length === 200); // they all arrived ...
    await new Promise((r) => setTimeout(r, 50));
    expect(server.handled.length).toBeLessThan(200); // ... yet `socket.on` handlers did not get them all
  });

  it("engine.io-client on polling: emits queued behind a POST sit in writeBuffer past _prevBufferLen, still there at socket.io's disconnect, decodable by the Manager's decoder, acks in socket.acks", async () => {
    const socket = io(server.url, { transports: ['polling'], forceNew: true, reconnection: false });
    sockets.push(socket);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const engine = socket.io.engine as unknown as {
      writeBuffer: { type: string; data: unknown }[];
      _prevBufferLen: number;
    };
    const ack = (): void => undefined;
    socket.emit('seq', 0); // goes out in a POST
    socket.emit('seq', 1, ack); // waits for that POST
    expect(engine.writeBuffer.map((p) => p.type)).toEqual(['message', 'message']);
    expect(engine._prevBufferLen).toBe(1);
    const internals = socket as unknown as {
      acks: Record<number, unknown>;
      io: { decoder: { constructor: new () => Decoder } };
    };
    const decoded: { type: number; data: unknown[]; id?: number }[] = [];
    const decoder = new internals.io.decoder.constructor();
    decoder.on('decoded', (packet) => decoded.push(packet));
    decoder.add(engine.writeBuffer[1].data);
    expect(decoded).toEqual([expect.objectContaining({ type: 2, data: ['seq', 1], id: expect.any(Number) })]);
    expect(internals.acks[decoded[0].id!]).toBe(ack);
    const atDisconnect = new Promise<number>((resolve) =>
      socket.once('disconnect', () => resolve(engine.writeBuffer.length)),
    );
    socket.io.engine.transport.close(); // the transport dies under engine.io
    expect(await atDisconnect).toBe(2);
  });

  it("engine.io-client's websocket transport exposes the `ws` WebSocket whose 'close' ends the TCP connection", async () => {
    const socket = await connect();
    const ws = (socket.io.engine.transport as unknown as { ws?: { once?: unknown; readyState?: number } }).ws;
    expect(typeof ws?.once).toBe('function');
    expect(ws?.readyState).toBe(1);
  });
});

interface Decoder {
  on(event: 'decoded', listener: (packet: { type: number; data: unknown[]; id?: number }) => void): void;
  add(data: unknown): void;
}

function block(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // spin: no timer or I/O runs meanwhile
  }
}

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
