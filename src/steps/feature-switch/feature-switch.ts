import { HandlerTiming, pipelineStep } from '../../pipeline';
import { FeatureSwitchConfigurationError } from './errors';
import { FeatureSwitchHandler, type FeatureSwitchStatus } from './feature-switch-handler';

/** Options of `@FeatureSwitch`. */
export interface FeatureSwitchOptions {
  /** Place in the chain: lower is outer. A finite integer. */
  step: number;
  /** 'config' (default) asks the processor's featureSwitches; 'on'/'off' fix it in code. */
  status?: FeatureSwitchStatus;
}

/**
 * Runs the inner dolls only while `feature` is on; off, the step returns undefined.
 *
 * @example
 * ```ts
 * class DiscountHandler extends RequestHandler<PriceOrder> {
 *   @FeatureSwitch('AdvancedDiscounts', { step: 3 })
 *   override async handle(command: PriceOrder) { return applyDiscounts(command); }
 * }
 * ```
 */
export function FeatureSwitch(feature: string, options: FeatureSwitchOptions): MethodDecorator {
  const status = options?.status ?? 'config';
  if (typeof feature !== 'string' || feature.length === 0) {
    throw new FeatureSwitchConfigurationError(
      `FeatureSwitch needs a feature name, got ${JSON.stringify(feature)}.`,
    );
  }
  if (!['config', 'on', 'off'].includes(status)) {
    throw new FeatureSwitchConfigurationError(
      `FeatureSwitch("${feature}"): status must be 'config', 'on' or 'off', got ${JSON.stringify(status)}.`,
    );
  }
  return pipelineStep(FeatureSwitchHandler, {
    step: options?.step,
    timing: HandlerTiming.Before,
    params: [feature, status],
  });
}
