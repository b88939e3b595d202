import { HandlerTiming, pipelineStep } from '../../pipeline';
import { RequestLoggingHandler } from './request-logging-handler';

export interface RequestLoggingOptions {
  step: number;
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
