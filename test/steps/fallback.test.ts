import { BrokenCircuitError, ConsecutiveBreaker, circuitBreaker, handleAll } from 'cockatiel';
import {
  Command,
  CommandProcessor,
  Fallback,
  FALLBACK_EXCEPTION_CAUSE,
  PipelineConfigurationError,
  RequestContext,
  RequestHandler,
  ResiliencePipelineRegistry,
  SubscriberRegistry,
  UseResiliencePipeline,
} from '../../src';

class Quote extends Command<string> {}

describe('Fallback', () => {
  it('as a backstop returns the fallback result and puts the cause in the bag', async () => {
    const cause = new Error('pricing down');
    class QuoteHandler extends RequestHandler<Quote> {
      @Fallback({ step: 1, backstop: true })
      override async handle(): Promise<string> {
        throw cause;
      }
      override async fallback() {
        return 'cached quote';
      }
    }
    const processor = new CommandProcessor({
      subscribers: new SubscriberRegistry().register(Quote, QuoteHandler),
    });
    const context = new RequestContext();
    await expect(processor.send(new Quote(), { context })).resolves.toBe('cached quote');
    expect(context.bag.get(FALLBACK_EXCEPTION_CAUSE)).toBe(cause);
  });

  it('with circuitBreaker: true lets an ordinary error through', async () => {
    let fellBack = false;
    class QuoteHandler extends RequestHandler<Quote> {
      @Fallback({ step: 1, circuitBreaker: true })
      override async handle(): Promise<string> {
        throw new Error('ordinary');
      }
      override async fallback() {
        fellBack = true;
        return 'fallback';
      }
    }
    const processor = new CommandProcessor({
      subscribers: new SubscriberRegistry().register(Quote, QuoteHandler),
    });
    await expect(processor.send(new Quote())).rejects.toThrow('ordinary');
    expect(fellBack).toBe(false);
  });

  it('with circuitBreaker: true catches a broken circuit from an inner resilience step', async () => {
    class QuoteHandler extends RequestHandler<Quote> {
      @Fallback({ step: 1, circuitBreaker: true })
      @UseResiliencePipeline('breaker', { step: 2 })
      override async handle(): Promise<string> {
        throw new Error('down');
      }
      override async fallback() {
        return 'from fallback';
      }
    }
    const pipelines = new ResiliencePipelineRegistry().add(
      'breaker',
      circuitBreaker(handleAll, { halfOpenAfter: 10_000, breaker: new ConsecutiveBreaker(1) }),
    );
    const processor = new CommandProcessor({
      subscribers: new SubscriberRegistry().register(Quote, QuoteHandler),
      resiliencePipelines: pipelines,
    });
    await expect(processor.send(new Quote())).rejects.toThrow('down');
    const context = new RequestContext();
    await expect(processor.send(new Quote(), { context })).resolves.toBe('from fallback');
    expect(context.bag.get(FALLBACK_EXCEPTION_CAUSE)).toBeInstanceOf(BrokenCircuitError);
  });

  it('with both flags false is a configuration error', () => {
    class QuoteHandler extends RequestHandler<Quote> {
      @Fallback({ step: 1, backstop: false, circuitBreaker: false })
      override async handle() {
        return 'x';
      }
    }
    const processor = new CommandProcessor({
      subscribers: new SubscriberRegistry().register(Quote, QuoteHandler),
    });
    expect(() => processor.validatePipelines()).toThrow(PipelineConfigurationError);
    expect(() => processor.validatePipelines()).toThrow(
      /QuoteHandler: Fallback at step 1 has backstop and circuitBreaker both false/,
    );
  });
});
