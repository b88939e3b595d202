import { RequestContext, ServiceKey } from '../../requests';
import type { MonitorEventSink } from './monitor-event';

/** Where Monitor steps send events: the processor's listener list; `context.monitor` reads it. */
export const MONITOR = new ServiceKey<MonitorEventSink>('monitor');

declare module '../../requests/request-context' {
  interface RequestContext {
    /** The sending processor's monitor sink (`processor.onMonitorEvent` listeners). */
    readonly monitor?: MonitorEventSink;
  }
}
RequestContext.exposeService('monitor', MONITOR);
