import { RequestHandler, type Request, type ResultOf } from '../../requests';
import type { MonitorEventSink } from './monitor-event';
import { MONITOR } from './monitor-service';

/** The Monitor step: emits enter / exit / exception events with elapsed ms, and rethrows. */
export class MonitorHandler<T extends Request<any>> extends RequestHandler<T> {
  // Assigned in initializeFromAttributeParams, not a field initialiser (see RequestHandler).
  declare private monitorName?: string;

  override initializeFromAttributeParams(name?: string): void {
    this.monitorName = name;
  }

  override handle(request: T): Promise<ResultOf<T>> {
    const sink = this.context.service(MONITOR);
    // Nobody listening: straight through — no async frame, no Date, no event objects.
    if (!sink?.active) return super.handle(request);
    return this.monitored(request, sink);
  }

  private async monitored(request: T, sink: MonitorEventSink): Promise<ResultOf<T>> {
    const handlerName = this.monitorName ?? this.context.handlerName ?? 'unknown';
    const requestType = request.constructor.name;
    const requestId = request.id;
    const started = performance.now();
    sink.emit({ type: 'enter', handlerName, requestType, requestId, at: new Date(), elapsedMs: 0 });
    try {
      const result = await super.handle(request);
      sink.emit({
        type: 'exit',
        handlerName,
        requestType,
        requestId,
        at: new Date(),
        elapsedMs: performance.now() - started,
      });
      return result;
    } catch (error) {
      sink.emit({
        type: 'exception',
        handlerName,
        requestType,
        requestId,
        at: new Date(),
        elapsedMs: performance.now() - started,
        error,
      });
      throw error;
    }
  }
}
