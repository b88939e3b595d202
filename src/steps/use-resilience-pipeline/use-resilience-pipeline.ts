import { HandlerTiming, PipelineConfigurationError, pipelineStep } from '../../pipeline';
import { UseResiliencePipelineHandler } from './use-resilience-pipeline-handler';

/** Options of `@UseResiliencePipeline`. */
export interface UseResiliencePipelineOptions {
  /** Place in the chain: lower is outer. A finite integer. */
  step: number;
}

/**
 * Runs the inner dolls inside cockatiel policies looked up by name in the processor's
 * ResiliencePipelineRegistry; several names are wrapped, the first outermost. An unknown name is
 * an UnknownResiliencePipelineError when the pipeline is built.
 *
 * @example
 * ```ts
 * class ChargeHandler extends RequestHandler<ChargeCard> {
 *   @UseResiliencePipeline(['retry', 'breaker'], { step: 2 })
 *   override async handle(command: ChargeCard) { return gateway.charge(command, this.context.signal); }
 * }
 * ```
 */
export function UseResiliencePipeline(
  names: string | readonly string[],
  options: UseResiliencePipelineOptions,
): MethodDecorator {
  const list = typeof names === 'string' ? [names] : [...(names ?? [])];
  if (list.length === 0 || list.some((n) => typeof n !== 'string' || n.length === 0)) {
    throw new PipelineConfigurationError(
      `UseResiliencePipeline needs one or more policy names, got ${JSON.stringify(names)}.`,
    );
  }
  return pipelineStep(UseResiliencePipelineHandler, {
    step: options?.step,
    timing: HandlerTiming.Before,
    params: [list],
  });
}
