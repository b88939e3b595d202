import { noop } from 'cockatiel';
import type { StepValidationSite } from '../../pipeline/pipeline-plan';
import { PipelineConfigurationError, UnknownResiliencePipelineError } from '../../processor/errors';
import { RequestHandler, type Request, type ResultOf } from '../../requests';

// cockatiel hands policies run without a caller signal one process-wide never-aborting signal.
// Passing it on as context.signal would pile every in-flight request's abort listeners onto it.
// It is not in cockatiel's public index, so learn it from the no-op policy (which runs synchronously).
let neverAbortedSignal: AbortSignal | undefined;
void noop.execute(({ signal }) => {
  neverAbortedSignal = signal;
});

/**
 * The UseResiliencePipeline step: runs the inner dolls inside the named cockatiel policies. The
 * policy's AbortSignal is `context.signal` inside, so a timeout policy cancels in-flight I/O.
 */
export class UseResiliencePipelineHandler<T extends Request<any>> extends RequestHandler<T> {
  private names: readonly string[] = [];

  static validateStep(params: readonly unknown[], site: StepValidationSite): void {
    const names = params[0] as readonly string[];
    const registry = site.services.resiliencePipelines;
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
    const policy = context.resiliencePipelines!.pipeline(this.names);
    return policy
      .execute(({ signal }) => {
        context.signal = signal === neverAbortedSignal ? outer : signal;
        return super.handle(request);
      }, outer)
      .finally(() => {
        context.signal = outer;
      });
  }
}
