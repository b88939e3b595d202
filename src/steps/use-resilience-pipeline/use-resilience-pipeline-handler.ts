import { PipelineConfigurationError, type StepValidationSite } from '../../pipeline';
import { RequestHandler, type Request, type RequestContext, type ResultOf } from '../../requests';
import { UnknownResiliencePipelineError } from './errors';
import { RESILIENCE_PIPELINES } from './resilience-pipeline-service';

// Handed to the policy when the caller gave no signal, so that an attempt's signal can be told
// apart: this one back means no policy made a signal of its own (no timeout), and the handlers see
// the caller's (none). Never passed on to handlers, so nothing piles listeners on it.
const NO_CALLER_SIGNAL = new AbortController().signal;

/**
 * The UseResiliencePipeline step: runs the inner dolls inside the named cockatiel policies. Each
 * attempt gets fresh inner dolls and its own view of the context whose `signal` is that
 * attempt's, so a timeout policy cancels in-flight I/O, and a handler still running after its
 * attempt timed out keeps seeing its own (aborted) signal.
 */
export class UseResiliencePipelineHandler<T extends Request<any>> extends RequestHandler<T> {
  /** Each attempt runs its own copy of the dolls inside this step. */
  static readonly makesInnerDolls = true;
  // Assigned in initializeFromAttributeParams, not a field initialiser (see RequestHandler).
  declare private names: readonly string[];

  static validateStep(params: readonly unknown[], site: StepValidationSite): void {
    const names = params[0] as readonly string[];
    const registry = site.services.get(RESILIENCE_PIPELINES);
    if (!registry) {
      throw new PipelineConfigurationError(
        `${site.handlerName}: UseResiliencePipeline at step ${site.step} needs a ResiliencePipelineRegistry; pass resiliencePipelines to the CommandProcessor.`,
      );
    }
    for (const name of names) {
      if (!registry.has(name))
        throw new UnknownResiliencePipelineError(name, site.handlerName, registry.names);
    }
  }

  override initializeFromAttributeParams(names: readonly string[]): void {
    this.names = names;
  }

  override handle(request: T): Promise<ResultOf<T>> {
    const context = this.context;
    const outer = context.signal;
    const policy = context.service(RESILIENCE_PIPELINES)!.pipeline(this.names);
    return policy.execute(({ signal }) => {
      const attempt = context.withSignal(signal === NO_CALLER_SIGNAL ? outer : signal);
      return this.inner(attempt).handle(request);
    }, outer ?? NO_CALLER_SIGNAL);
  }

  /** The target's fallback, reached through a fresh copy of the inner dolls. */
  override fallback(request: T): Promise<ResultOf<T>> {
    return this.inner(this.context).fallback(request);
  }

  private inner(context: RequestContext): RequestHandler<T> {
    const dolls = this.makeInnerDolls?.(context);
    if (dolls) return dolls;
    // Made outside a pipeline (or nothing inside): behave as a plain doll.
    const self = this.successor ?? PASS_THROUGH;
    return self as RequestHandler<T>;
  }
}

class EndOfChain extends RequestHandler<any> {}
const PASS_THROUGH = new EndOfChain();
