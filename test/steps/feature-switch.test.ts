import { InMemoryProvider, OpenFeature } from '@openfeature/server-sdk';
import {
  Command,
  CommandProcessor,
  FeatureSwitch,
  FeatureSwitchConfigurationError,
  FeatureSwitchRegistry,
  OpenFeatureSwitches,
  RequestHandler,
  SubscriberRegistry,
  type FeatureSwitchProvider,
} from '../../src';

class Discount extends Command<number | undefined> {
  constructor(readonly userId = 'u0') {
    super();
  }
}
let ran = 0;
class DiscountHandler extends RequestHandler<Discount> {
  @FeatureSwitch('AdvancedDiscounts', { step: 1 })
  override async handle() {
    ran++;
    return 10;
  }
}
const processorWith = (featureSwitches?: FeatureSwitchProvider) =>
  new CommandProcessor({
    subscribers: new SubscriberRegistry().register(Discount, DiscountHandler),
    featureSwitches,
  });

beforeEach(() => {
  ran = 0;
});

describe('FeatureSwitch', () => {
  it('runs the handler while the feature is on', async () => {
    await expect(
      processorWith(new FeatureSwitchRegistry({ AdvancedDiscounts: true })).send(new Discount()),
    ).resolves.toBe(10);
    expect(ran).toBe(1);
  });

  it('does not run the handler when the feature is off, and returns undefined', async () => {
    await expect(
      processorWith(new FeatureSwitchRegistry({ AdvancedDiscounts: false })).send(new Discount()),
    ).resolves.toBeUndefined();
    expect(ran).toBe(0);
  });

  it('decides per request with sync and async predicates', async () => {
    const features = new FeatureSwitchRegistry().set(
      'AdvancedDiscounts',
      (request: Discount) => request.userId === 'u1',
    );
    const processor = processorWith(features);
    await expect(processor.send(new Discount('u1'))).resolves.toBe(10);
    await expect(processor.send(new Discount('u2'))).resolves.toBeUndefined();
    features.set('AdvancedDiscounts', async () => true);
    await expect(processor.send(new Discount('u2'))).resolves.toBe(10);
    expect(ran).toBe(2);
  });

  it('treats a feature with no configuration as an error, naming it', async () => {
    const sent = processorWith(new FeatureSwitchRegistry({})).send(new Discount());
    await expect(sent).rejects.toBeInstanceOf(FeatureSwitchConfigurationError);
    await expect(sent).rejects.toThrow(/"AdvancedDiscounts" has no configuration/);
    expect(ran).toBe(0);
  });

  it("applies a registry's missing strategy", async () => {
    await expect(
      processorWith(new FeatureSwitchRegistry({}, { missing: 'on' })).send(new Discount()),
    ).resolves.toBe(10);
    await expect(
      processorWith(new FeatureSwitchRegistry({}, { missing: 'off' })).send(new Discount()),
    ).resolves.toBeUndefined();
  });

  it('fixes the answer in code with status on/off, without a provider', async () => {
    class Fixed extends Command<string> {}
    class FixedHandler extends RequestHandler<Fixed> {
      @FeatureSwitch('Anything', { step: 1, status: 'off' })
      override async handle() {
        return 'ran';
      }
    }
    const processor = new CommandProcessor({
      subscribers: new SubscriberRegistry().register(Fixed, FixedHandler),
    });
    await expect(processor.send(new Fixed())).resolves.toBeUndefined();
  });

  it('rejects a bad setting and a bad status up front', () => {
    expect(() => new FeatureSwitchRegistry({ X: 'yes' as any })).toThrow(
      /feature "X" must be a boolean or a predicate/,
    );
    expect(() => FeatureSwitch('X', { step: 1, status: 'maybe' as any })).toThrow(/status must be/);
  });
});

describe('OpenFeatureSwitches', () => {
  afterAll(async () => {
    await OpenFeature.close();
  });

  it('reads boolean flags through an OpenFeature client, with targeting from the request', async () => {
    await OpenFeature.setProviderAndWait(
      'matryoshka-test',
      new InMemoryProvider({
        AdvancedDiscounts: {
          variants: { on: true, off: false },
          defaultVariant: 'off',
          disabled: false,
          contextEvaluator: (ctx) => (ctx.targetingKey === 'vip' ? 'on' : 'off'),
        },
      }),
    );
    const switches = new OpenFeatureSwitches(OpenFeature.getClient('matryoshka-test'), {
      evaluationContext: (request) => ({ targetingKey: (request as Discount).userId }),
    });
    const processor = processorWith(switches);
    await expect(processor.send(new Discount('vip'))).resolves.toBe(10);
    await expect(processor.send(new Discount('someone'))).resolves.toBeUndefined();
    expect(ran).toBe(1);
  });

  it('treats an unknown flag as missing', async () => {
    await OpenFeature.setProviderAndWait('matryoshka-empty', new InMemoryProvider({}));
    const client = OpenFeature.getClient('matryoshka-empty');
    await expect(processorWith(new OpenFeatureSwitches(client)).send(new Discount())).rejects.toBeInstanceOf(
      FeatureSwitchConfigurationError,
    );
    await expect(
      processorWith(new OpenFeatureSwitches(client, { missing: 'on' })).send(new Discount()),
    ).resolves.toBe(10);
  });
});
