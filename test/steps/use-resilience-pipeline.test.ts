import {
  ConsecutiveBreaker,
  ConstantBackoff,
  TimeoutStrategy,
  circuitBreaker,
  handleAll,
  retry,
  timeout,
  BrokenCircuitError,
  wrap,
} from 'cockatiel';
import {
  Command,
  CommandProcessor,
  PipelineConfigurationError,
  RequestHandler,
  ResiliencePipelineRegistry,
  SubscriberRegistry,
  UnknownResiliencePipelineError,
  UseResiliencePipeline,
} from '../../src';

class Flaky extends Command<string> {}

function processorWith(handler: any, pipelines?: ResiliencePipelineRegistry) {
  return new CommandProcessor({
    subscribers: new SubscriberRegistry().register(Flaky, handler),
    resiliencePipelines: pipelines,
  });
}

describe('UseResiliencePipeline', () => {
  it('retries with a retry policy', async () => {
    let calls = 0;
    class FlakyHandler extends RequestHandler<Flaky> {
      @UseResiliencePipeline('retry', { step: 1 })
      override async handle() {
        if (++calls < 3) throw new Error(`attempt ${calls} failed`);
        return `ok after ${calls}`;
      }
    }
    const pipelines = new ResiliencePipelineRegistry().add(
      'retry',
      retry(handleAll, { maxAttempts: 3, backoff: new ConstantBackoff(1) }),
    );
    await expect(processorWith(FlakyHandler, pipelines).send(new Flaky())).resolves.toBe('ok after 3');
    expect(calls).toBe(3);
  });

  it('opens a shared breaker: the third call is refused without running the handler', async () => {
    let calls = 0;
    class FailingHandler extends RequestHandler<Flaky> {
      @UseResiliencePipeline('breaker', { step: 1 })
      override async handle(): Promise<string> {
        calls++;
        throw new Error('backend down');
      }
    }
    const pipelines = new ResiliencePipelineRegistry().add(
      'breaker',
      circuitBreaker(handleAll, { halfOpenAfter: 10_000, breaker: new ConsecutiveBreaker(2) }),
    );
    const processor = processorWith(FailingHandler, pipelines);
    await expect(processor.send(new Flaky())).rejects.toThrow('backend down');
    await expect(processor.send(new Flaky())).rejects.toThrow('backend down');
    await expect(processor.send(new Flaky())).rejects.toBeInstanceOf(BrokenCircuitError);
    expect(calls).toBe(2);
  });

  it('wraps several names, the first outermost (retry around breaker)', async () => {
    let calls = 0;
    class FailingHandler extends RequestHandler<Flaky> {
      @UseResiliencePipeline(['retry', 'breaker'], { step: 1 })
      override async handle(): Promise<string> {
        calls++;
        throw new Error('down');
      }
    }
    const pipelines = new ResiliencePipelineRegistry()
      .add('retry', retry(handleAll, { maxAttempts: 5, backoff: new ConstantBackoff(1) }))
      .add(
        'breaker',
        circuitBreaker(handleAll, { halfOpenAfter: 10_000, breaker: new ConsecutiveBreaker(2) }),
      );
    // Retry outside: it keeps trying; the breaker inside opens after 2 and answers the rest.
    await expect(processorWith(FailingHandler, pipelines).send(new Flaky())).rejects.toBeInstanceOf(
      BrokenCircuitError,
    );
    expect(calls).toBe(2);
  });

  it('rejects an unknown policy name as a configuration error naming it', () => {
    class H extends RequestHandler<Flaky> {
      @UseResiliencePipeline('nope', { step: 1 })
      override async handle() {
        return 'x';
      }
    }
    const processor = processorWith(
      H,
      new ResiliencePipelineRegistry().add('retry', retry(handleAll, { maxAttempts: 1 })),
    );
    expect(() => processor.validatePipelines()).toThrow(UnknownResiliencePipelineError);
    expect(() => processor.validatePipelines()).toThrow(PipelineConfigurationError);
    expect(() => processor.validatePipelines()).toThrow(
      /H: UseResiliencePipeline names "nope".*known: "retry"/,
    );
  });

  it('rejects a pipeline step when the processor has no registry', () => {
    class H extends RequestHandler<Flaky> {
      @UseResiliencePipeline('retry', { step: 1 })
      override async handle() {
        return 'x';
      }
    }
    expect(() => processorWith(H).validatePipelines()).toThrow(/needs a ResiliencePipelineRegistry/);
  });

  it('hands the timeout policy signal to the handler, which sees it abort', async () => {
    let sawAbort = false;
    class SlowHandler extends RequestHandler<Flaky> {
      @UseResiliencePipeline('timeout', { step: 1 })
      override async handle() {
        const signal = this.context.signal!;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 5_000);
          signal.addEventListener('abort', () => {
            sawAbort = true;
            clearTimeout(timer);
            resolve();
          });
        });
        return 'too late';
      }
    }
    const pipelines = new ResiliencePipelineRegistry().add(
      'timeout',
      timeout(50, TimeoutStrategy.Aggressive),
    );
    const started = Date.now();
    await expect(processorWith(SlowHandler, pipelines).send(new Flaky())).rejects.toThrow(/timed out/i);
    expect(sawAbort).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('gives handlers no shared never-aborting signal when neither caller nor policy can abort', async () => {
    const seen: (AbortSignal | undefined)[] = [];
    class SignalHandler extends RequestHandler<Flaky> {
      @UseResiliencePipeline('retry', { step: 1 })
      override async handle() {
        seen.push(this.context.signal);
        return 'ok';
      }
    }
    const pipelines = new ResiliencePipelineRegistry().add('retry', retry(handleAll, { maxAttempts: 1 }));
    const processor = processorWith(SignalHandler, pipelines);
    await Promise.all(Array.from({ length: 20 }, () => processor.send(new Flaky())));
    expect(seen).toHaveLength(20);
    expect(seen.every((s) => s === undefined)).toBe(true);
    const controller = new AbortController();
    await processor.send(new Flaky(), { signal: controller.signal });
    expect(seen[20]).toBeDefined();
    controller.abort();
    expect(seen[20]!.aborted).toBe(true);
  });

  describe('each attempt sees its own signal after an await', () => {
    // Two attempts (one retry), each under its own 200 ms aggressive timeout.
    const retryWithTimeout = () =>
      new ResiliencePipelineRegistry().add(
        'retry-timeout',
        wrap(
          retry(handleAll, { maxAttempts: 1, backoff: new ConstantBackoff(0) }),
          timeout(200, TimeoutStrategy.Aggressive),
        ),
      );
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    it('not the caller’s restored signal once the send is over', async () => {
      let attempts = 0;
      const atStart: (AbortSignal | undefined)[] = [];
      let afterAwait: AbortSignal | undefined | 'unread' = 'unread';
      let read!: () => void;
      const done = new Promise<void>((resolve) => (read = resolve));
      class SlowThenFast extends RequestHandler<Flaky> {
        @UseResiliencePipeline('retry-timeout', { step: 1 })
        override async handle() {
          const attempt = ++attempts;
          atStart[attempt] = this.context.signal;
          if (attempt === 2) return 'second attempt';
          await sleep(300); // outlives its 200 ms timeout and the whole send
          afterAwait = this.context.signal;
          read();
          return 'too late';
        }
      }
      const processor = processorWith(SlowThenFast, retryWithTimeout());
      await expect(processor.send(new Flaky())).resolves.toBe('second attempt');
      await done;
      expect(afterAwait).toBe(atStart[1]);
      expect((afterAwait as unknown as AbortSignal).aborted).toBe(true);
    });

    it('not the next retry attempt’s live signal', async () => {
      let attempts = 0;
      const atStart: (AbortSignal | undefined)[] = [];
      let afterAwait: AbortSignal | undefined;
      let secondLiveThen = false;
      let read!: () => void;
      const firstHasRead = new Promise<void>((resolve) => (read = resolve));
      class SlowThenWaiting extends RequestHandler<Flaky> {
        @UseResiliencePipeline('retry-timeout', { step: 1 })
        override async handle() {
          const attempt = ++attempts;
          atStart[attempt] = this.context.signal;
          if (attempt === 2) {
            await firstHasRead; // still running, its own timeout not yet fired
            return 'second attempt';
          }
          await sleep(300); // timed out at 200 ms; the second attempt started then
          afterAwait = this.context.signal;
          secondLiveThen = atStart[2]?.aborted === false;
          read();
          return 'too late';
        }
      }
      const processor = processorWith(SlowThenWaiting, retryWithTimeout());
      await expect(processor.send(new Flaky())).resolves.toBe('second attempt');
      expect(atStart[2]).toBeDefined();
      expect(atStart[2]).not.toBe(atStart[1]);
      expect(afterAwait).toBe(atStart[1]);
      expect(afterAwait!.aborted).toBe(true);
      expect(secondLiveThen).toBe(true);
    });
  });
});
