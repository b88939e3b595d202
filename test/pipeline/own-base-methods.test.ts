import {
  Command,
  CommandProcessor,
  RequestHandler,
  SubscriberRegistry,
  pipelineStep,
  type ResultOf,
} from '../../src';
import { giveOwnBaseMethods } from '../../src/pipeline/own-base-methods';

class Ping extends Command<string[]> {}

// A user base class between the steps and RequestHandler, as apps write them.
class AppStep<T extends Ping> extends RequestHandler<T> {
  label(): string {
    return this.constructor.name;
  }
}
class Outer<T extends Ping> extends AppStep<T> {
  override async handle(ping: T): Promise<ResultOf<T>> {
    return ['outer', ...((await super.handle(ping)) as string[])] as ResultOf<T>;
  }
}
class Inner<T extends Ping> extends AppStep<T> {
  override async handle(ping: T): Promise<ResultOf<T>> {
    return ['inner', ...((await super.handle(ping)) as string[])] as ResultOf<T>;
  }
}
class PingHandler extends RequestHandler<Ping> {
  @pipelineStep(Outer, { step: 1 })
  @pipelineStep(Inner, { step: 2 })
  override async handle() {
    return ['handler'];
  }
  override async fallback() {
    return ['fallback'];
  }
}

function processor(): CommandProcessor {
  return new CommandProcessor({ subscribers: new SubscriberRegistry().register(Ping, PingHandler) });
}

describe('giveOwnBaseMethods', () => {
  it('gives each class hierarchy its own handle/fallback once, between its root and RequestHandler', async () => {
    await expect(processor().send(new Ping())).resolves.toEqual(['outer', 'inner', 'handler']);
    const own = Object.getPrototypeOf(AppStep.prototype);
    expect(own).not.toBe(RequestHandler.prototype);
    expect(Object.getPrototypeOf(own)).toBe(RequestHandler.prototype);
    expect(own.handle).not.toBe(RequestHandler.prototype.handle);
    expect(own.fallback).not.toBe(RequestHandler.prototype.fallback);
    // Outer and Inner share their root's copy; a second processor adds no second layer.
    await expect(processor().send(new Ping())).resolves.toEqual(['outer', 'inner', 'handler']);
    expect(Object.getPrototypeOf(AppStep.prototype)).toBe(own);
    expect(Object.getPrototypeOf(Object.getPrototypeOf(PingHandler.prototype))).toBe(RequestHandler.prototype);
  });

  it('changes nothing a user sees: instanceof, inherited methods, statics, the chain end and fallback', async () => {
    const outer = new Outer();
    expect(outer).toBeInstanceOf(RequestHandler);
    expect(outer).toBeInstanceOf(AppStep);
    expect(outer.label()).toBe('Outer');
    expect(Object.getPrototypeOf(Outer)).toBe(AppStep);
    // No successor: the copies end the chain as RequestHandler's do.
    await expect(RequestHandler.prototype.handle.call(outer, new Ping())).resolves.toBeUndefined();
    giveOwnBaseMethods(Outer);
    await expect(Object.getPrototypeOf(AppStep.prototype).handle.call(outer, new Ping())).resolves.toBeUndefined();
    const handler = new PingHandler();
    outer.successor = handler;
    await expect(outer.fallback(new Ping())).resolves.toEqual(['fallback']);
  });

  it('leaves a frozen prototype and RequestHandler itself as they are', async () => {
    class Frozen extends RequestHandler<Ping> {
      override async handle(ping: Ping) {
        return super.handle(ping);
      }
    }
    Object.freeze(Frozen.prototype);
    expect(() => giveOwnBaseMethods(Frozen)).not.toThrow();
    expect(Object.getPrototypeOf(Frozen.prototype)).toBe(RequestHandler.prototype);
    expect(() => giveOwnBaseMethods(RequestHandler)).not.toThrow();
    expect(Object.getPrototypeOf(RequestHandler.prototype)).toBe(Object.prototype);
  });
});
