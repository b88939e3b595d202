// The Dispatcher: consumes queues and hands each message's request to the local processor
// (Brighter's service activator), with requeue, dead letters and reconnection.
export {
  Dispatcher,
  dispatchedMessage,
  type DispatcherOptions,
  type DispatcherErrorListener,
} from './dispatcher';
export { type Subscription } from './subscription';
export { type ReconnectOptions } from './subscription-consumer';
export { type MapperLookup } from './mappers';
export { type DispatcherTelemetry, type OtelConsumerTracer } from './telemetry';
export { DeferMessage, RejectMessage, DispatcherConfigurationError, DispatcherError } from './errors';
