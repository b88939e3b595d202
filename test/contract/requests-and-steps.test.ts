// API.md §1 (requests and handlers) and §2 (decorators and steps), in the contract's literal forms.
import { circuitBreaker, ConsecutiveBreaker, ConstantBackoff, handleAll, retry, timeout, TimeoutStrategy } from 'cockatiel';
import {
  Command,
  CommandProcessor,
  Event,
  Fallback,
  FALLBACK_EXCEPTION_CAUSE,
  FeatureSwitch,
  FeatureSwitchConfigurationError,
  FeatureSwitchRegistry,
  HandlerTiming,
  Monitor,
  type MonitorEvent,
  PipelineConfigurationError,
  pipelineStep,
  Request,
  RequestContext,
  RequestHandler,
  RequestLogging,
  ResiliencePipelineRegistry,
  type ResultOf,
  SubscriberRegistry,
  UnknownResiliencePipelineError,
  UseResiliencePipeline,
} from 'matryoshka-pipeline';
import { captureLogger } from './support';

// ---- type-level checks (tsc --noEmit) --------------------------------------------------------
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(): T => true as T;

class GreetCommand extends Command<string> {
  constructor(readonly name: string) {
    super();
  }
}
class OrderPlaced extends Event {
  constructor(readonly orderId: number) {
    super();
  }
}
assertType<Equal<ResultOf<GreetCommand>, string>>();
assertType<Equal<ResultOf<OrderPlaced>, void>>();
assertType<Equal<ResultOf<Request<number>>, number>>();
assertType<Equal<ResultOf<Command>, void>>();

const processorFor = (
  subscribers: SubscriberRegistry,
  extra: Partial<ConstructorParameters<typeof CommandProcessor>[0]> = {},
) => new CommandProcessor({ subscribers, ...extra });

describe('§1 requests and handlers', () => {
  it('a Request has a readonly crypto.randomUUID() id, fresh per instance', () => {
    const a = new GreetCommand('Ada');
    const b = new GreetCommand('Ada');
    expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.id).not.toBe(b.id);
    expect(a).toBeInstanceOf(Request);
    expect(new OrderPlaced(1)).toBeInstanceOf(Request);
  });

  it('a target handler overrides handle; name is the class name; context is set before handle runs', async () => {
    let seen: { name: string; context: RequestContext } | undefined;
    class GreetHandler extends RequestHandler<GreetCommand> {
      async handle(command: GreetCommand) {
        seen = { name: this.name, context: this.context };
        return `Hello, ${command.name}`;
      }
    }
    const processor = processorFor(new SubscriberRegistry().register(GreetCommand, GreetHandler));
    const greeting: string = await processor.send(new GreetCommand('Ada'));
    expect(greeting).toBe('Hello, Ada');
    expect(seen!.name).toBe('GreetHandler');
    expect(seen!.context).toBeInstanceOf(RequestContext);
  });

  it('return super.handle(request) passes control on; the default handle/fallback at the end resolve undefined', async () => {
    class BaseHandler<T extends Request<any>> extends RequestHandler<T> {}
    class PassOn extends BaseHandler<GreetCommand> {
      async handle(command: GreetCommand) {
        return super.handle(command);
      }
    }
    const processor = processorFor(new SubscriberRegistry().register(GreetCommand, PassOn));
    await expect(processor.send(new GreetCommand('x'))).resolves.toBeUndefined();
  });

  it('a handle that returns a plain value is awaited like any other', async () => {
    class Plain extends RequestHandler<GreetCommand> {
      @RequestLogging({ step: 0 })
      handle(command: GreetCommand): any {
        return `plain ${command.name}`;
      }
    }
    const processor = processorFor(new SubscriberRegistry().register(GreetCommand, Plain), { logger: captureLogger() });
    await expect(processor.send(new GreetCommand('Ada'))).resolves.toBe('plain Ada');
  });
});

describe('§2 decorators and steps', () => {
  it('all five decorators in the contract forms stack on handle, lower step outermost', async () => {
    const pipelines = new ResiliencePipelineRegistry().add('MyPolicy', retry(handleAll, { maxAttempts: 1 }));
    const featureSwitches = new FeatureSwitchRegistry({ AdvancedDiscounts: true });
    class Discount extends Command<number> {}
    class DiscountHandler extends RequestHandler<Discount> {
      @RequestLogging({ step: 0, timing: HandlerTiming.Before })
      @Fallback({ step: 1, backstop: true, circuitBreaker: false })
      @UseResiliencePipeline('MyPolicy', { step: 2 })
      @FeatureSwitch('AdvancedDiscounts', { step: 3, status: 'config' })
      @Monitor({ step: 4, name: 'discounts' })
      async handle(_command: Discount) {
        return 10;
      }
    }
    const processor = processorFor(new SubscriberRegistry().register(Discount, DiscountHandler), {
      resiliencePipelines: pipelines,
      featureSwitches,
    });
    expect(processor.describePipeline(Discount)).toEqual([
      'RequestLoggingHandler',
      'FallbackHandler',
      'UseResiliencePipelineHandler',
      'FeatureSwitchHandler',
      'MonitorHandler',
      'DiscountHandler',
    ]);
    await expect(processor.send(new Discount())).resolves.toBe(10);
  });

  it('optional options may be left out: @RequestLogging({ step }), @Fallback({ step }), @Monitor({ step }), list form of UseResiliencePipeline', () => {
    const pipelines = new ResiliencePipelineRegistry()
      .add('retry', retry(handleAll, { maxAttempts: 3, backoff: new ConstantBackoff(1) }))
      .add('breaker', circuitBreaker(handleAll, { halfOpenAfter: 10_000, breaker: new ConsecutiveBreaker(5) }));
    class C extends Command {}
    class H extends RequestHandler<C> {
      @RequestLogging({ step: 0 })
      @Fallback({ step: 1 })
      @UseResiliencePipeline(['retry', 'breaker'], { step: 2 })
      @FeatureSwitch('Feature', { step: 3 })
      @Monitor({ step: 4 })
      async handle(c: C) {
        return super.handle(c);
      }
    }
    const processor = processorFor(new SubscriberRegistry().register(C, H), {
      resiliencePipelines: pipelines,
      featureSwitches: new FeatureSwitchRegistry({}, { missing: 'on' }),
    });
    expect(() => processor.validatePipelines()).not.toThrow();
  });

  it('HandlerTiming.After steps run after the target handler, when it calls super.handle(request)', async () => {
    const trace: string[] = [];
    class AfterHandler<T extends Request<any>> extends RequestHandler<T> {
      async handle(request: T) {
        trace.push('after');
        return super.handle(request);
      }
    }
    class BeforeHandler<T extends Request<any>> extends RequestHandler<T> {
      async handle(request: T) {
        trace.push('before');
        const result = await super.handle(request);
        trace.push('before-out');
        return result;
      }
    }
    class C extends Command<string> {}
    class H extends RequestHandler<C> {
      @pipelineStep(AfterHandler, { step: 0, timing: HandlerTiming.After })
      @pipelineStep(BeforeHandler, { step: 0, timing: HandlerTiming.Before })
      async handle(c: C) {
        trace.push('target');
        await super.handle(c);
        trace.push('target-out');
        return 'done';
      }
    }
    const processor = processorFor(new SubscriberRegistry().register(C, H));
    await expect(processor.send(new C())).resolves.toBe('done');
    expect(trace).toEqual(['before', 'target', 'after', 'target-out', 'before-out']);
  });

  it('decorators on a base class handle apply to every subclass: RequestLogging → Fallback → UseResiliencePipeline → handle', async () => {
    const pipelines = new ResiliencePipelineRegistry().add('MyPolicy', retry(handleAll, { maxAttempts: 1 }));
    abstract class BaseHandler<T extends Request<any>> extends RequestHandler<T> {
      @RequestLogging({ step: 0 })
      @Fallback({ step: 1, backstop: true })
      async handle(request: T) {
        return super.handle(request);
      }
    }
    class C extends Command<string> {}
    class SubHandler extends BaseHandler<C> {
      @UseResiliencePipeline('MyPolicy', { step: 2 })
      async handle(_c: C): Promise<string> {
        throw new Error('boom');
      }
      async fallback(_c: C) {
        return 'fallback';
      }
    }
    const processor = processorFor(new SubscriberRegistry().register(C, SubHandler), {
      resiliencePipelines: pipelines,
    });
    expect(processor.describePipeline(C)).toEqual([
      'RequestLoggingHandler',
      'FallbackHandler',
      'UseResiliencePipelineHandler',
      'SubHandler',
    ]);
    await expect(processor.send(new C())).resolves.toBe('fallback');
  });

  describe('PipelineConfigurationError', () => {
    it('two steps with the same step and timing (own or inherited), naming the handler and the step', () => {
      class Base<T extends Request<any>> extends RequestHandler<T> {
        @RequestLogging({ step: 1 })
        async handle(r: T) {
          return super.handle(r);
        }
      }
      class C extends Command {}
      class ClashingHandler extends Base<C> {
        @Monitor({ step: 1 })
        async handle(c: C) {
          return super.handle(c);
        }
      }
      const processor = processorFor(new SubscriberRegistry().register(C, ClashingHandler));
      let error: unknown;
      try {
        processor.validatePipelines();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(PipelineConfigurationError);
      expect((error as Error).message).toContain('ClashingHandler');
      expect((error as Error).message).toMatch(/step 1\b/);
      return expect(processor.send(new C())).rejects.toBeInstanceOf(PipelineConfigurationError);
    });

    it('the same step number with different timings is allowed', () => {
      class C extends Command {}
      class H extends RequestHandler<C> {
        @RequestLogging({ step: 1, timing: HandlerTiming.Before })
        @Monitor({ step: 1 })
        async handle(c: C) {
          return super.handle(c);
        }
      }
      class H2 extends RequestHandler<C> {
        @RequestLogging({ step: 1, timing: HandlerTiming.After })
        @Monitor({ step: 1 })
        async handle(c: C) {
          return super.handle(c);
        }
      }
      expect(() => processorFor(new SubscriberRegistry().register(C, H)).validatePipelines()).toThrow(
        PipelineConfigurationError,
      );
      expect(() => processorFor(new SubscriberRegistry().register(C, H2)).validatePipelines()).not.toThrow();
    });

    it.each([1.5, NaN, Infinity])('a step that is not a finite integer (%p)', (step) => {
      class C extends Command {}
      class H extends RequestHandler<C> {
        @RequestLogging({ step })
        async handle(c: C) {
          return super.handle(c);
        }
      }
      expect(() => processorFor(new SubscriberRegistry().register(C, H)).validatePipelines()).toThrow(
        PipelineConfigurationError,
      );
    });

    it('an unknown resilience pipeline name (UnknownResiliencePipelineError is one)', () => {
      class C extends Command {}
      class H extends RequestHandler<C> {
        @UseResiliencePipeline('NoSuchPolicy', { step: 2 })
        async handle(c: C) {
          return super.handle(c);
        }
      }
      const processor = processorFor(new SubscriberRegistry().register(C, H), {
        resiliencePipelines: new ResiliencePipelineRegistry(),
      });
      expect(() => processor.validatePipelines()).toThrow(PipelineConfigurationError);
      expect(() => processor.validatePipelines()).toThrow(UnknownResiliencePipelineError);
      expect(() => processor.validatePipelines()).toThrow(/NoSuchPolicy/);
    });

    it('Fallback with both flags false', () => {
      class C extends Command {}
      class H extends RequestHandler<C> {
        @Fallback({ step: 1, backstop: false, circuitBreaker: false })
        async handle(c: C) {
          return super.handle(c);
        }
      }
      expect(() => processorFor(new SubscriberRegistry().register(C, H)).validatePipelines()).toThrow(
        PipelineConfigurationError,
      );
    });
  });

  it('custom middleware: the contract example, exactly as written, plus non-step decorators are ignored', async () => {
    const flags = { enabled: new Set<string>(['Shiny']), on: (f: string) => flags.enabled.has(f) };
    class MyFeatureFlagHandler<T extends Request<any>> extends RequestHandler<T> {
      private feature = '';
      initializeFromAttributeParams(feature: string) { this.feature = feature; }
      async handle(request: T) { return flags.on(this.feature) ? super.handle(request) : undefined as any; }
    }
    const MyFeatureFlag = (feature: string, step: number) =>
      pipelineStep(MyFeatureFlagHandler, { step, timing: HandlerTiming.Before, params: [feature] });

    const notAStep: MethodDecorator = () => undefined;
    class C extends Command<string> {}
    class ShinyHandler extends RequestHandler<C> {
      @notAStep
      @MyFeatureFlag('Shiny', 0)
      async handle(_c: C) {
        return 'shiny';
      }
    }
    class DullHandler extends RequestHandler<C> {
      @MyFeatureFlag('Dull', 0)
      async handle(_c: C) {
        return 'dull';
      }
    }
    const shiny = processorFor(new SubscriberRegistry().register(C, ShinyHandler));
    expect(shiny.describePipeline(C)).toEqual(['MyFeatureFlagHandler', 'ShinyHandler']);
    await expect(shiny.send(new C())).resolves.toBe('shiny');
    await expect(processorFor(new SubscriberRegistry().register(C, DullHandler)).send(new C())).resolves.toBeUndefined();
  });

  describe('RequestLogging', () => {
    class Login extends Command<string> {
      constructor(
        readonly user: string,
        readonly password: string,
        readonly apiKey: string,
        readonly nested: { token: string; authorization: string; cookie: string; secret: string; ok: number },
      ) {
        super();
      }
    }
    const login = () =>
      new Login('ada', 'hunter2', 'k-123', { token: 't-1', authorization: 'Bearer z', cookie: 'c=1', secret: 's', ok: 1 });

    it('logs entry (type, id, the request redacted) and exit with elapsed ms through the processor logger', async () => {
      class LoginHandler extends RequestHandler<Login> {
        @RequestLogging({ step: 0 })
        async handle(c: Login) {
          return `hi ${c.user}`;
        }
      }
      const logger = captureLogger();
      const processor = processorFor(new SubscriberRegistry().register(Login, LoginHandler), { logger });
      const command = login();
      await expect(processor.send(command)).resolves.toBe('hi ada');
      const text = logger.text();
      expect(text).toContain('Login');
      expect(text).toContain(command.id);
      expect(text).toContain('ada');
      for (const secret of ['hunter2', 'k-123', 't-1', 'Bearer z', 'c=1', '"s"']) expect(text).not.toContain(secret);
      const withElapsed = logger.lines.filter((l) => typeof (l.obj as any)?.elapsedMs === 'number');
      expect(withElapsed.length).toBeGreaterThanOrEqual(1);
    });

    it('logs failure and rethrows', async () => {
      const boom = new Error('boom');
      class LoginHandler extends RequestHandler<Login> {
        @RequestLogging({ step: 0 })
        async handle(_c: Login): Promise<string> {
          throw boom;
        }
      }
      const logger = captureLogger();
      const processor = processorFor(new SubscriberRegistry().register(Login, LoginHandler), { logger });
      await expect(processor.send(login())).rejects.toBe(boom);
      expect(logger.lines.some((l) => l.level === 'error')).toBe(true);
    });
  });

  describe('Fallback', () => {
    it('backstop: any error → fallback(request), the error in context.bag under FALLBACK_EXCEPTION_CAUSE', async () => {
      const boom = new Error('boom');
      let cause: unknown;
      class C extends Command<string> {}
      class H extends RequestHandler<C> {
        @Fallback({ step: 1, backstop: true })
        async handle(_c: C): Promise<string> {
          throw boom;
        }
        async fallback(_c: C) {
          cause = this.context.bag.get(FALLBACK_EXCEPTION_CAUSE);
          return 'from fallback';
        }
      }
      const context = new RequestContext();
      await expect(processorFor(new SubscriberRegistry().register(C, H)).send(new C(), { context })).resolves.toBe(
        'from fallback',
      );
      expect(cause).toBe(boom);
      expect(context.bag.get(FALLBACK_EXCEPTION_CAUSE)).toBe(boom);
    });

    it('circuitBreaker: true catches only a broken circuit; other errors pass through untouched', async () => {
      const breaker = circuitBreaker(handleAll, { halfOpenAfter: 10_000, breaker: new ConsecutiveBreaker(1) });
      const pipelines = new ResiliencePipelineRegistry().add('breaker', breaker);
      const boom = new Error('boom');
      class C extends Command<string> {}
      class H extends RequestHandler<C> {
        @Fallback({ step: 1, circuitBreaker: true, backstop: false })
        @UseResiliencePipeline('breaker', { step: 2 })
        async handle(_c: C): Promise<string> {
          throw boom;
        }
        async fallback(_c: C) {
          return 'circuit open';
        }
      }
      const processor = processorFor(new SubscriberRegistry().register(C, H), { resiliencePipelines: pipelines });
      await expect(processor.send(new C())).rejects.toBe(boom); // trips the breaker, passes through
      await expect(processor.send(new C())).resolves.toBe('circuit open');
    });
  });

  describe('UseResiliencePipeline', () => {
    it('runs the inner dolls inside the named cockatiel policy (retry)', async () => {
      let calls = 0;
      const pipelines = new ResiliencePipelineRegistry().add(
        'retry',
        retry(handleAll, { maxAttempts: 3, backoff: new ConstantBackoff(1) }),
      );
      class C extends Command<number> {}
      class H extends RequestHandler<C> {
        @UseResiliencePipeline('retry', { step: 2 })
        async handle(_c: C) {
          if (++calls < 3) throw new Error('flaky');
          return calls;
        }
      }
      await expect(
        processorFor(new SubscriberRegistry().register(C, H), { resiliencePipelines: pipelines }).send(new C()),
      ).resolves.toBe(3);
    });

    it('several names are wrapped, the first outermost', async () => {
      // retry outside a breaker that opens after 1 failure: the retry sees BrokenCircuitError, so 1 call only.
      let calls = 0;
      const pipelines = new ResiliencePipelineRegistry()
        .add('retry', retry(handleAll, { maxAttempts: 3, backoff: new ConstantBackoff(1) }))
        .add('breaker', circuitBreaker(handleAll, { halfOpenAfter: 10_000, breaker: new ConsecutiveBreaker(1) }))
        .add('timeout', timeout(50, TimeoutStrategy.Aggressive));
      class C extends Command {}
      class H extends RequestHandler<C> {
        @UseResiliencePipeline(['retry', 'breaker'], { step: 2 })
        async handle(_c: C) {
          calls++;
          throw new Error('down');
        }
      }
      await expect(
        processorFor(new SubscriberRegistry().register(C, H), { resiliencePipelines: pipelines }).send(new C()),
      ).rejects.toThrow();
      expect(calls).toBe(1);
    });

    it("the policy's AbortSignal reaches the inner dolls as context.signal: a timeout cancels in-flight work", async () => {
      const pipelines = new ResiliencePipelineRegistry().add('timeout', timeout(30, TimeoutStrategy.Cooperative));
      let aborted = false;
      class C extends Command {}
      class H extends RequestHandler<C> {
        @UseResiliencePipeline('timeout', { step: 2 })
        async handle(_c: C) {
          const signal = this.context.signal!;
          await new Promise<void>((resolve) => {
            const t = setTimeout(resolve, 2_000);
            signal.addEventListener('abort', () => {
              aborted = true;
              clearTimeout(t);
              resolve();
            });
          });
          signal.throwIfAborted();
        }
      }
      await expect(
        processorFor(new SubscriberRegistry().register(C, H), { resiliencePipelines: pipelines }).send(new C()),
      ).rejects.toThrow();
      expect(aborted).toBe(true);
    });
  });

  describe('FeatureSwitch', () => {
    class PriceOrder extends Command<string> {
      constructor(readonly userId: string) {
        super();
      }
    }
    let ran = 0;
    class DiscountHandler extends RequestHandler<PriceOrder> {
      @FeatureSwitch('AdvancedDiscounts', { step: 3 })
      async handle(_c: PriceOrder) {
        ran++;
        return 'discounted';
      }
    }
    beforeEach(() => (ran = 0));

    it('off: the handler does not run and the step returns undefined; on: it runs', async () => {
      const sub = () => new SubscriberRegistry().register(PriceOrder, DiscountHandler);
      const off = processorFor(sub(), { featureSwitches: new FeatureSwitchRegistry({ AdvancedDiscounts: false }) });
      await expect(off.send(new PriceOrder('u1'))).resolves.toBeUndefined();
      expect(ran).toBe(0);
      const on = processorFor(sub(), { featureSwitches: new FeatureSwitchRegistry({ AdvancedDiscounts: true }) });
      await expect(on.send(new PriceOrder('u1'))).resolves.toBe('discounted');
      expect(ran).toBe(1);
    });

    it("features.set('Beta', (request, context) => request.userId === 'u1') decides per request", async () => {
      const features = new FeatureSwitchRegistry({ AdvancedDiscounts: true }, { missing: 'error' });
      // eslint-disable-next-line @typescript-eslint/no-unused-vars
      features.set('Beta', (request, context) => request.userId === 'u1');
      features.set('Async', async (request) => request.userId === 'u2');
      class BetaHandler extends RequestHandler<PriceOrder> {
        @FeatureSwitch('Beta', { step: 3 })
        async handle(_c: PriceOrder) {
          return 'beta';
        }
      }
      const processor = processorFor(new SubscriberRegistry().register(PriceOrder, BetaHandler), {
        featureSwitches: features,
      });
      await expect(processor.send(new PriceOrder('u1'))).resolves.toBe('beta');
      await expect(processor.send(new PriceOrder('u2'))).resolves.toBeUndefined();
      expect(await features.isOn('Async', new PriceOrder('u2'), new RequestContext())).toBe(true);
    });

    it("status: 'on' | 'off' fixes it in code (no registry needed)", async () => {
      class OnHandler extends RequestHandler<PriceOrder> {
        @FeatureSwitch('X', { step: 3, status: 'on' })
        async handle(_c: PriceOrder) {
          return 'on';
        }
      }
      class OffHandler extends RequestHandler<PriceOrder> {
        @FeatureSwitch('X', { step: 3, status: 'off' })
        async handle(_c: PriceOrder) {
          return 'off';
        }
      }
      await expect(processorFor(new SubscriberRegistry().register(PriceOrder, OnHandler)).send(new PriceOrder('a'))).resolves.toBe('on');
      await expect(processorFor(new SubscriberRegistry().register(PriceOrder, OffHandler)).send(new PriceOrder('a'))).resolves.toBeUndefined();
    });

    it("a feature with no configuration is an error unless the registry was built with { missing: 'on' | 'off' }", async () => {
      const sub = () => new SubscriberRegistry().register(PriceOrder, DiscountHandler);
      await expect(
        processorFor(sub(), { featureSwitches: new FeatureSwitchRegistry({}, { missing: 'error' }) }).send(new PriceOrder('a')),
      ).rejects.toBeInstanceOf(FeatureSwitchConfigurationError);
      await expect(
        processorFor(sub(), { featureSwitches: new FeatureSwitchRegistry({}) }).send(new PriceOrder('a')),
      ).rejects.toBeInstanceOf(FeatureSwitchConfigurationError);
      await expect(
        processorFor(sub(), { featureSwitches: new FeatureSwitchRegistry({}, { missing: 'on' }) }).send(new PriceOrder('a')),
      ).resolves.toBe('discounted');
      await expect(
        processorFor(sub(), { featureSwitches: new FeatureSwitchRegistry({}, { missing: 'off' }) }).send(new PriceOrder('a')),
      ).resolves.toBeUndefined();
    });
  });

  describe('Monitor', () => {
    it('emits enter/exit/exception MonitorEvents to processor.onMonitorEvent subscribers and rethrows', async () => {
      const boom = new Error('boom');
      class C extends Command<string> {
        constructor(readonly fail: boolean) {
          super();
        }
      }
      class MonitoredHandler extends RequestHandler<C> {
        @Monitor({ step: 4 })
        async handle(c: C) {
          if (c.fail) throw boom;
          return 'ok';
        }
      }
      class NamedHandler extends RequestHandler<C> {
        @Monitor({ step: 4, name: 'custom-name' })
        async handle(_c: C) {
          return 'ok';
        }
      }
      const processor = processorFor(new SubscriberRegistry().register(C, MonitoredHandler));
      const events: MonitorEvent[] = [];
      const unsubscribe = processor.onMonitorEvent((e) => events.push(e));
      const ok = new C(false);
      await processor.send(ok);
      await expect(processor.send(new C(true))).rejects.toBe(boom);
      expect(events.map((e) => e.type)).toEqual(['enter', 'exit', 'enter', 'exception']);
      for (const e of events) {
        expect(e.handlerName).toBe('MonitoredHandler');
        expect(e.requestType).toBe('C');
        expect(e.at).toBeInstanceOf(Date);
        expect(typeof e.elapsedMs).toBe('number');
      }
      expect(events[0].requestId).toBe(ok.id);
      expect(events[3].error).toBe(boom);
      unsubscribe();
      await processor.send(ok);
      expect(events).toHaveLength(4);

      const named = processorFor(new SubscriberRegistry().register(C, NamedHandler));
      const namedEvents: MonitorEvent[] = [];
      named.onMonitorEvent((e) => namedEvents.push(e));
      await named.send(new C(false));
      expect(namedEvents[0].handlerName).toBe('custom-name');
    });
  });
});
