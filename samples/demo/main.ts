// The main job (`npm run demo`). For now: a decorated command through the pipeline; the live
// failover demo replaces this once the failover layers land.
import 'reflect-metadata';
import { Command, CommandProcessor, RequestHandler, RequestLogging, SubscriberRegistry, Monitor } from '../../src';
import { consoleLogger } from '../shared/console-logger';

class GreetCommand extends Command<string> {
  constructor(readonly name: string) {
    super();
  }
}

class GreetHandler extends RequestHandler<GreetCommand> {
  @RequestLogging({ step: 0 })
  @Monitor({ step: 1 })
  override async handle(command: GreetCommand) {
    return `Hello, ${command.name}!`;
  }
}

async function main() {
  const processor = new CommandProcessor({ subscribers: new SubscriberRegistry().register(GreetCommand, GreetHandler), logger: consoleLogger });
  processor.onMonitorEvent((e) => console.log(`  monitor: ${e.type} ${e.handlerName} ${e.elapsedMs.toFixed(2)} ms`));
  for (const name of ['Ada', 'Grace', 'Edsger']) console.log(await processor.send(new GreetCommand(name)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
