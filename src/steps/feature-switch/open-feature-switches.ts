import type { Request, RequestContext } from '../../requests';
import type { FeatureSwitchProvider, MissingFeatureStrategy } from './feature-switch-provider';
import { missingFeature } from './feature-switch-registry';

/**
 * The part of an OpenFeature client this adapter uses (`OpenFeature.getClient()` fits), typed
 * structurally so `@openfeature/server-sdk` stays an optional dependency.
 */
export interface OpenFeatureBooleanClient {
  getBooleanDetails(
    flagKey: string,
    defaultValue: boolean,
    context?: Record<string, unknown>,
  ): Promise<{ value: boolean; errorCode?: string }> | { value: boolean; errorCode?: string };
}

export interface OpenFeatureSwitchesOptions {
  /** A flag the provider does not know. Default 'error'. */
  missing?: MissingFeatureStrategy;
  /** Builds the evaluation context for a request (targeting key, attributes). Default: none. */
  evaluationContext?: (request: Request<any>, context: RequestContext) => Record<string, unknown>;
}

/**
 * FeatureSwitch backed by OpenFeature: each feature name is a boolean flag key.
 *
 * @example
 * ```ts
 * import { OpenFeature } from '@openfeature/server-sdk';
 * const featureSwitches = new OpenFeatureSwitches(OpenFeature.getClient(), {
 *   evaluationContext: (request) => ({ targetingKey: (request as PlaceOrder).userId }),
 * });
 * new CommandProcessor({ subscribers, featureSwitches });
 * ```
 */
export class OpenFeatureSwitches implements FeatureSwitchProvider {
  private readonly missing: MissingFeatureStrategy;

  constructor(
    private readonly client: OpenFeatureBooleanClient,
    private readonly options: OpenFeatureSwitchesOptions = {},
  ) {
    this.missing = options.missing ?? 'error';
  }

  async isOn(feature: string, request: Request<any>, context: RequestContext): Promise<boolean> {
    const evaluation = this.options.evaluationContext?.(request, context);
    const details = await this.client.getBooleanDetails(feature, false, evaluation);
    if (details.errorCode === 'FLAG_NOT_FOUND') return missingFeature(feature, this.missing, 'OpenFeature');
    return details.value;
  }
}
