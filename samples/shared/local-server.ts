// A local "environment" for the samples: an HTTP handler served on 127.0.0.1 (a free port),
// optionally with a socket.io server on the same port, and a kill switch that makes the port
// refuse connections and cuts the open ones, like a crashed host.
import type { Socket as NetSocket } from 'node:net';
import { Server as SocketServer } from 'socket.io';
import { serve, type HttpHandler, type Logger } from '../../src';

export interface LocalServer {
  readonly name: string;
  /** `http://127.0.0.1:<port>`: the environment's apiUrl (and socket URL). */
  readonly url: string;
  /** The socket.io server, when asked for one. */
  readonly io: SocketServer | undefined;
  /** Crash: refuse new connections, cut open ones. */
  kill(): Promise<void>;
  /** Same as kill; for the end of a sample. */
  close(): Promise<void>;
}

export interface LocalServerOptions {
  /** Attach a socket.io server (websocket transport) and set it up. */
  socket?: (io: SocketServer) => void;
  /** Largest request body; default serve's 1 MiB. */
  maxBodyBytes?: number;
  /** Where handler errors go; default: the console. */
  logger?: Logger;
}

export async function startLocalServer(
  name: string,
  handler: HttpHandler,
  options: LocalServerOptions = {},
): Promise<LocalServer> {
  const running = await serve(handler, {
    port: 0,
    host: '127.0.0.1',
    maxBodyBytes: options.maxBodyBytes,
    logger: options.logger,
  });
  const connections = new Set<NetSocket>();
  running.server.on('connection', (socket: NetSocket) => {
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
  });
  let io: SocketServer | undefined;
  if (options.socket) {
    io = new SocketServer(running.server, { transports: ['websocket'] });
    options.socket(io);
  }
  let closed: Promise<void> | undefined;
  const kill = (): Promise<void> =>
    (closed ??= new Promise<void>((resolve) => {
      running.server.close(() => resolve());
      for (const socket of connections) socket.destroy();
      io?.close();
    }));
  return { name, url: running.url, io, kill, close: kill };
}

/** A quiet pino-shaped logger (samples that print their own story). */
export const quietLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
