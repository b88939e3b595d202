// Sockets on the failover layer: the environment-following socket.io client behind `client.socket`.
export { FailoverSocket, type EmitWithAckOptions } from './failover-socket'; // client.socket: listeners, buffered emits, acks, failover
export { type FailoverSocketOptions, SOCKET_DEFAULTS } from './socket-options'; // buffer bound and defaults
export type { SocketEnvironmentConfig } from './socket-environment-config'; // the socket fields of an environment's config
export { type SocketHost } from './socket-host'; // what the socket needs from its owner (the FailoverClient)
export { type SocketListener } from './listener-registry'; // a listener as socket.io calls it
export {
  SocketError, // base of the socket errors
  SocketAckTimeoutError, // emitWithAck got no ack in time
  SocketBufferOverflowError, // an emit while disconnected found the buffer full
  SocketClosedError, // used after close()
  SocketUnreachableError, // connect(): no environment's socket server reachable
  SocketOptionsError, // a client-wide socket option has an unusable value
} from './errors';
