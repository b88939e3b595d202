import { MatryoshkaError } from '../core';

/** `send` found no handler registered for the command's type. */
export class MissingHandlerError extends MatryoshkaError {
  constructor(readonly requestType: string) {
    super(
      `No handler is registered for ${requestType}: register one with SubscriberRegistry.register(${requestType}, SomeHandler).`,
    );
  }
}

/** A registration that cannot stand: a second handler for a command, or something that is not a class. */
export class HandlerRegistrationError extends MatryoshkaError {}
