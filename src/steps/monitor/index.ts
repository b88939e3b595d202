// Monitor: enter/exit/exception events for processor.onMonitorEvent, and an OpenTelemetry bridge.
export { Monitor, type MonitorOptions } from './monitor';
export { MonitorHandler } from './monitor-handler';
export type { MonitorEvent, MonitorListener, MonitorEventSink } from './monitor-event';
export { MONITOR } from './monitor-service';
export {
  monitorWithOpenTelemetry,
  type OtelTracer,
  type OtelMeter,
  type OtelSpan,
  type OtelHistogram,
} from './open-telemetry';
