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

/**
 * A pipeline that cannot be built: duplicate or non-integer steps, a bad step option, a handler
 * that cannot be constructed (the container's error is the `cause`).
 */
export class PipelineConfigurationError extends MatryoshkaError {}

/** `UseResiliencePipeline` names a policy the `ResiliencePipelineRegistry` does not hold. */
export class UnknownResiliencePipelineError extends PipelineConfigurationError {
  constructor(
    readonly pipelineName: string,
    readonly handlerName: string,
    known: readonly string[],
  ) {
    super(
      `${handlerName}: UseResiliencePipeline names "${pipelineName}", which the ResiliencePipelineRegistry does not hold` +
        ` (known: ${known.length ? known.map((k) => `"${k}"`).join(', ') : 'none'}).`,
    );
  }
}

/** A feature switch asked about a feature that has no configuration (and `missing` is 'error'). */
export class FeatureSwitchConfigurationError extends MatryoshkaError {}
