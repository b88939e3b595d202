import {
  Command,
  CommandProcessor,
  HandlerTiming,
  PipelineConfigurationError,
  RequestHandler,
  SubscriberRegistry,
  pipelineStep,
  type Request,
  type ResultOf,
} from '../../src';

// A step that records its way in and out, so tests can see the doll order.
const trail: string[] = [];
class Trace<T extends Request<any>> extends RequestHandler<T> {
  private label = '';
  override initializeFromAttributeParams(label: string) {
    this.label = label;
  }
  override async handle(request: T): Promise<ResultOf<T>> {
    trail.push(`${this.label}:in`);
    const result = await super.handle(request);
    trail.push(`${this.label}:out`);
    return result;
  }
}
class TraceA<T extends Request<any>> extends Trace<T> {}
class TraceB<T extends Request<any>> extends Trace<T> {}
class TraceC<T extends Request<any>> extends Trace<T> {}
const traced = (cls: any, label: string, step: number, timing = HandlerTiming.Before) =>
  pipelineStep(cls, { step, timing, params: [label] });

class Ping extends Command<string> {}

function processorFor(handler: any) {
  return new CommandProcessor({ subscribers: new SubscriberRegistry().register(Ping, handler) });
}

beforeEach(() => {
  trail.length = 0;
});

describe('step order', () => {
  it('runs a lower step as the outer doll, whatever the decorator order', async () => {
    class PingHandler extends RequestHandler<Ping> {
      @traced(TraceB, 'two', 2)
      @traced(TraceA, 'one', 1)
      override async handle() {
        trail.push('handler');
        return 'pong';
      }
    }
    const processor = processorFor(PingHandler);
    expect(processor.describePipeline(Ping)).toEqual(['TraceA', 'TraceB', 'PingHandler']);
    await expect(processor.send(new Ping())).resolves.toBe('pong');
    expect(trail).toEqual(['one:in', 'two:in', 'handler', 'two:out', 'one:out']);
  });

  it('runs After steps when the target passes on with super.handle', async () => {
    class PingHandler extends RequestHandler<Ping> {
      @traced(TraceA, 'before', 1)
      @traced(TraceB, 'after', 1, HandlerTiming.After)
      override async handle(request: Ping) {
        trail.push('handler');
        await super.handle(request);
        return 'pong';
      }
    }
    const processor = processorFor(PingHandler);
    expect(processor.describePipeline(Ping)).toEqual(['TraceA', 'PingHandler', 'TraceB']);
    await expect(processor.send(new Ping())).resolves.toBe('pong');
    expect(trail).toEqual(['before:in', 'handler', 'after:in', 'after:out', 'before:out']);
  });

  it('ignores decorators that are not pipeline steps', async () => {
    const seen: string[] = [];
    const foreign: MethodDecorator = (_t, key) => {
      seen.push(String(key));
    };
    class PingHandler extends RequestHandler<Ping> {
      @foreign
      @traced(TraceA, 'one', 1)
      override async handle() {
        return 'pong';
      }
    }
    const processor = processorFor(PingHandler);
    expect(seen).toEqual(['handle']);
    expect(processor.describePipeline(Ping)).toEqual(['TraceA', 'PingHandler']);
    await expect(processor.send(new Ping())).resolves.toBe('pong');
  });

  it('puts a base class steps around the subclass steps ("global" steps by inheritance)', async () => {
    abstract class GlobalPolicyHandler<T extends Request<any>> extends RequestHandler<T> {
      @traced(TraceA, 'base0', 0)
      @traced(TraceB, 'base1', 1)
      override async handle(request: T): Promise<ResultOf<T>> {
        trail.push('base.handle');
        return super.handle(request);
      }
    }
    class PingHandler extends GlobalPolicyHandler<Ping> {
      @traced(TraceC, 'sub2', 2)
      override async handle(request: Ping): Promise<string> {
        trail.push('sub.handle');
        await super.handle(request);
        return 'pong';
      }
    }
    const processor = processorFor(PingHandler);
    expect(processor.describePipeline(Ping)).toEqual(['TraceA', 'TraceB', 'TraceC', 'PingHandler']);
    await expect(processor.send(new Ping())).resolves.toBe('pong');
    expect(trail).toEqual([
      'base0:in',
      'base1:in',
      'sub2:in',
      'sub.handle',
      'base.handle',
      'sub2:out',
      'base1:out',
      'base0:out',
    ]);
  });

  it('caches the plan per class, not per name: two classes with one name keep their own steps', async () => {
    const make = (label: string) => {
      class SameName extends RequestHandler<Ping> {
        @traced(TraceA, label, 1)
        override async handle() {
          return label;
        }
      }
      return SameName;
    };
    const first = make('first');
    const second = make('second');
    await expect(processorFor(first).send(new Ping())).resolves.toBe('first');
    await expect(processorFor(second).send(new Ping())).resolves.toBe('second');
    expect(trail).toEqual(['first:in', 'first:out', 'second:in', 'second:out']);
  });
});

describe('step configuration errors', () => {
  it('rejects two steps with the same number, naming the handler and the step', async () => {
    class BaseHandler extends RequestHandler<Ping> {
      @traced(TraceA, 'a', 1)
      override async handle(request: Ping): Promise<string> {
        return super.handle(request) as Promise<string>;
      }
    }
    class DuplicateStepHandler extends BaseHandler {
      @traced(TraceB, 'b', 1)
      override async handle() {
        return 'never';
      }
    }
    const processor = processorFor(DuplicateStepHandler);
    expect(() => processor.validatePipelines()).toThrow(PipelineConfigurationError);
    expect(() => processor.validatePipelines()).toThrow(/DuplicateStepHandler: step 1/);
    await expect(processor.send(new Ping())).rejects.toBeInstanceOf(PipelineConfigurationError);
  });

  it('allows the same number once as Before and once as After', () => {
    class PingHandler extends RequestHandler<Ping> {
      @traced(TraceA, 'a', 1)
      @traced(TraceB, 'b', 1, HandlerTiming.After)
      override async handle() {
        return 'pong';
      }
    }
    expect(() => processorFor(PingHandler).validatePipelines()).not.toThrow();
  });

  it.each([1.5, NaN, Infinity, undefined])('rejects step %p', (step) => {
    class BadStepHandler extends RequestHandler<Ping> {
      @pipelineStep(TraceA, { step: step as number, params: ['x'] })
      override async handle() {
        return 'pong';
      }
    }
    expect(() => processorFor(BadStepHandler).validatePipelines()).toThrow(
      /BadStepHandler: TraceA .* must be a finite integer/,
    );
  });

  it('refuses a step on a method other than handle', () => {
    expect(() => {
      class Misplaced extends RequestHandler<Ping> {
        @traced(TraceA, 'x', 1)
        other() {}
      }
      return Misplaced;
    }).toThrow(/goes on handle|go on handle/);
  });
});
