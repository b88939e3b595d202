// A handler with injected dependencies is built without tsyringe's resolve when nobody registered
// its classes (src/pipeline/injected-construction.ts). These tests send through a real processor
// and a real container, and check that what tsyringe's resolve would do still happens: fresh
// instances, registrations and interceptors added later, dispose(), a disposed container, errors.
import { container as rootContainer, inject, injectable } from 'tsyringe';
import {
  Command,
  CommandProcessor,
  PipelineConfigurationError,
  RequestHandler,
  SubscriberRegistry,
} from '../../src';
import { injectedConstruction } from '../../src/pipeline/injected-construction';

let made = 0;
@injectable()
class Clock {
  readonly serial = ++made;
  now(): number {
    return 42;
  }
}
@injectable()
class Service {
  constructor(readonly clock: Clock) {}
}
class Ask extends Command<{ handler: AskHandler; service: Service }> {}
@injectable()
class AskHandler extends RequestHandler<Ask> {
  constructor(readonly service: Service) {
    super();
  }
  override async handle() {
    return { handler: this, service: this.service };
  }
}

function processorOn(container = rootContainer.createChildContainer()) {
  const processor = new CommandProcessor({
    subscribers: new SubscriberRegistry().register(Ask, AskHandler),
    container,
  });
  return { processor, container };
}

describe('handlers with injected dependencies, built without resolve', () => {
  it('takes the direct path for a tree of unregistered classes, and not for a token dependency', () => {
    const container = rootContainer.createChildContainer();
    expect(injectedConstruction(AskHandler, container)).toBeDefined();
    @injectable()
    class ByToken {
      constructor(@inject('answer') readonly answer: number) {}
    }
    expect(injectedConstruction(ByToken as never, container)).toBeUndefined();
  });

  it('builds a fresh handler and fresh dependencies, nested two deep, on every send', async () => {
    const { processor } = processorOn();
    const first = await processor.send(new Ask());
    const second = await processor.send(new Ask());
    expect(first.service.clock).toBeInstanceOf(Clock);
    expect(first.handler).not.toBe(second.handler);
    expect(first.service).not.toBe(second.service);
    expect(first.service.clock.serial).not.toBe(second.service.clock.serial);
  });

  it('honours a registration made after the first send, and its removal by reset()', async () => {
    const { processor, container } = processorOn();
    await processor.send(new Ask());
    const shared = new Clock();
    container.registerInstance(Clock, shared);
    const after = await processor.send(new Ask());
    expect(after.service.clock).toBe(shared);
    container.reset();
    const reset = await processor.send(new Ask());
    expect(reset.service.clock).not.toBe(shared);
  });

  it('honours a registration in the parent container made after the first send', async () => {
    const parent = rootContainer.createChildContainer();
    const { processor } = processorOn(parent.createChildContainer());
    await processor.send(new Ask());
    parent.registerSingleton(Service);
    const one = await processor.send(new Ask());
    const two = await processor.send(new Ask());
    expect(one.service).toBe(two.service);
  });

  it('runs a resolution interceptor added after the first send', async () => {
    const { processor, container } = processorOn();
    await processor.send(new Ask());
    const seen: unknown[] = [];
    container.afterResolution(Clock, (_token, result) => seen.push(result));
    const { service } = await processor.send(new Ask());
    expect(seen).toEqual([service.clock]);
  });

  it('leaves instances with dispose() to the container, which disposes them', async () => {
    const disposed: number[] = [];
    @injectable()
    class Connection {
      static count = 0;
      readonly id = ++Connection.count;
      dispose(): void {
        disposed.push(this.id);
      }
    }
    class Use extends Command<number> {}
    @injectable()
    class UseHandler extends RequestHandler<Use> {
      constructor(readonly connection: Connection) {
        super();
      }
      override async handle() {
        return this.connection.id;
      }
    }
    const container = rootContainer.createChildContainer();
    const processor = new CommandProcessor({
      subscribers: new SubscriberRegistry().register(Use, UseHandler),
      container,
    });
    const ids = [await processor.send(new Use()), await processor.send(new Use())];
    await container.dispose();
    expect(disposed.sort()).toEqual(ids.sort());
  });

  it("rejects a send on a disposed container with the container's own error as the cause", async () => {
    const { processor, container } = processorOn();
    await processor.send(new Ask());
    await container.dispose();
    const error = await processor.send(new Ask()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineConfigurationError);
    expect(String((error as Error).cause)).toMatch(/disposed/);
  });

  it('reports a dependency whose constructor throws as PipelineConfigurationError naming the handler', async () => {
    @injectable()
    class Broken {
      constructor() {
        throw new Error('no database');
      }
    }
    class Go extends Command {}
    @injectable()
    class GoHandler extends RequestHandler<Go> {
      constructor(readonly broken: Broken) {
        super();
      }
    }
    const processor = new CommandProcessor({ subscribers: new SubscriberRegistry().register(Go, GoHandler) });
    const error = await processor.send(new Go()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineConfigurationError);
    expect((error as Error).message).toMatch(/GoHandler could not be constructed.*no database/);
  });
});
