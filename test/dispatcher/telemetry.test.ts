import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { context, ROOT_CONTEXT, trace, type Context, type ContextManager } from '@opentelemetry/api';
import {
  CommandProcessor,
  Dispatcher,
  Monitor,
  monitorWithOpenTelemetry,
  RequestHandler,
  SubscriberRegistry,
  type OtelConsumerTracer,
} from '../../src';
import { Message } from '../../src/bus/message';
import { InMemoryTransport } from '../../src/bus/transports/in-memory';
import { messageFor, PlaceOrder, playScript, script, testMappers, uniqueNames, until } from './support';

/** The context manager an OpenTelemetry SDK registers on Node: AsyncLocalStorage. */
class AsyncLocalStorageContextManager implements ContextManager {
  private readonly storage = new AsyncLocalStorage<Context>();
  active = () => this.storage.getStore() ?? ROOT_CONTEXT;
  with = <A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ) => this.storage.run(ctx, () => fn.call(thisArg, ...args));
  bind = <T>(_ctx: Context, target: T) => target;
  enable = () => this;
  disable = () => this;
}

interface Recorded {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  kind?: number;
  attributes: Record<string, unknown>;
  ended: boolean;
}

/** A tracer that records its spans and parents them as an SDK does: on the given or the active context. */
function recordingTracer(spans: Recorded[]): OtelConsumerTracer {
  return {
    startSpan(name, options, ctx) {
      const parent = trace.getSpan((ctx as Context | undefined) ?? context.active())?.spanContext();
      const record: Recorded = {
        name,
        traceId: parent?.traceId ?? randomBytes(16).toString('hex'),
        spanId: randomBytes(8).toString('hex'),
        parentSpanId: parent?.spanId,
        kind: options?.kind,
        attributes: { ...options?.attributes },
        ended: false,
      };
      spans.push(record);
      const spanContext = { traceId: record.traceId, spanId: record.spanId, traceFlags: 1 };
      return {
        spanContext: () => spanContext,
        setAttribute: (key: string, value: unknown) => void (record.attributes[key] = value),
        recordException: () => undefined,
        setStatus: () => undefined,
        end: () => void (record.ended = true),
        isRecording: () => true,
      } as never;
    },
  };
}

class MonitoredHandler extends RequestHandler<PlaceOrder> {
  @Monitor({ step: 0 })
  override async handle(command: PlaceOrder) {
    await playScript(this.context, command);
  }
}

beforeAll(() => context.setGlobalContextManager(new AsyncLocalStorageContextManager()));
afterAll(() => context.disable());

it("wraps each message in a consumer span, child of the producer's traceparent, with the Monitor step's span inside", async () => {
  const spans: Recorded[] = [];
  const tracer = recordingTracer(spans);
  const processor = new CommandProcessor({
    subscribers: new SubscriberRegistry().register(PlaceOrder, MonitoredHandler),
  });
  monitorWithOpenTelemetry(processor, { tracer });
  const names = uniqueNames('otel');
  const transport = new InMemoryTransport();
  const dispatcher = new Dispatcher({
    processor,
    transport,
    mappers: testMappers,
    telemetry: { tracer, context, trace },
    subscriptions: [{ name: names.queue, requestType: PlaceOrder, ...names }],
  });
  await dispatcher.start();
  const producerTrace = '0af7651916cd43dd8448eb211c80319c';
  const producerSpan = 'b7ad6b7169203331';
  const sent = messageFor(new PlaceOrder('o-1'), names.topic);
  const message = new Message(
    { ...sent.header, bag: { traceparent: `00-${producerTrace}-${producerSpan}-01` } },
    sent.body,
  );
  await transport.send(message);
  await until('the handler ran', () => script.runs.length === 1);
  await dispatcher.stop();

  const consumer = spans.find((s) => s.name === `process ${names.queue}`)!;
  expect(consumer).toMatchObject({
    traceId: producerTrace,
    parentSpanId: producerSpan,
    kind: 4,
    ended: true,
    attributes: {
      'messaging.system': 'in-memory',
      'messaging.operation.type': 'process',
      'messaging.rabbitmq.destination.routing_key': names.topic,
      'messaging.message.id': message.header.id,
      'matryoshka.message.handled_count': 0,
      'matryoshka.settlement': 'ack',
    },
  });
  const monitor = spans.find((s) => s.name === 'PlaceOrder MonitoredHandler')!;
  expect(monitor).toMatchObject({ traceId: producerTrace, parentSpanId: consumer.spanId, ended: true });
});
