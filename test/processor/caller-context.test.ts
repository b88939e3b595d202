import { container as rootContainer } from 'tsyringe';
import {
  Command,
  CommandProcessor,
  FeatureSwitch,
  FeatureSwitchRegistry,
  Monitor,
  RequestContext,
  RequestHandler,
  SubscriberRegistry,
  type FeatureSwitchProvider,
  type Logger,
  type MonitorEvent,
} from '../../src';
import { CaptureLogger } from '../support/capture-logger';

class Greet extends Command<string> {}

interface Seen {
  logger: Logger;
  container: unknown;
  featureSwitches?: FeatureSwitchProvider;
  tenant: unknown;
}

function processorNamed(name: string, asked: string[], seen: Seen[], gate?: Promise<void>) {
  class GreetHandler extends RequestHandler<Greet> {
    @Monitor({ step: 0 })
    @FeatureSwitch('Beta', { step: 1 })
    override async handle() {
      await gate;
      const { logger, container, featureSwitches } = this.context;
      seen.push({ logger, container, featureSwitches, tenant: this.context.bag.get('tenant') });
      return `hello from ${name}`;
    }
  }
  const logger = new CaptureLogger();
  const container = rootContainer.createChildContainer();
  const featureSwitches = new FeatureSwitchRegistry({ Beta: () => (asked.push(name), true) });
  const processor = new CommandProcessor({
    subscribers: new SubscriberRegistry().register(Greet, GreetHandler),
    logger,
    container,
    featureSwitches,
  });
  const events: MonitorEvent[] = [];
  processor.onMonitorEvent((e) => events.push(e));
  return { processor, logger, container, featureSwitches, events };
}

describe("a caller's RequestContext", () => {
  it('sent through a second processor runs with that processor’s logger, container, feature switches and monitor', async () => {
    const asked: string[] = [];
    const seen: Seen[] = [];
    const a = processorNamed('A', asked, seen);
    const b = processorNamed('B', asked, seen);
    const context = new RequestContext();

    await expect(a.processor.send(new Greet(), { context })).resolves.toBe('hello from A');
    await expect(b.processor.send(new Greet(), { context })).resolves.toBe('hello from B');

    expect(asked).toEqual(['A', 'B']);
    expect(seen[1].logger).toBe(b.logger);
    expect(seen[1].container).toBe(b.container);
    expect(seen[1].featureSwitches).toBe(b.featureSwitches);
    expect(a.events.map((e) => e.type)).toEqual(['enter', 'exit']);
    expect(b.events.map((e) => e.type)).toEqual(['enter', 'exit']);
  });

  it('in flight through one processor while sent through another: each send keeps its own services and both share the bag', async () => {
    const asked: string[] = [];
    const seen: Seen[] = [];
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const a = processorNamed('A', asked, seen, gate);
    const b = processorNamed('B', asked, seen, gate);
    const context = new RequestContext();
    context.bag.set('tenant', 'acme');

    const viaA = a.processor.send(new Greet(), { context });
    const viaB = b.processor.send(new Greet(), { context });
    open();
    await expect(Promise.all([viaA, viaB])).resolves.toEqual(['hello from A', 'hello from B']);

    expect(seen.map((s) => s.featureSwitches)).toEqual([a.featureSwitches, b.featureSwitches]);
    expect(seen.map((s) => s.logger)).toEqual([a.logger, b.logger]);
    expect(seen.map((s) => s.tenant)).toEqual(['acme', 'acme']);
    expect(a.events).toHaveLength(2);
    expect(b.events).toHaveLength(2);
  });

  it('keeps services the caller set itself, whichever processor sends it', async () => {
    const asked: string[] = [];
    const seen: Seen[] = [];
    const mine = new CaptureLogger();
    const context = new RequestContext({ logger: mine });
    await processorNamed('A', asked, seen).processor.send(new Greet(), { context });
    await processorNamed('B', asked, seen).processor.send(new Greet(), { context });
    expect(seen.map((s) => s.logger)).toEqual([mine, mine]);
  });
});
