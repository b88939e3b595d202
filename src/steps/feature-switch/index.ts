// FeatureSwitch: run a handler only while a feature is on (registry, OpenFeature, or your own provider).
export { FeatureSwitch, type FeatureSwitchOptions } from './feature-switch';
export { FeatureSwitchHandler, type FeatureSwitchStatus } from './feature-switch-handler';
export { FeatureSwitchRegistry, type FeatureSetting } from './feature-switch-registry';
export { type FeatureSwitchProvider, type MissingFeatureStrategy } from './feature-switch-provider';
export { FEATURE_SWITCHES } from './feature-switch-service';
export { FeatureSwitchConfigurationError } from './errors';
export {
  OpenFeatureSwitches,
  type OpenFeatureBooleanClient,
  type OpenFeatureSwitchesOptions,
} from './open-feature-switches';
