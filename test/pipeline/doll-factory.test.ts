import { injectable, singleton } from 'tsyringe';
import { Command, CommandProcessor, RequestHandler, SubscriberRegistry } from '../../src';

class Count extends Command<number> {}

@injectable()
class Counter {
  next = 0;
}

describe('dolls made through the container', () => {
  it('a transient handler is used as constructed on every send, so its #private fields work', async () => {
    @injectable()
    class PrivateHandler extends RequestHandler<Count> {
      #calls = 0;
      constructor(private readonly counter: Counter) {
        super();
      }
      override async handle() {
        this.#calls++;
        return this.#calls + this.counter.next;
      }
    }
    const processor = new CommandProcessor({
      subscribers: new SubscriberRegistry().register(Count, PrivateHandler),
    });
    const sequential: number[] = [];
    for (let i = 0; i < 5; i++) sequential.push(await processor.send(new Count()));
    const concurrent = await Promise.all(Array.from({ length: 50 }, () => processor.send(new Count())));
    expect(sequential).toEqual([1, 1, 1, 1, 1]);
    expect(concurrent.every((n) => n === 1)).toBe(true);
  });

  it('a singleton handler is never handed to two sends in flight as the same object', async () => {
    const seen = new Set<unknown>();
    @singleton()
    class SharedHandler extends RequestHandler<Count> {
      override async handle() {
        seen.add(this);
        const context = this.context;
        await new Promise((resolve) => setTimeout(resolve, 5));
        return context === this.context ? 1 : 0;
      }
    }
    const processor = new CommandProcessor({
      subscribers: new SubscriberRegistry().register(Count, SharedHandler),
    });
    const results = await Promise.all(Array.from({ length: 20 }, () => processor.send(new Count())));
    expect(results).toEqual(Array(20).fill(1));
    expect(seen.size).toBe(20);
  });
});
