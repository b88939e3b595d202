import { BrokenCircuitError, IsolatedCircuitError } from 'cockatiel';
import { PipelineConfigurationError, type StepValidationSite } from '../../pipeline';
import { RequestHandler, type Request, type ResultOf } from '../../requests';

/** The bag key under which Fallback stores the error that triggered it. */
export const FALLBACK_EXCEPTION_CAUSE = 'Fallback_Exception_Cause';

/**
 * The Fallback step: catches errors of the inner dolls and answers with the target handler's
 * `fallback(request)`. With `circuitBreaker` only a broken or isolated circuit is caught; with
 * `backstop` any error. Anything not caught passes through untouched.
 */
export class FallbackHandler<T extends Request<any>> extends RequestHandler<T> {
  private backstop = true;
  private circuitBreaker = false;

  static validateStep(params: readonly unknown[], site: StepValidationSite): void {
    const [backstop, circuitBreaker] = params;
    if (!backstop && !circuitBreaker) {
      throw new PipelineConfigurationError(
        `${site.handlerName}: Fallback at step ${site.step} has backstop and circuitBreaker both false, so it would catch nothing.`,
      );
    }
  }

  override initializeFromAttributeParams(backstop: boolean, circuitBreaker: boolean): void {
    this.backstop = backstop;
    this.circuitBreaker = circuitBreaker;
  }

  override async handle(request: T): Promise<ResultOf<T>> {
    try {
      return await super.handle(request);
    } catch (error) {
      if (!this.catches(error)) throw error;
      this.context.bag.set(FALLBACK_EXCEPTION_CAUSE, error);
      return super.fallback(request);
    }
  }

  private catches(error: unknown): boolean {
    if (this.backstop) return true;
    return (
      this.circuitBreaker && (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError)
    );
  }
}
