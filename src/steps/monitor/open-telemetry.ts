import type { MonitorEvent, MonitorListener } from './monitor-event';

// The parts of `@opentelemetry/api` this adapter uses, typed structurally so the package stays an
// optional dependency: pass `trace.getTracer('…')` and `metrics.getMeter('…')`.

/** The span methods used: `Span` of `@opentelemetry/api`. */
export interface OtelSpan {
  setAttribute(key: string, value: string | number | boolean): unknown;
  recordException(exception: Error | string): void;
  setStatus(status: { code: number; message?: string }): unknown;
  end(): void;
}
/** `Tracer` of `@opentelemetry/api`: only `startSpan` is used. */
export interface OtelTracer {
  startSpan(name: string, options?: { attributes?: Record<string, string | number | boolean> }): OtelSpan;
}
/** `Histogram` of `@opentelemetry/api`: only `record` is used. */
export interface OtelHistogram {
  record(value: number, attributes?: Record<string, string | number | boolean>): void;
}
/** `Meter` of `@opentelemetry/api`: only `createHistogram` is used. */
export interface OtelMeter {
  createHistogram(name: string, options?: { description?: string; unit?: string }): OtelHistogram;
}

/** The subscription point: a CommandProcessor. */
export interface MonitorSource {
  onMonitorEvent(listener: MonitorListener): () => void;
}

// SpanStatusCode.ERROR in @opentelemetry/api.
const SPAN_STATUS_ERROR = 2;

/**
 * Turns Monitor events into OpenTelemetry spans (one per monitored handling) and a duration
 * histogram `matryoshka.handler.duration` (ms). Returns an unsubscribe function.
 *
 * @example
 * ```ts
 * import { trace, metrics } from '@opentelemetry/api';
 * monitorWithOpenTelemetry(processor, { tracer: trace.getTracer('orders'), meter: metrics.getMeter('orders') });
 * ```
 */
export function monitorWithOpenTelemetry(
  source: MonitorSource,
  otel: { tracer?: OtelTracer; meter?: OtelMeter },
): () => void {
  const spans = new Map<string, OtelSpan>();
  const histogram = otel.meter?.createHistogram('matryoshka.handler.duration', {
    description: 'Time spent in a monitored handler pipeline',
    unit: 'ms',
  });
  const key = (e: MonitorEvent) => `${e.requestId}\u0000${e.handlerName}`;
  return source.onMonitorEvent((event) => {
    const attributes = {
      'matryoshka.handler': event.handlerName,
      'matryoshka.request_type': event.requestType,
    };
    if (event.type === 'enter') {
      const span = otel.tracer?.startSpan(`${event.requestType} ${event.handlerName}`, {
        attributes: { ...attributes, 'matryoshka.request_id': event.requestId },
      });
      if (span) spans.set(key(event), span);
      return;
    }
    const span = spans.get(key(event));
    spans.delete(key(event));
    const outcome = event.type === 'exit' ? 'ok' : 'error';
    histogram?.record(event.elapsedMs, { ...attributes, 'matryoshka.outcome': outcome });
    if (!span) return;
    if (event.type === 'exception') {
      const error = event.error instanceof Error ? event.error : String(event.error);
      span.recordException(error);
      span.setStatus({ code: SPAN_STATUS_ERROR, message: error instanceof Error ? error.message : error });
    }
    span.end();
  });
}
