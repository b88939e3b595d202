import type { DependencyContainer } from 'tsyringe';
import type { HandlerClass, RequestContext, RequestHandler, ServiceRegistry } from '../requests';
import { compilePipeline, type ChainLink } from './compile-chain';
import { dollFactory, plainConstruction } from './doll-factory';
import { giveOwnBaseMethods } from './own-base-methods';
import { planPipeline, validatePlan } from './pipeline-plan';

/** One handler's pipeline, validated for one processor: what a send needs to make its chain. */
export interface PreparedPipeline {
  /** The dolls' class names, outermost first, ending with the target handler. */
  readonly names: readonly string[];
  /** The target handler's class name (cached: read on every send). */
  readonly targetName: string;
  /** Makes this send's dolls, linked outermost-first and each given `context`; returns the outermost. */
  newChain(context: RequestContext): RequestHandler<any>;
  /** `newChain(context).handle(request)`, with one call site per pipeline for the outermost doll. */
  run(context: RequestContext, request: unknown): Promise<unknown>;
}

/**
 * One processor's pipelines, prepared once per handler class and kept. Metadata is read once per
 * class (see `planPipeline`); validation against this processor's services and the choice of how
 * each doll is made happen here, once; a send only allocates its dolls.
 */
export class PreparedPipelines {
  private readonly prepared = new Map<HandlerClass, PreparedPipeline>();

  constructor(
    private readonly container: DependencyContainer,
    private readonly services: ServiceRegistry,
  ) {}

  /** The pipeline of `handler`, prepared and validated on first use. Throws PipelineConfigurationError. */
  for(handler: HandlerClass): PreparedPipeline {
    let pipeline = this.prepared.get(handler);
    if (!pipeline) {
      pipeline = this.prepare(handler);
      this.prepared.set(handler, pipeline);
    }
    return pipeline;
  }

  private prepare(handler: HandlerClass): PreparedPipeline {
    const plan = planPipeline(handler);
    validatePlan(plan, this.services);
    for (const link of plan.links) giveOwnBaseMethods(link.handler);
    const links: ChainLink[] = plan.links.map((link) => ({
      make: dollFactory(link, this.container, handler.name),
      plain: plainConstruction(link, this.container, handler.name),
      makesInnerDolls:
        link.step !== undefined && (link.handler as { makesInnerDolls?: boolean }).makesInnerDolls === true,
    }));
    const chain = compilePipeline(links);
    return {
      names: plan.links.map((link) => link.handler.name),
      targetName: handler.name,
      newChain: chain.build,
      run: chain.run,
    };
  }
}
