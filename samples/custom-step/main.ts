// Sample 1c — your own middleware: a feature-flag step (Brighter's MyFeatureFlagAttribute +
// MyFeatureFlagHandler) made with pipelineStep, on a DiscountHandler.
import 'reflect-metadata';
import {
  Command,
  CommandProcessor,
  HandlerTiming,
  RequestHandler,
  SubscriberRegistry,
  pipelineStep,
  type Request,
  type ResultOf,
} from '../../src';

// Where flags live in this sample: a plain set. In production: config, OpenFeature, a database.
const enabledFlags = new Set<string>(['AdvancedDiscounts']);

// 1. The step handler: receives the decorator's params, decides whether to go on.
class MyFeatureFlagHandler<T extends Request<any>> extends RequestHandler<T> {
  private feature = '';

  override initializeFromAttributeParams(feature: string): void {
    this.feature = feature;
  }

  override async handle(request: T): Promise<ResultOf<T>> {
    if (!enabledFlags.has(this.feature)) {
      console.log(`  feature "${this.feature}" is off: skipping the handler`);
      return undefined as ResultOf<T>;
    }
    return super.handle(request);
  }
}

// 2. The decorator.
const MyFeatureFlag = (feature: string, step: number) =>
  pipelineStep(MyFeatureFlagHandler, { step, timing: HandlerTiming.Before, params: [feature] });

class PriceOrder extends Command<number | undefined> {
  constructor(readonly total: number) {
    super();
  }
}

// 3. Use it.
class DiscountHandler extends RequestHandler<PriceOrder> {
  @MyFeatureFlag('AdvancedDiscounts', 1)
  override async handle(command: PriceOrder) {
    return command.total * 0.9;
  }
}

async function main() {
  const processor = new CommandProcessor({
    subscribers: new SubscriberRegistry().register(PriceOrder, DiscountHandler),
  });
  console.log('pipeline:', processor.describePipeline(PriceOrder).join(' → '));
  console.log('flag on: ', await processor.send(new PriceOrder(100)));
  enabledFlags.delete('AdvancedDiscounts');
  console.log('flag off:', await processor.send(new PriceOrder(100)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
