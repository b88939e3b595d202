// The README's twenty-line example, kept runnable: if this breaks, so does the first thing a newcomer reads.
import 'reflect-metadata';
import {
  Command,
  CommandProcessor,
  RequestHandler,
  SubscriberRegistry,
  RequestLogging,
  Fallback,
} from 'matryoshka-pipeline';

class GreetCommand extends Command<string> {
  constructor(readonly name: string) {
    super();
  }
}

class GreetHandler extends RequestHandler<GreetCommand> {
  @RequestLogging({ step: 0 }) // outer doll: logs entry, exit, failure
  @Fallback({ step: 1, backstop: true }) // inner doll: any error → fallback()
  override async handle(command: GreetCommand) {
    if (command.name === '') throw new Error('no name');
    return `Hello, ${command.name}!`;
  }
  override async fallback() {
    return 'Hello, whoever you are.';
  }
}

describe('README example', () => {
  it('greets, and falls back when the handler fails', async () => {
    const processor = new CommandProcessor({
      subscribers: new SubscriberRegistry().register(GreetCommand, GreetHandler),
    });
    const greeting: string = await processor.send(new GreetCommand('Ada'));
    expect(greeting).toBe('Hello, Ada!');
    await expect(processor.send(new GreetCommand(''))).resolves.toBe('Hello, whoever you are.');
    expect(processor.describePipeline(GreetCommand)).toEqual([
      'RequestLoggingHandler',
      'FallbackHandler',
      'GreetHandler',
    ]);
  });
});
