// Sample 1a — a decorated handler (Brighter's "Adding a pipeline to your handler").
// RequestLogging (step 0) is the outer doll, Fallback (1) next, a retry policy (2) innermost.
import 'reflect-metadata';
import { ConstantBackoff, handleAll, retry } from 'cockatiel';
import {
  Command,
  CommandProcessor,
  Fallback,
  RequestHandler,
  RequestLogging,
  ResiliencePipelineRegistry,
  SubscriberRegistry,
  UseResiliencePipeline,
} from '../../src';
import { consoleLogger } from '../shared/console-logger';

class GreetCommand extends Command<string> {
  constructor(readonly name: string) {
    super();
  }
}

let attempts = 0;
class GreetHandler extends RequestHandler<GreetCommand> {
  @RequestLogging({ step: 0 })
  @Fallback({ step: 1, backstop: true })
  @UseResiliencePipeline('retry', { step: 2 })
  override async handle(command: GreetCommand) {
    // Fails twice, then succeeds: the retry policy absorbs the failures.
    if (++attempts < 3) throw new Error(`greeting service hiccup #${attempts}`);
    return `Hello, ${command.name}!`;
  }

  override async fallback(command: GreetCommand) {
    return `Hello (from the fallback), ${command.name}`;
  }
}

async function main() {
  const processor = new CommandProcessor({
    subscribers: new SubscriberRegistry().register(GreetCommand, GreetHandler),
    resiliencePipelines: new ResiliencePipelineRegistry().add(
      'retry',
      retry(handleAll, { maxAttempts: 3, backoff: new ConstantBackoff(10) }),
    ),
    logger: consoleLogger,
  });
  console.log('pipeline:', processor.describePipeline(GreetCommand).join(' → '));
  console.log('result:  ', await processor.send(new GreetCommand('Ada')));
  console.log('attempts:', attempts);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
