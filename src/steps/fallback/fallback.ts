import { HandlerTiming, pipelineStep } from '../../pipeline';
import { FallbackHandler } from './fallback-handler';

/** Options of `@Fallback`. */
export interface FallbackOptions {
  /** Place in the chain: lower is outer. A finite integer. */
  step: number;
  /** Catch any error of the inner dolls. Default true, unless `circuitBreaker` is set. */
  backstop?: boolean;
  /** Catch a broken (or isolated) cockatiel circuit. Default false. */
  circuitBreaker?: boolean;
}

/**
 * Answers with the handler's `fallback(request)` when the inner dolls fail; the error is in
 * `context.bag.get(FALLBACK_EXCEPTION_CAUSE)`. Both flags false is a PipelineConfigurationError.
 *
 * @example
 * ```ts
 * class QuoteHandler extends RequestHandler<GetQuote> {
 *   @Fallback({ step: 1, backstop: true })
 *   override async handle(query: GetQuote) { return fetchQuote(query.symbol); }
 *   override async fallback() { return cachedQuote; }
 * }
 * ```
 */
export function Fallback(options: FallbackOptions): MethodDecorator {
  const circuitBreaker = options?.circuitBreaker ?? false;
  // `{ circuitBreaker: true }` alone means "only a broken circuit": backstop defaults on only without it.
  const backstop = options?.backstop ?? !circuitBreaker;
  return pipelineStep(FallbackHandler, {
    step: options?.step,
    timing: HandlerTiming.Before,
    params: [backstop, circuitBreaker],
  });
}
