import type { Request, RequestContext } from '../../requests';

/**
 * Answers whether a feature is on for a request. FeatureSwitchRegistry and the OpenFeature
 * adapter implement it; so can anything of yours.
 */
export interface FeatureSwitchProvider {
  isOn(feature: string, request: Request<any>, context: RequestContext): boolean | Promise<boolean>;
}

/** What to do about a feature that has no configuration. */
export type MissingFeatureStrategy = 'error' | 'on' | 'off';
