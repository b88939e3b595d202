import { HandlerTiming, pipelineStep } from '../../pipeline';
import { RequestLoggingHandler } from './request-logging-handler';

/** Options of `@RequestLogging`. */
export interface RequestLoggingOptions {
  /** Place in the chain: lower is outer. A finite integer. */
  step: number;
  /** Default Before: wrap the handler. After: run when the handler calls `super.handle`. */
  timing?: HandlerTiming;
}

/**
 * Logs entry, exit (with elapsed ms) and failure of the dolls inside it; secrets in the request
 * (keys matching key/token/secret/password/authorization/cookie) are redacted.
 *
 * @example
 * ```ts
 * class GreetHandler extends RequestHandler<GreetCommand> {
 *   @RequestLogging({ step: 0 })
 *   override async handle(command: GreetCommand) { return `Hello, ${command.name}`; }
 * }
 * ```
 */
export function RequestLogging(options: RequestLoggingOptions): MethodDecorator {
  return pipelineStep(RequestLoggingHandler, {
    step: options?.step,
    timing: options?.timing ?? HandlerTiming.Before,
  });
}
