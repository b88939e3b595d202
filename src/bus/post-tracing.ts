import type { Message } from './message';

// The parts of `@opentelemetry/api` used, typed structurally so the package stays optional:
// pass `trace.getTracer('…')`.

/** `Span` of `@opentelemetry/api`: the methods a producer span needs. */
export interface OtelProducerSpan {
  spanContext(): { traceId: string; spanId: string; traceFlags: number };
  recordException(exception: Error | string): void;
  setStatus(status: { code: number; message?: string }): unknown;
  end(): void;
}

/** `Tracer` of `@opentelemetry/api`: only `startSpan` is used. */
export interface OtelProducerTracer {
  startSpan(
    name: string,
    options?: { kind?: number; attributes?: Record<string, string | number | boolean> },
  ): OtelProducerSpan;
}

/** One post's span: ended with the error where the post failed. */
export interface PostSpan {
  end(error?: unknown): void;
}

/** Starts a span per posted message, before it is stored (so the stored header carries its context). */
export interface PostTracer {
  start(message: Message, system: string): PostSpan;
}

// SpanKind.PRODUCER and SpanStatusCode.ERROR in @opentelemetry/api.
const SPAN_KIND_PRODUCER = 3;
const SPAN_STATUS_ERROR = 2;

/**
 * A producer span per posted message following the messaging semantic conventions
 * (`messaging.system`, `messaging.destination.name`, `messaging.message.id`,
 * `messaging.operation.type` = `publish`), named `publish <topic>`, with its W3C `traceparent`
 * written into the message's header bag so the consumer's span can continue the trace.
 *
 * @example
 * ```ts
 * import { trace } from '@opentelemetry/api';
 * new ExternalBus({ transport, publications, tracer: openTelemetryPostTracer(trace.getTracer('orders')) });
 * ```
 */
export function openTelemetryPostTracer(tracer: OtelProducerTracer): PostTracer {
  return {
    start(message, system) {
      const span = tracer.startSpan(`publish ${message.header.topic}`, {
        kind: SPAN_KIND_PRODUCER,
        attributes: {
          'messaging.system': system,
          'messaging.destination.name': message.header.topic,
          'messaging.message.id': message.header.id,
          'messaging.operation.type': 'publish',
          'messaging.operation.name': 'publish',
        },
      });
      const { traceId, spanId, traceFlags } = span.spanContext();
      message.header.bag.traceparent = `00-${traceId}-${spanId}-${(traceFlags & 0xff).toString(16).padStart(2, '0')}`;
      return {
        end(error?: unknown) {
          if (error !== undefined) {
            span.recordException(error instanceof Error ? error : String(error));
            span.setStatus({
              code: SPAN_STATUS_ERROR,
              message: error instanceof Error ? error.message : String(error),
            });
          }
          span.end();
        },
      };
    },
  };
}
