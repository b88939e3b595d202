// The client layer: FailoverClient (failover + HTTP + socket composed), FailoverHub of named
// instances, the environment-aware base handlers and the built-in commands with their handlers.
export { FailoverClient, type FailoverOperation, type ExecuteWithFallbackOptions } from './failover-client'; // the client: http, socket, switches, stats
export type { FailoverClientOptions } from './failover-client-options'; // constructor options
export type { EnvironmentConfig } from './environment-config'; // one environment's configuration
export { FailoverHub } from './failover-hub'; // named instances
export { EnvironmentAwareHandler } from './environment-aware-handler'; // base of HttpRequestHandler / SocketRequestHandler: failoverInstance, failoverClient
export { HttpRequestHandler } from './http-request-handler'; // base handler with this.http
export { SocketRequestHandler } from './socket-request-handler'; // base handler with this.socket
export { HttpRequest } from './http-request'; // built-in command: one HTTP call through the pipeline
export { HttpRequestCommandHandler } from './http-request-command-handler'; // its handler
export { EmitSocketEvent, type EmitSocketEventOptions } from './emit-socket-event'; // built-in command: emit an event
export { EmitSocketEventHandler } from './emit-socket-event-handler'; // its handler
export { registerFailoverHandlers } from './register-failover-handlers'; // registers the built-in commands' handlers
export {
  UnknownInstanceError, // FailoverHub has no such instance
  FailoverClientNotRegisteredError, // a handler found no client in the container
} from './errors';
