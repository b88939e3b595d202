import { RequestContext, ServiceKey } from '../../requests';
import type { FeatureSwitchProvider } from './feature-switch-provider';

/** The processor's feature switches (its `featureSwitches` option); `context.featureSwitches` reads it. */
export const FEATURE_SWITCHES = new ServiceKey<FeatureSwitchProvider>('featureSwitches');

declare module '../../requests/request-context' {
  interface RequestContext {
    /** The sending processor's feature switches (a FeatureSwitchRegistry, OpenFeature, or yours). */
    readonly featureSwitches?: FeatureSwitchProvider;
  }
}
RequestContext.exposeService('featureSwitches', FEATURE_SWITCHES);
