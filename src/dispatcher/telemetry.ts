import type { Message } from '../bus/message';
import type { OtelSpan } from '../steps/monitor/open-telemetry';

// The parts of `@opentelemetry/api` the Dispatcher uses, typed structurally so the package stays
// an optional dependency: pass `{ tracer: trace.getTracer('…'), context, trace }`.

/** `Tracer` of `@opentelemetry/api`: a span with kind, attributes and a parent context. */
export interface OtelConsumerTracer {
  startSpan(
    name: string,
    options?: { kind?: number; attributes?: Record<string, string | number | boolean> },
    context?: unknown,
  ): OtelSpan;
}

/** What the Dispatcher needs to trace: a tracer, and the `context` and `trace` APIs to parent and activate spans. */
export interface DispatcherTelemetry {
  tracer: OtelConsumerTracer;
  /** `context` of `@opentelemetry/api`. */
  context: { active(): unknown; with<T>(context: unknown, fn: () => T): T };
  /** `trace` of `@opentelemetry/api`. */
  trace: {
    setSpan(context: unknown, span: OtelSpan): unknown;
    setSpanContext(
      context: unknown,
      spanContext: { traceId: string; spanId: string; traceFlags: number; isRemote?: boolean },
    ): unknown;
  };
}

/** How a delivery ended, for its span. */
export interface DeliveryOutcome {
  settlement: 'ack' | 'requeue' | 'deadLetter';
  error?: unknown;
}

// SpanKind.CONSUMER and SpanStatusCode.ERROR of @opentelemetry/api.
const SPAN_KIND_CONSUMER = 4;
const SPAN_STATUS_ERROR = 2;
const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-([\da-f]{16})-([\da-f]{2})$/;

/**
 * Runs one delivery's handling inside a consumer span (`process <queue>`) whose parent is the
 * producer's span from the message's `traceparent`, active while the handlers run, so that the
 * Monitor step's spans nest inside it. Attributes follow the messaging semantic conventions.
 */
export async function traceDelivery(
  telemetry: DispatcherTelemetry,
  where: { system: string; queue: string; exchange?: string },
  message: Message,
  handle: () => Promise<DeliveryOutcome>,
): Promise<DeliveryOutcome> {
  const { context, trace } = telemetry;
  const header = message.header;
  const parent = parentOf(telemetry, header.bag.traceparent);
  const attributes: Record<string, string | number | boolean> = {
    'messaging.system': where.system,
    'messaging.operation.type': 'process',
    'messaging.operation.name': 'process',
    'messaging.destination.name': where.exchange ?? header.topic,
    'messaging.destination.subscription.name': where.queue,
    'messaging.rabbitmq.destination.routing_key': header.topic,
    'messaging.message.id': header.id,
    'matryoshka.message.handled_count': header.handledCount,
    'matryoshka.request_type': header.type,
  };
  if (header.correlationId) attributes['messaging.message.conversation_id'] = header.correlationId;
  const span = telemetry.tracer.startSpan(
    `process ${where.queue}`,
    { kind: SPAN_KIND_CONSUMER, attributes },
    parent,
  );
  try {
    const outcome = await context.with(trace.setSpan(parent, span), handle);
    span.setAttribute('matryoshka.settlement', outcome.settlement);
    if (outcome.error !== undefined) {
      const error = outcome.error instanceof Error ? outcome.error : String(outcome.error);
      span.recordException(error);
      span.setAttribute('error.type', error instanceof Error ? error.name : 'Error');
      span.setStatus({ code: SPAN_STATUS_ERROR, message: error instanceof Error ? error.message : error });
    }
    return outcome;
  } finally {
    span.end();
  }
}

function parentOf(telemetry: DispatcherTelemetry, traceparent: string | undefined): unknown {
  const active = telemetry.context.active();
  const match = traceparent ? TRACEPARENT.exec(traceparent) : null;
  if (!match) return active;
  return telemetry.trace.setSpanContext(active, {
    traceId: match[1],
    spanId: match[2],
    traceFlags: parseInt(match[3], 16),
    isRemote: true,
  });
}
