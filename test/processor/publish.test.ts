import { CommandProcessor, Event, RequestContext, RequestHandler, SubscriberRegistry } from '../../src';

class OrderPlaced extends Event {
  constructor(readonly orderId: number) {
    super();
  }
}

describe('publish', () => {
  it('resolves when there are no subscribers', async () => {
    const processor = new CommandProcessor({ subscribers: new SubscriberRegistry() });
    await expect(processor.publish(new OrderPlaced(1))).resolves.toBeUndefined();
  });

  it('reaches every subscriber', async () => {
    const reached: string[] = [];
    class EmailHandler extends RequestHandler<OrderPlaced> {
      override async handle(event: OrderPlaced) {
        reached.push(`email:${event.orderId}`);
      }
    }
    class AuditHandler extends RequestHandler<OrderPlaced> {
      override async handle(event: OrderPlaced) {
        reached.push(`audit:${event.orderId}`);
      }
    }
    const subscribers = new SubscriberRegistry()
      .register(OrderPlaced, EmailHandler)
      .register(OrderPlaced, AuditHandler);
    await new CommandProcessor({ subscribers }).publish(new OrderPlaced(42));
    expect(reached.sort()).toEqual(['audit:42', 'email:42']);
  });

  it('runs every subscriber when two of three throw, then rejects with an AggregateError of both', async () => {
    let thirdRan = false;
    const first = new Error('email down');
    const second = new Error('audit down');
    class EmailHandler extends RequestHandler<OrderPlaced> {
      override async handle() {
        throw first;
      }
    }
    class AuditHandler extends RequestHandler<OrderPlaced> {
      override handle(): any {
        throw second; // synchronously: still collected
      }
    }
    class StockHandler extends RequestHandler<OrderPlaced> {
      override async handle() {
        thirdRan = true;
      }
    }
    const subscribers = new SubscriberRegistry()
      .register(OrderPlaced, EmailHandler)
      .register(OrderPlaced, AuditHandler)
      .register(OrderPlaced, StockHandler);
    const error = await new CommandProcessor({ subscribers })
      .publish(new OrderPlaced(7))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AggregateError);
    expect((error as AggregateError).errors).toEqual([first, second]);
    expect((error as AggregateError).message).toMatch(
      /2 of 3 subscribers of OrderPlaced failed: EmailHandler, AuditHandler/,
    );
    expect(thirdRan).toBe(true);
  });

  it('gives each subscriber its own copy of the bag', async () => {
    const seen: unknown[] = [];
    class First extends RequestHandler<OrderPlaced> {
      override async handle() {
        seen.push(this.context.bag.get('who'));
        this.context.bag.set('who', 'first');
      }
    }
    class Second extends RequestHandler<OrderPlaced> {
      override async handle() {
        await Promise.resolve();
        seen.push(this.context.bag.get('who'));
        this.context.bag.set('who', 'second');
      }
    }
    const context = new RequestContext();
    context.bag.set('who', 'caller');
    const subscribers = new SubscriberRegistry().register(OrderPlaced, First).register(OrderPlaced, Second);
    await new CommandProcessor({ subscribers }).publish(new OrderPlaced(1), { context });
    expect(seen).toEqual(['caller', 'caller']);
    expect(context.bag.get('who')).toBe('caller');
  });

  it('refuses send for an event with several handlers', async () => {
    class A extends RequestHandler<OrderPlaced> {}
    class B extends RequestHandler<OrderPlaced> {}
    const subscribers = new SubscriberRegistry().register(OrderPlaced, A).register(OrderPlaced, B);
    await expect(new CommandProcessor({ subscribers }).send(new OrderPlaced(1))).rejects.toThrow(
      /use publish/,
    );
  });
});
