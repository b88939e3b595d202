// API.md §3 (the processor), in the contract's literal forms.
import { circuitBreaker, ConsecutiveBreaker, ConstantBackoff, handleAll, retry } from 'cockatiel';
import pino from 'pino';
import { container as rootContainer, inject, injectable, Lifecycle } from 'tsyringe';
import {
  Command,
  CommandProcessor,
  Event,
  FeatureSwitchConfigurationError,
  FeatureSwitchRegistry,
  HandlerRegistrationError,
  type Logger,
  type MonitorEvent,
  MissingHandlerError,
  Monitor,
  PipelineConfigurationError,
  RequestContext,
  RequestHandler,
  RequestLogging,
  ResiliencePipelineRegistry,
  SubscriberRegistry,
  UnknownResiliencePipelineError,
  UseResiliencePipeline,
} from 'matryoshka-pipeline';
import { captureLogger, delay } from './support';

class GreetCommand extends Command<string> {
  constructor(readonly name: string) {
    super();
  }
}
class GreetHandler extends RequestHandler<GreetCommand> {
  @RequestLogging({ step: 0 })
  async handle(command: GreetCommand) {
    this.context.bag.set('greeted', command.name);
    return `Hello, ${command.name}`;
  }
}
class OrderPlaced extends Event {
  constructor(readonly orderId: number) {
    super();
  }
}
const delivered: string[] = [];
class EmailHandler extends RequestHandler<OrderPlaced> {
  async handle(event: OrderPlaced) {
    delivered.push(`email ${event.orderId}`);
    this.context.bag.set('who', 'email');
  }
}
class AuditHandler extends RequestHandler<OrderPlaced> {
  async handle(event: OrderPlaced) {
    delivered.push(`audit ${event.orderId}`);
    this.context.bag.set('who', 'audit');
  }
}

describe('§3 the processor', () => {
  beforeEach(() => (delivered.length = 0));

  it('the contract snippet: register chain, send resolves to the result, publish reaches every subscriber, describePipeline, validatePipelines, onMonitorEvent', async () => {
    const subscribers = new SubscriberRegistry()
      .register(GreetCommand, GreetHandler)        // a second handler for a Command throws HandlerRegistrationError
      .register(OrderPlaced, EmailHandler)
      .register(OrderPlaced, AuditHandler);

    const processor = new CommandProcessor({
      subscribers,
      container: rootContainer.createChildContainer(),
      resiliencePipelines: new ResiliencePipelineRegistry(),
      featureSwitches: new FeatureSwitchRegistry({}),
      logger: captureLogger(),
    });

    const greeting: string = await processor.send(new GreetCommand('Ada'));
    expect(greeting).toBe('Hello, Ada');
    const published: void = await processor.publish(new OrderPlaced(42));
    expect(published).toBeUndefined();
    expect(delivered.sort()).toEqual(['audit 42', 'email 42']);
    expect(processor.describePipeline(GreetCommand)).toEqual(['RequestLoggingHandler', 'GreetHandler']);
    expect(() => processor.validatePipelines()).not.toThrow();
    const unsubscribe: () => void = processor.onMonitorEvent(() => undefined);
    expect(typeof unsubscribe).toBe('function');
    unsubscribe();
  });

  it('only subscribers is required; logger accepts a pino logger', async () => {
    const subscribers = new SubscriberRegistry().register(GreetCommand, GreetHandler);
    await expect(new CommandProcessor({ subscribers }).send(new GreetCommand('A'))).resolves.toBe('Hello, A');
    const logger: Logger = pino({ level: 'silent' });
    await expect(new CommandProcessor({ subscribers, logger }).send(new GreetCommand('B'))).resolves.toBe('Hello, B');
  });

  it('a second handler for a Command throws HandlerRegistrationError', () => {
    class OtherGreetHandler extends RequestHandler<GreetCommand> {}
    const subscribers = new SubscriberRegistry().register(GreetCommand, GreetHandler);
    expect(() => subscribers.register(GreetCommand, OtherGreetHandler)).toThrow(HandlerRegistrationError);
  });

  it('send with no handler registered rejects with MissingHandlerError naming the command type', async () => {
    class UnhandledCommand extends Command {}
    const processor = new CommandProcessor({ subscribers: new SubscriberRegistry() });
    const error = await processor.send(new UnhandledCommand()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingHandlerError);
    expect((error as Error).message).toContain('UnhandledCommand');
  });

  it('publish runs all subscribers even when some fail, then rejects with an AggregateError holding every failure', async () => {
    const e1 = new Error('one');
    const e2 = new Error('two');
    let ran = 0;
    class Ok extends RequestHandler<OrderPlaced> {
      async handle() {
        ran++;
      }
    }
    class Fail1 extends RequestHandler<OrderPlaced> {
      async handle(): Promise<void> {
        ran++;
        throw e1;
      }
    }
    class Fail2 extends RequestHandler<OrderPlaced> {
      async handle(): Promise<void> {
        ran++;
        throw e2;
      }
    }
    const processor = new CommandProcessor({
      subscribers: new SubscriberRegistry().register(OrderPlaced, Fail1).register(OrderPlaced, Ok).register(OrderPlaced, Fail2),
    });
    const error = await processor.publish(new OrderPlaced(1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AggregateError);
    expect((error as AggregateError).errors).toEqual(expect.arrayContaining([e1, e2]));
    expect((error as AggregateError).errors).toHaveLength(2);
    expect(ran).toBe(3);
  });

  it('publish with no subscribers is not an error', async () => {
    class Nobody extends Event {}
    await expect(new CommandProcessor({ subscribers: new SubscriberRegistry() }).publish(new Nobody())).resolves.toBeUndefined();
  });

  it('each subscriber gets its own copy of the context bag', async () => {
    const seen: unknown[] = [];
    class Reader extends RequestHandler<OrderPlaced> {
      async handle() {
        await delay(5);
        seen.push(this.context.bag.get('who'));
      }
    }
    const processor = new CommandProcessor({
      subscribers: new SubscriberRegistry()
        .register(OrderPlaced, EmailHandler)
        .register(OrderPlaced, AuditHandler)
        .register(OrderPlaced, Reader),
    });
    const context = new RequestContext();
    context.bag.set('who', 'caller');
    await processor.publish(new OrderPlaced(7), { context });
    expect(seen).toEqual(['caller']);
  });

  it('send(command, { context }): the caller-supplied RequestContext is the one handlers see, bag both ways', async () => {
    let seenContext: RequestContext | undefined;
    let tenant: unknown;
    class Tenanted extends RequestHandler<GreetCommand> {
      async handle(c: GreetCommand) {
        seenContext = this.context;
        tenant = this.context.bag.get('tenant');
        this.context.bag.set('greeted', c.name);
        return 'ok';
      }
    }
    const processor = new CommandProcessor({ subscribers: new SubscriberRegistry().register(GreetCommand, Tenanted) });
    const context = new RequestContext();
    context.bag.set('tenant', 'acme');
    await processor.send(new GreetCommand('Ada'), { context });
    expect(seenContext).toBe(context);
    expect(tenant).toBe('acme');
    expect(context.bag.get('greeted')).toBe('Ada');
    expect(context.bag).toBeInstanceOf(Map);
    expect(context.logger).toBeDefined();
  });

  it('send(command, { signal }): handlers see the signal as context.signal', async () => {
    let signal: AbortSignal | undefined;
    class SignalHandler extends RequestHandler<GreetCommand> {
      async handle() {
        signal = this.context.signal;
        return 'ok';
      }
    }
    const controller = new AbortController();
    const processor = new CommandProcessor({ subscribers: new SubscriberRegistry().register(GreetCommand, SignalHandler) });
    await processor.send(new GreetCommand('x'), { signal: controller.signal });
    expect(signal).toBe(controller.signal);
  });

  it('RequestContext has bag, signal, logger and the registries', async () => {
    const resiliencePipelines = new ResiliencePipelineRegistry();
    const featureSwitches = new FeatureSwitchRegistry({});
    const logger = captureLogger();
    let context: RequestContext | undefined;
    class Peek extends RequestHandler<GreetCommand> {
      async handle() {
        context = this.context;
        return '';
      }
    }
    await new CommandProcessor({
      subscribers: new SubscriberRegistry().register(GreetCommand, Peek),
      resiliencePipelines,
      featureSwitches,
      logger,
    }).send(new GreetCommand('x'));
    expect(context!.logger).toBe(logger);
    expect(context!.resiliencePipelines).toBe(resiliencePipelines);
    expect(context!.featureSwitches).toBe(featureSwitches);
    expect(context!.bag).toBeInstanceOf(Map);
    expect('signal' in context! || context!.signal === undefined).toBe(true);
  });

  it('handlers and step handlers are created through the tsyringe container (constructor injection)', async () => {
    @injectable()
    class Greeter {
      greet(name: string) {
        return `Hi ${name}`;
      }
    }
    @injectable()
    class InjectedHandler extends RequestHandler<GreetCommand> {
      constructor(private readonly greeter: Greeter) {
        super();
      }
      async handle(c: GreetCommand) {
        return this.greeter.greet(c.name);
      }
    }
    const container = rootContainer.createChildContainer();
    const processor = new CommandProcessor({
      subscribers: new SubscriberRegistry().register(GreetCommand, InjectedHandler),
      container,
    });
    await expect(processor.send(new GreetCommand('Ada'))).resolves.toBe('Hi Ada');
  });

  it('a handler that cannot be constructed is a PipelineConfigurationError with the cause attached', async () => {
    @injectable()
    class Broken extends RequestHandler<GreetCommand> {
      constructor(@inject('NotRegistered') readonly dep: unknown) {
        super();
      }
    }
    const processor = new CommandProcessor({ subscribers: new SubscriberRegistry().register(GreetCommand, Broken) });
    const error = await processor.send(new GreetCommand('x')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineConfigurationError);
    expect((error as Error).cause).toBeDefined();
    expect(() => processor.validatePipelines()).toThrow(PipelineConfigurationError);
  });

  it('concurrent sends never share a chain, whatever the handler lifetime (singleton here)', async () => {
    class Slow extends Command<string> {
      constructor(readonly tag: string, readonly waitMs: number) {
        super();
      }
    }
    @injectable()
    class SlowHandler extends RequestHandler<Slow> {
      @Monitor({ step: 0 })
      async handle(c: Slow) {
        this.context.bag.set('tag', c.tag);
        await delay(c.waitMs);
        return `${c.tag}:${String(this.context.bag.get('tag'))}`;
      }
    }
    const container = rootContainer.createChildContainer();
    container.register(SlowHandler, { useClass: SlowHandler }, { lifecycle: Lifecycle.Singleton });
    const processor = new CommandProcessor({ subscribers: new SubscriberRegistry().register(Slow, SlowHandler), container });
    const events: MonitorEvent[] = [];
    processor.onMonitorEvent((e) => events.push(e));
    const results = await Promise.all([processor.send(new Slow('a', 30)), processor.send(new Slow('b', 5))]);
    expect(results).toEqual(['a:a', 'b:b']);
    expect(events.filter((e) => e.type === 'exit')).toHaveLength(2);
  });

  it('validatePipelines builds every pipeline now and throws the first PipelineConfigurationError', () => {
    class C extends Command {}
    class Bad extends RequestHandler<C> {
      @UseResiliencePipeline('missing', { step: 1 })
      async handle(c: C) {
        return super.handle(c);
      }
    }
    const processor = new CommandProcessor({
      subscribers: new SubscriberRegistry().register(GreetCommand, GreetHandler).register(C, Bad),
      resiliencePipelines: new ResiliencePipelineRegistry(),
    });
    expect(() => processor.validatePipelines()).toThrow(UnknownResiliencePipelineError);
  });

  it('the registries snippet: ResiliencePipelineRegistry.add(...).add(...) and FeatureSwitchRegistry with a predicate', async () => {
    const pipelines = new ResiliencePipelineRegistry()
      .add('retry', retry(handleAll, { maxAttempts: 3, backoff: new ConstantBackoff(10) }))
      .add('breaker', circuitBreaker(handleAll, { halfOpenAfter: 10_000, breaker: new ConsecutiveBreaker(5) }));
    const features = new FeatureSwitchRegistry({ AdvancedDiscounts: true }, { missing: 'error' });
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    features.set('Beta', (request, context) => request.userId === 'u1');   // boolean | sync/async predicate
    features.set('Gamma', false);

    class Order extends Command<string> {
      constructor(readonly userId: string) {
        super();
      }
    }
    expect(await features.isOn('Beta', new Order('u1'), new RequestContext())).toBe(true);
    expect(await features.isOn('Beta', new Order('u2'), new RequestContext())).toBe(false);
    expect(await features.isOn('AdvancedDiscounts', new Order('u2'), new RequestContext())).toBe(true);
    expect(await features.isOn('Gamma', new Order('u2'), new RequestContext())).toBe(false);
    expect(() => features.isOn('Nope', new Order('u2'), new RequestContext())).toThrow(FeatureSwitchConfigurationError);
    expect(pipelines).toBeInstanceOf(ResiliencePipelineRegistry);
  });

  it('errors are exported classes', () => {
    for (const cls of [
      MissingHandlerError,
      HandlerRegistrationError,
      PipelineConfigurationError,
      UnknownResiliencePipelineError,
      FeatureSwitchConfigurationError,
    ]) {
      expect(typeof cls).toBe('function');
      expect(cls.prototype).toBeInstanceOf(Error);
    }
  });
});
