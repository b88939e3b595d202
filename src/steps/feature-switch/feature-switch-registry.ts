import { FeatureSwitchConfigurationError } from './errors';
import type { Request, RequestContext } from '../../requests';
import type { FeatureSwitchProvider, MissingFeatureStrategy } from './feature-switch-provider';

/** A feature's setting: fixed, or decided per request (sync or async). */
export type FeatureSetting =
  boolean | ((request: any, context: RequestContext) => boolean | Promise<boolean>);

/**
 * Feature switches held in code. A feature with no entry is a FeatureSwitchConfigurationError
 * unless the registry is built with `{ missing: 'on' | 'off' }`.
 *
 * @example
 * ```ts
 * const features = new FeatureSwitchRegistry({ AdvancedDiscounts: true }, { missing: 'error' });
 * features.set('Beta', (request, context) => request.userId === 'u1');
 * ```
 */
export class FeatureSwitchRegistry implements FeatureSwitchProvider {
  private readonly settings = new Map<string, FeatureSetting>();
  private readonly missing: MissingFeatureStrategy;

  constructor(
    settings: Record<string, FeatureSetting> = {},
    options: { missing?: MissingFeatureStrategy } = {},
  ) {
    this.missing = options.missing ?? 'error';
    if (!['error', 'on', 'off'].includes(this.missing)) {
      throw new FeatureSwitchConfigurationError(
        `FeatureSwitchRegistry: missing must be 'error', 'on' or 'off', got ${JSON.stringify(options.missing)}.`,
      );
    }
    for (const [name, setting] of Object.entries(settings)) this.set(name, setting);
  }

  /** Sets (or replaces) a feature's setting. */
  set(feature: string, setting: FeatureSetting): this {
    if (typeof setting !== 'boolean' && typeof setting !== 'function') {
      throw new FeatureSwitchConfigurationError(
        `FeatureSwitchRegistry: feature "${feature}" must be a boolean or a predicate, got ${typeof setting}.`,
      );
    }
    this.settings.set(feature, setting);
    return this;
  }

  /** True where `feature` has a setting. */
  has(feature: string): boolean {
    return this.settings.has(feature);
  }

  /** The feature's answer for this request; a feature with no setting follows the `missing` strategy. */
  isOn(feature: string, request: Request<any>, context: RequestContext): boolean | Promise<boolean> {
    const setting = this.settings.get(feature);
    if (setting === undefined) return missingFeature(feature, this.missing, 'FeatureSwitchRegistry');
    return typeof setting === 'boolean' ? setting : setting(request, context);
  }
}

/** Applies a missing-feature strategy; shared by every provider so they agree. */
export function missingFeature(feature: string, strategy: MissingFeatureStrategy, source: string): boolean {
  if (strategy === 'on') return true;
  if (strategy === 'off') return false;
  throw new FeatureSwitchConfigurationError(
    `${source}: feature "${feature}" has no configuration. Configure it, or build the provider with { missing: 'on' | 'off' }.`,
  );
}
