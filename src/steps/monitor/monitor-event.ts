import type { Logger } from '../../core';

/** What the Monitor step reports, as `processor.onMonitorEvent` listeners receive it. */
export interface MonitorEvent {
  type: 'enter' | 'exit' | 'exception';
  /** The target handler's name, or the `name` given to `@Monitor`. */
  handlerName: string;
  requestType: string;
  requestId: string;
  at: Date;
  /** 0 on enter; time since enter on exit and exception. */
  elapsedMs: number;
  error?: unknown;
}

export type MonitorListener = (event: MonitorEvent) => void;

/** Where Monitor steps send events. `active` is false when nobody listens, so the step costs nothing. */
export interface MonitorEventSink {
  readonly active: boolean;
  emit(event: MonitorEvent): void;
}

/** The processor's list of monitor listeners. A throwing listener is logged and does not stop the others. */
export class MonitorEvents implements MonitorEventSink {
  private listeners: MonitorListener[] = [];

  constructor(private readonly logger: Logger) {}

  get active(): boolean {
    return this.listeners.length > 0;
  }

  subscribe(listener: MonitorListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  emit(event: MonitorEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.warn(
          { err: error, monitorEvent: event.type },
          'monitor listener threw; other listeners still ran',
        );
      }
    }
  }
}
