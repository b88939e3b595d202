import type { DependencyContainer } from 'tsyringe';
import type { HandlerClass, RequestContext, RequestHandler, ContextServices } from '../requests';
import { dollFactory } from './handler-factory';
import { planPipeline, validatePlan } from './pipeline-plan';
import { compileChain, type ChainLink } from './compile-chain';

/** A validated pipeline with its doll factories, ready to be built once per send. */
export interface BuiltPipeline {
  readonly names: readonly string[];
  /** The target handler's class name (cached: read on every send). */
  readonly targetName: string;
  /** Fresh dolls linked outermost-first, each given `context`; returns the outermost. */
  build(context: RequestContext): RequestHandler<any>;
}

/**
 * Turns handler classes into runnable chains for one processor. Metadata is read once per class
 * (see `planPipeline`); validation against this processor's services and the choice of how each
 * doll is made happen once per class here; a send only allocates its dolls.
 */
export class PipelineBuilder {
  private readonly pipelines = new Map<HandlerClass, BuiltPipeline>();

  constructor(
    private readonly container: DependencyContainer,
    private readonly services: ContextServices,
  ) {}

  /** The pipeline for `handler`, built and validated on first use. Throws PipelineConfigurationError. */
  pipelineFor(handler: HandlerClass): BuiltPipeline {
    let pipeline = this.pipelines.get(handler);
    if (!pipeline) {
      pipeline = this.compile(handler);
      this.pipelines.set(handler, pipeline);
    }
    return pipeline;
  }

  private compile(handler: HandlerClass): BuiltPipeline {
    const plan = planPipeline(handler);
    validatePlan(plan, this.services);
    const links: ChainLink[] = plan.links.map((link) => ({
      make: dollFactory(link, this.container, handler.name),
      makesInnerDolls:
        link.step !== undefined && (link.handler as { makesInnerDolls?: boolean }).makesInnerDolls === true,
    }));
    return {
      names: plan.links.map((link) => link.handler.name),
      targetName: handler.name,
      build: compileChain(links),
    };
  }
}
