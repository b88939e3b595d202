import {
  Command,
  CommandProcessor,
  Monitor,
  RequestHandler,
  SubscriberRegistry,
  monitorWithOpenTelemetry,
  type MonitorEvent,
  type OtelSpan,
  type OtelTracer,
  type OtelMeter,
} from '../../src';

class Work extends Command<string> {
  constructor(readonly fail = false) {
    super();
  }
}
class WorkHandler extends RequestHandler<Work> {
  @Monitor({ step: 1 })
  override async handle(command: Work) {
    await new Promise((r) => setTimeout(r, 5));
    if (command.fail) throw new Error('work failed');
    return 'done';
  }
}
const processor = () =>
  new CommandProcessor({ subscribers: new SubscriberRegistry().register(Work, WorkHandler) });

describe('Monitor', () => {
  it('emits enter and exit with elapsed time', async () => {
    const p = processor();
    const events: MonitorEvent[] = [];
    p.onMonitorEvent((e) => events.push(e));
    const command = new Work();
    await expect(p.send(command)).resolves.toBe('done');
    expect(events.map((e) => e.type)).toEqual(['enter', 'exit']);
    expect(events[0]).toMatchObject({
      handlerName: 'WorkHandler',
      requestType: 'Work',
      requestId: command.id,
      elapsedMs: 0,
    });
    expect(events[1].elapsedMs).toBeGreaterThanOrEqual(4);
    expect(events[1].at).toBeInstanceOf(Date);
  });

  it('emits exception with the error and rethrows it', async () => {
    const p = processor();
    const events: MonitorEvent[] = [];
    p.onMonitorEvent((e) => events.push(e));
    await expect(p.send(new Work(true))).rejects.toThrow('work failed');
    expect(events.map((e) => e.type)).toEqual(['enter', 'exception']);
    expect((events[1].error as Error).message).toBe('work failed');
  });

  it('stops telling a listener after unsubscribe, and isolates a throwing listener', async () => {
    const p = processor();
    const kept: string[] = [];
    p.onMonitorEvent(() => {
      throw new Error('bad listener');
    });
    const unsubscribe = p.onMonitorEvent((e) => kept.push(e.type));
    await p.send(new Work());
    unsubscribe();
    await p.send(new Work());
    expect(kept).toEqual(['enter', 'exit']);
  });

  it('uses the name given to @Monitor', async () => {
    class Named extends Command<string> {}
    class NamedHandler extends RequestHandler<Named> {
      @Monitor({ step: 0, name: 'greeter' })
      override async handle() {
        return 'x';
      }
    }
    const p = new CommandProcessor({ subscribers: new SubscriberRegistry().register(Named, NamedHandler) });
    const names: string[] = [];
    p.onMonitorEvent((e) => names.push(e.handlerName));
    await p.send(new Named());
    expect(names).toEqual(['greeter', 'greeter']);
  });
});

// A small in-memory tracer and meter: real implementations of the structural interfaces.
class RecordingSpan implements OtelSpan {
  attributes: Record<string, unknown> = {};
  exceptions: unknown[] = [];
  status?: { code: number; message?: string };
  ended = false;
  constructor(
    readonly name: string,
    attributes: Record<string, unknown> = {},
  ) {
    Object.assign(this.attributes, attributes);
  }
  setAttribute(key: string, value: string | number | boolean) {
    this.attributes[key] = value;
    return this;
  }
  recordException(exception: Error | string) {
    this.exceptions.push(exception);
  }
  setStatus(status: { code: number; message?: string }) {
    this.status = status;
    return this;
  }
  end() {
    this.ended = true;
  }
}

describe('monitorWithOpenTelemetry', () => {
  it('turns monitor events into spans and a duration histogram', async () => {
    const spans: RecordingSpan[] = [];
    const recorded: { value: number; attributes?: Record<string, unknown> }[] = [];
    const tracer: OtelTracer = {
      startSpan: (name, options) => (
        spans.push(new RecordingSpan(name, options?.attributes)),
        spans[spans.length - 1]
      ),
    };
    const meter: OtelMeter = {
      createHistogram: () => ({ record: (value, attributes) => recorded.push({ value, attributes }) }),
    };
    const p = processor();
    const stop = monitorWithOpenTelemetry(p, { tracer, meter });
    await p.send(new Work());
    await expect(p.send(new Work(true))).rejects.toThrow();
    stop();
    await p.send(new Work());
    expect(spans.map((s) => [s.name, s.ended])).toEqual([
      ['Work WorkHandler', true],
      ['Work WorkHandler', true],
    ]);
    expect(spans[1].status).toEqual({ code: 2, message: 'work failed' });
    expect(spans[1].exceptions).toHaveLength(1);
    expect(recorded.map((r) => r.attributes?.['matryoshka.outcome'])).toEqual(['ok', 'error']);
    expect(recorded[0].value).toBeGreaterThan(0);
  });
});
