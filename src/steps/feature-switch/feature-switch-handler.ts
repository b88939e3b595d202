import { FeatureSwitchConfigurationError } from './errors';
import { FEATURE_SWITCHES } from './feature-switch-service';
import { RequestHandler, type Request, type ResultOf } from '../../requests';

/** Where a FeatureSwitch step gets its answer: the processor's provider, or fixed in code. */
export type FeatureSwitchStatus = 'config' | 'on' | 'off';

/** The FeatureSwitch step: off → neither the inner dolls nor the handler run, and it returns undefined. */
export class FeatureSwitchHandler<T extends Request<any>> extends RequestHandler<T> {
  // Assigned in initializeFromAttributeParams, not field initialisers (see RequestHandler).
  declare private feature: string;
  declare private status: FeatureSwitchStatus;

  override initializeFromAttributeParams(feature: string, status: FeatureSwitchStatus): void {
    this.feature = feature;
    this.status = status;
  }

  override handle(request: T): Promise<ResultOf<T>> {
    // Fixed in code: decided without an async frame of its own.
    if (this.status === 'on') return super.handle(request);
    if (this.status === 'off') return Promise.resolve(undefined as ResultOf<T>);
    return this.asProviderSays(request);
  }

  private async asProviderSays(request: T): Promise<ResultOf<T>> {
    const provider = this.context.service(FEATURE_SWITCHES);
    if (!provider) {
      throw new FeatureSwitchConfigurationError(
        `${this.context.handlerName}: FeatureSwitch("${this.feature}") needs featureSwitches on the CommandProcessor (or status 'on'/'off').`,
      );
    }
    const on = provider.isOn(this.feature, request, this.context);
    if (!(typeof on === 'boolean' ? on : await on)) return undefined as ResultOf<T>;
    return super.handle(request);
  }
}
