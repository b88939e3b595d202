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
  // Assigned in initializeFromAttributeParams, not field initialisers (see RequestHandler).
  declare private backstop: boolean;
  declare private circuitBreaker: boolean;

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

  override handle(request: T): Promise<ResultOf<T>> {
    let inner: Promise<ResultOf<T>>;
    try {
      inner = super.handle(request);
    } catch (error) {
      return this.recover(error, request);
    }
    // No async frame on the way through: the rejection handler runs only when something failed.
    return Promise.resolve(inner).then(undefined, (error: unknown) => this.recover(error, request));
  }

  private recover(error: unknown, request: T): Promise<ResultOf<T>> {
    if (!this.catches(error)) return Promise.reject(error);
    this.context.bag.set(FALLBACK_EXCEPTION_CAUSE, error);
    return super.fallback(request);
  }

  private catches(error: unknown): boolean {
    if (this.backstop !== false) return true;
    return (
      this.circuitBreaker && (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError)
    );
  }
}
