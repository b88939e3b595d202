// The processor: handler registration, send/publish, and the errors they raise.
export { CommandProcessor, type CommandProcessorOptions, type SendOptions } from './command-processor';
export { SubscriberRegistry } from './subscriber-registry';
export { MissingHandlerError, HandlerRegistrationError } from './errors';
export { MissingBusError } from './post';
