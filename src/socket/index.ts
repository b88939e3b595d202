// Sockets: the environment-following socket.io client behind `client.socket`, and its pipeline handlers.
export { FailoverSocket, type EmitWithAckOptions } from './failover-socket'; // client.socket: listeners, buffered emits, acks, failover
export { type FailoverSocketOptions, SOCKET_DEFAULTS } from './socket-options'; // buffer bound and defaults
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
export { SocketRequestHandler } from './socket-request-handler'; // base handler with this.socket
export { EmitSocketEvent, type EmitSocketEventOptions } from './emit-socket-event'; // built-in command: emit an event
export { EmitSocketEventHandler } from './emit-socket-event-handler'; // its handler
