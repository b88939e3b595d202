import { container as rootContainer, inject, injectable, singleton, Lifecycle } from 'tsyringe';
import {
  Command,
  CommandProcessor,
  pipelineStep,
  type Request,
  type ResultOf,
  HandlerRegistrationError,
  MissingHandlerError,
  PipelineConfigurationError,
  RequestContext,
  RequestHandler,
  SubscriberRegistry,
} from '../../src';

class Add extends Command<number> {
  constructor(
    readonly a: number,
    readonly b: number,
  ) {
    super();
  }
}
class AddHandler extends RequestHandler<Add> {
  override async handle(command: Add) {
    return command.a + command.b;
  }
}
class Unhandled extends Command {}

describe('send', () => {
  it('reaches the one handler and resolves to its result', async () => {
    const processor = new CommandProcessor({
      subscribers: new SubscriberRegistry().register(Add, AddHandler),
    });
    await expect(processor.send(new Add(2, 3))).resolves.toBe(5);
    expect(processor.describePipeline(Add)).toEqual(['AddHandler']);
  });

  it('rejects a second handler for a command at registration', () => {
    class OtherAddHandler extends RequestHandler<Add> {}
    const subscribers = new SubscriberRegistry().register(Add, AddHandler);
    expect(() => subscribers.register(Add, OtherAddHandler)).toThrow(HandlerRegistrationError);
    expect(() => subscribers.register(Add, OtherAddHandler)).toThrow(
      /Add is a command and already has a handler \(AddHandler\)/,
    );
  });

  it('rejects registering something that is not a handler class', () => {
    expect(() => new SubscriberRegistry().register(Add, {} as any)).toThrow(
      /must be a class extending RequestHandler/,
    );
  });

  it('with no handler rejects with MissingHandlerError naming the command type', async () => {
    const processor = new CommandProcessor({ subscribers: new SubscriberRegistry() });
    const sent = processor.send(new Unhandled());
    await expect(sent).rejects.toBeInstanceOf(MissingHandlerError);
    await expect(sent).rejects.toThrow(/Unhandled/);
  });

  it('awaits a handle that returns a plain value', async () => {
    class Sync extends Command<string> {}
    class SyncHandler extends RequestHandler<Sync> {
      override handle(): any {
        return 'plain';
      }
    }
    const processor = new CommandProcessor({
      subscribers: new SubscriberRegistry().register(Sync, SyncHandler),
    });
    await expect(processor.send(new Sync())).resolves.toBe('plain');
  });

  it('turns a synchronous throw in handle into a rejection', async () => {
    class Boom extends Command {}
    class BoomHandler extends RequestHandler<Boom> {
      override handle(): any {
        throw new Error('sync boom');
      }
    }
    const processor = new CommandProcessor({
      subscribers: new SubscriberRegistry().register(Boom, BoomHandler),
    });
    await expect(processor.send(new Boom())).rejects.toThrow('sync boom');
  });
});

describe('context', () => {
  it('carries bag values caller → handler → caller on the caller-supplied context', async () => {
    class Tag extends Command<string> {}
    class TagHandler extends RequestHandler<Tag> {
      override async handle() {
        const tenant = this.context.bag.get('tenant') as string;
        this.context.bag.set('handledBy', this.name);
        return tenant;
      }
    }
    const processor = new CommandProcessor({
      subscribers: new SubscriberRegistry().register(Tag, TagHandler),
    });
    const context = new RequestContext();
    context.bag.set('tenant', 'acme');
    await expect(processor.send(new Tag(), { context })).resolves.toBe('acme');
    expect(context.bag.get('handledBy')).toBe('TagHandler');
    expect(context.logger).toBe(processor.logger);
    expect(context.container).toBe(processor.container);
  });

  it('hands the caller signal to handlers', async () => {
    class Wait extends Command<boolean> {}
    class WaitHandler extends RequestHandler<Wait> {
      override async handle() {
        return this.context.signal!.aborted;
      }
    }
    const processor = new CommandProcessor({
      subscribers: new SubscriberRegistry().register(Wait, WaitHandler),
    });
    const controller = new AbortController();
    controller.abort();
    await expect(processor.send(new Wait(), { signal: controller.signal })).resolves.toBe(true);
  });
});

describe('handler creation through tsyringe', () => {
  it('injects constructor dependencies', async () => {
    @injectable()
    class Clock {
      now() {
        return 42;
      }
    }
    class Now extends Command<number> {}
    @injectable()
    class NowHandler extends RequestHandler<Now> {
      constructor(private readonly clock: Clock) {
        super();
      }
      override async handle() {
        return this.clock.now();
      }
    }
    const processor = new CommandProcessor({
      subscribers: new SubscriberRegistry().register(Now, NowHandler),
    });
    await expect(processor.send(new Now())).resolves.toBe(42);
  });

  it('reports a handler that cannot be constructed as PipelineConfigurationError with the cause', async () => {
    interface Db {
      query(): number;
    }
    class Q extends Command<number> {}
    @injectable()
    class QHandler extends RequestHandler<Q> {
      constructor(readonly db: Db) {
        super();
      }
    }
    const processor = new CommandProcessor({ subscribers: new SubscriberRegistry().register(Q, QHandler) });
    const error = await processor.send(new Q()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineConfigurationError);
    expect((error as Error).message).toMatch(/QHandler could not be constructed/);
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect(() => processor.validatePipelines()).toThrow(PipelineConfigurationError);
  });

  it('uses the container given to the processor', async () => {
    const child = rootContainer.createChildContainer();
    child.register('greeting', { useValue: 'hej' });
    class Hi extends Command<string> {}
    @injectable()
    class HiHandler extends RequestHandler<Hi> {
      constructor(@inject('greeting') private readonly greeting: string) {
        super();
      }
      override async handle() {
        return this.greeting;
      }
    }
    const processor = new CommandProcessor({
      subscribers: new SubscriberRegistry().register(Hi, HiHandler),
      container: child,
    });
    await expect(processor.send(new Hi())).resolves.toBe('hej');
  });

  it('runs 1,000 concurrent sends through one handler type with a singleton dependency, each with its own result', async () => {
    @singleton()
    class Counter {
      calls = 0;
    }
    class Echo extends Command<string> {
      constructor(readonly value: string) {
        super();
      }
    }
    @injectable()
    class EchoHandler extends RequestHandler<Echo> {
      constructor(private readonly counter: Counter) {
        super();
      }
      override async handle(command: Echo) {
        this.counter.calls++;
        this.context.bag.set('value', command.value);
        await new Promise((r) => setTimeout(r, Math.random() * 5));
        // Another send's context must not have leaked into this chain.
        return `${this.context.bag.get('value')}/${command.value}`;
      }
    }
    const processor = new CommandProcessor({
      subscribers: new SubscriberRegistry().register(Echo, EchoHandler),
    });
    const values = Array.from({ length: 1000 }, (_, i) => `v${i}`);
    const results = await Promise.all(values.map((v) => processor.send(new Echo(v))));
    expect(results).toEqual(values.map((v) => `${v}/${v}`));
    expect(processor.container.resolve(Counter).calls).toBe(1000);
  });

  it('keeps concurrent sends apart even when the handler itself is a singleton', async () => {
    class Echo extends Command<string> {
      constructor(readonly value: string) {
        super();
      }
    }
    class SingletonEchoHandler extends RequestHandler<Echo> {
      override async handle(command: Echo) {
        this.context.bag.set('value', command.value);
        await new Promise((r) => setTimeout(r, Math.random() * 5));
        return String(this.context.bag.get('value'));
      }
    }
    const container = rootContainer.createChildContainer();
    container.register(SingletonEchoHandler, SingletonEchoHandler, { lifecycle: Lifecycle.Singleton });
    const processor = new CommandProcessor({
      subscribers: new SubscriberRegistry().register(Echo, SingletonEchoHandler),
      container,
    });
    const values = Array.from({ length: 200 }, (_, i) => `s${i}`);
    await expect(Promise.all(values.map((v) => processor.send(new Echo(v))))).resolves.toEqual(values);
  });

  it('reports a handler whose constructor throws as PipelineConfigurationError with the cause', async () => {
    class Explode extends Command {}
    const boom = new Error('boom in ctor');
    class ExplodingHandler extends RequestHandler<Explode> {
      constructor() {
        super();
        throw boom;
      }
    }
    const processor = new CommandProcessor({
      subscribers: new SubscriberRegistry().register(Explode, ExplodingHandler),
    });
    const error = await processor.send(new Explode()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineConfigurationError);
    expect((error as Error).message).toMatch(
      /ExplodingHandler could not be constructed \(its constructor threw\): boom in ctor/,
    );
    expect((error as Error).cause).toBe(boom);
  });

  it('keeps sends apart when one singleton step handler serves two links and two handlers', async () => {
    class Slow<T extends Request<any>> extends RequestHandler<T> {
      override async handle(request: T): Promise<ResultOf<T>> {
        await new Promise((r) => setTimeout(r, 5));
        return super.handle(request);
      }
    }
    const slowStep = (step: number) => pipelineStep(Slow, { step });
    class One extends Command<string> {}
    class Two extends Command<string> {}
    class OneHandler extends RequestHandler<One> {
      @slowStep(0)
      @slowStep(1)
      override async handle() {
        return 'one';
      }
    }
    class TwoHandler extends RequestHandler<Two> {
      @slowStep(0)
      override async handle() {
        return 'two';
      }
    }
    const container = rootContainer.createChildContainer();
    container.register(Slow, Slow, { lifecycle: Lifecycle.Singleton });
    const processor = new CommandProcessor({
      subscribers: new SubscriberRegistry().register(One, OneHandler).register(Two, TwoHandler),
      container,
    });
    const results = await Promise.all([
      processor.send(new One()),
      processor.send(new Two()),
      processor.send(new One()),
    ]);
    expect(results).toEqual(['one', 'two', 'one']);
  });
});
