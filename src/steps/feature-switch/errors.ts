import { MatryoshkaError } from '../../core';

/** A feature switch asked about a feature that has no configuration (and `missing` is 'error'), or a bad setting. */
export class FeatureSwitchConfigurationError extends MatryoshkaError {}
