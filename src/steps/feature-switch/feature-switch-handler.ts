import { FeatureSwitchConfigurationError } from './errors';
import { FEATURE_SWITCHES } from './feature-switch-service';
import { RequestHandler, type Request, type ResultOf } from '../../requests';

/** Where a FeatureSwitch step gets its answer: the processor's provider, or fixed in code. */
export type FeatureSwitchStatus = 'config' | 'on' | 'off';

/** The FeatureSwitch step: off → neither the inner dolls nor the handler run, and it returns undefined. */
export class FeatureSwitchHandler<T extends Request<any>> extends RequestHandler<T> {
  private feature = '';
  private status: FeatureSwitchStatus = 'config';

  override initializeFromAttributeParams(feature: string, status: FeatureSwitchStatus): void {
    this.feature = feature;
    this.status = status;
  }

  override async handle(request: T): Promise<ResultOf<T>> {
    if (this.status === 'off') return undefined as ResultOf<T>;
    if (this.status === 'config') {
      const provider = this.context.service(FEATURE_SWITCHES);
      if (!provider) {
        throw new FeatureSwitchConfigurationError(
          `${this.context.handlerName}: FeatureSwitch("${this.feature}") needs featureSwitches on the CommandProcessor (or status 'on'/'off').`,
        );
      }
      const on = provider.isOn(this.feature, request, this.context);
      if (!(typeof on === 'boolean' ? on : await on)) return undefined as ResultOf<T>;
    }
    return super.handle(request);
  }
}
