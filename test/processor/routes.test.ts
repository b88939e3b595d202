import { Command, CommandProcessor, Event, RequestHandler, SubscriberRegistry } from '../../src';

class Ping extends Command<string> {}
class PingHandler extends RequestHandler<Ping> {
  override async handle() {
    return 'pong';
  }
}
class Happened extends Event {}
class First extends RequestHandler<Happened> {}
class Second extends RequestHandler<Happened> {}
class Late extends Command<string> {}
class LateHandler extends RequestHandler<Late> {
  override async handle() {
    return 'late';
  }
}

describe('send after registrations change', () => {
  it('reaches a handler registered after the processor already sent', async () => {
    const subscribers = new SubscriberRegistry().register(Ping, PingHandler);
    const processor = new CommandProcessor({ subscribers });
    await expect(processor.send(new Ping())).resolves.toBe('pong');
    subscribers.register(Late, LateHandler);
    await expect(processor.send(new Late())).resolves.toBe('late');
  });

  it('refuses an event that gained a second handler since it was last sent', async () => {
    const subscribers = new SubscriberRegistry().register(Happened, First);
    const processor = new CommandProcessor({ subscribers });
    await expect(processor.send(new Happened())).resolves.toBeUndefined();
    subscribers.register(Happened, Second);
    await expect(processor.send(new Happened())).rejects.toThrow(/2 handlers are registered.*use publish/);
  });
});
