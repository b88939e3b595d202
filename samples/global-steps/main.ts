// Sample 1b — "global" steps by inheritance (Brighter's MyGlobalPolicyHandler).
// The base handler's RequestLogging(0) and Fallback(1) wrap every subclass; SampleHandler adds
// UseResiliencePipeline(2). Order: RequestLogging → Fallback → UseResiliencePipeline → handle.
import 'reflect-metadata';
import { ConsecutiveBreaker, circuitBreaker, handleAll } from 'cockatiel';
import {
  Command,
  CommandProcessor,
  Fallback,
  FALLBACK_EXCEPTION_CAUSE,
  RequestContext,
  RequestHandler,
  RequestLogging,
  ResiliencePipelineRegistry,
  SubscriberRegistry,
  UseResiliencePipeline,
  type Request,
  type ResultOf,
} from '../../src';
import { consoleLogger } from '../shared/console-logger';

// 1. A base handler with the common middleware.
abstract class MyGlobalPolicyHandler<T extends Request<any>> extends RequestHandler<T> {
  @RequestLogging({ step: 0 })
  @Fallback({ step: 1, backstop: true })
  override async handle(request: T): Promise<ResultOf<T>> {
    // Passes the request on through the pipeline to the real handler's successor.
    return super.handle(request);
  }
}

class SomeCommand extends Command<string> {
  constructor(readonly fail: boolean) {
    super();
  }
}

// 2. Real handlers inherit the pipeline and add their own steps.
class SampleHandler extends MyGlobalPolicyHandler<SomeCommand> {
  @UseResiliencePipeline('MyPolicy', { step: 2 })
  override async handle(command: SomeCommand): Promise<string> {
    console.log('  Handling SomeCommand');
    if (command.fail) throw new Error('downstream unavailable');
    await super.handle(command);
    return 'handled';
  }

  override async fallback(): Promise<string> {
    return 'fallback answer';
  }
}

async function main() {
  const processor = new CommandProcessor({
    subscribers: new SubscriberRegistry().register(SomeCommand, SampleHandler),
    resiliencePipelines: new ResiliencePipelineRegistry().add(
      'MyPolicy',
      circuitBreaker(handleAll, { halfOpenAfter: 5_000, breaker: new ConsecutiveBreaker(3) }),
    ),
    logger: consoleLogger,
  });
  console.log('pipeline:', processor.describePipeline(SomeCommand).join(' → '));
  console.log('ok run:  ', await processor.send(new SomeCommand(false)));
  const context = new RequestContext();
  console.log('bad run: ', await processor.send(new SomeCommand(true), { context }));
  console.log('cause:   ', (context.bag.get(FALLBACK_EXCEPTION_CAUSE) as Error).message);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
