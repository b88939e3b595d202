import {
  Command,
  CommandProcessor,
  FEATURE_SWITCHES,
  FeatureSwitchRegistry,
  HandlerTiming,
  RequestContext,
  RequestHandler,
  ServiceKey,
  ServiceRegistry,
  SubscriberRegistry,
  pipelineStep,
  type Request,
  type ResultOf,
} from '../../src';

// A step of the user's (the shape UseInbox will have) that brings its own service key.
interface SeenIds {
  has(id: string): boolean;
  add(id: string): void;
}
const SEEN_IDS = new ServiceKey<SeenIds>('seenIds');

class OnceOnlyHandler<T extends Request<any>> extends RequestHandler<T> {
  override async handle(request: T): Promise<ResultOf<T>> {
    const seen = this.context.service(SEEN_IDS)!;
    if (seen.has(request.id)) return 'already handled' as ResultOf<T>;
    const result = await super.handle(request);
    seen.add(request.id);
    return result;
  }
}
const OnceOnly = (step: number) => pipelineStep(OnceOnlyHandler, { step, timing: HandlerTiming.Before });

class Charge extends Command<string> {}
class ChargeHandler extends RequestHandler<Charge> {
  @OnceOnly(0)
  override async handle() {
    return 'charged';
  }
}

describe('ServiceRegistry and ServiceKey', () => {
  it('hold one value per key, typed by the key', () => {
    const a = new ServiceKey<number>('a');
    const b = new ServiceKey<string>('b');
    const services = new ServiceRegistry().set(a, 1);
    expect(services.get(a)).toBe(1);
    expect(services.get(b)).toBeUndefined();
    expect(services.has(a)).toBe(true);
    expect(services.has(b)).toBe(false);
    expect(services.with(new ServiceRegistry().set(b, 'x').set(a, 2)).get(a)).toBe(2);
  });

  it("let a step of the user's bring its own service, passed to the processor under its key", async () => {
    const ids = new Set<string>();
    const processor = new CommandProcessor({
      subscribers: new SubscriberRegistry().register(Charge, ChargeHandler),
      services: new ServiceRegistry().set(SEEN_IDS, ids),
    });
    const charge = new Charge();
    await expect(processor.send(charge)).resolves.toBe('charged');
    await expect(processor.send(charge)).resolves.toBe('already handled');
    expect([...ids]).toEqual([charge.id]);
  });

  it("the processor's own options win over the same key in services", async () => {
    const mine = new FeatureSwitchRegistry({});
    const other = new FeatureSwitchRegistry({});
    let seen: unknown;
    class Peek extends RequestHandler<Charge> {
      override async handle() {
        seen = this.context.featureSwitches;
        return '';
      }
    }
    await new CommandProcessor({
      subscribers: new SubscriberRegistry().register(Charge, Peek),
      featureSwitches: mine,
      services: new ServiceRegistry().set(FEATURE_SWITCHES, other),
    }).send(new Charge());
    expect(seen).toBe(mine);
  });

  it('a context may carry services of its own, which win over the processor’s', async () => {
    const callers = new Set<string>(['x']);
    const context = new RequestContext({ services: new ServiceRegistry().set(SEEN_IDS, callers) });
    const processor = new CommandProcessor({
      subscribers: new SubscriberRegistry().register(Charge, ChargeHandler),
      services: new ServiceRegistry().set(SEEN_IDS, new Set<string>()),
    });
    const charge = new Charge();
    await processor.send(charge, { context });
    expect(callers.has(charge.id)).toBe(true);
  });
});
