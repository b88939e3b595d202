import type { DependencyContainer } from 'tsyringe';
import type { Logger } from '../core';

/**
 * Where the processor's services reach a running pipeline. Each is optional so that a
 * RequestContext can be made by a caller; the processor fills in what is missing.
 */
export interface ContextServices {
  logger?: Logger;
  container?: DependencyContainer;
  resiliencePipelines?: import('../steps/use-resilience-pipeline/resilience-pipeline-registry').ResiliencePipelineRegistry;
  featureSwitches?: import('../steps/feature-switch/feature-switch-provider').FeatureSwitchProvider;
  monitor?: import('../steps/monitor/monitor-event').MonitorEventSink;
  inbox?: import('../steps/use-inbox/inbox').Inbox;
}

/**
 * The state one send or publish carries through its chain. Every handler in the chain sees the
 * same object: values a caller puts in `bag` are read by handlers and vice versa.
 *
 * @example
 * ```ts
 * const context = new RequestContext();
 * context.bag.set('tenant', 'acme');
 * await processor.send(new GreetCommand('Ada'), { context });
 * context.bag.get('greeted'); // set by a handler
 * ```
 */
export class RequestContext {
  private _bag?: Map<string, unknown>;
  /** Cancels in-flight work. Inside `UseResiliencePipeline` it is the policy's signal (timeouts). */
  signal?: AbortSignal;
  /** The processor's logger (pino-shaped); filled in by the processor when the caller left it out. */
  logger!: Logger;
  /** The processor's tsyringe container; base handlers resolve their services from it. */
  container!: DependencyContainer;
  /** The target handler's class name for this chain (logs, monitor events). Set by the processor. */
  handlerName?: string;
  resiliencePipelines?: ContextServices['resiliencePipelines'];
  featureSwitches?: ContextServices['featureSwitches'];
  monitor?: ContextServices['monitor'];
  inbox?: ContextServices['inbox'];

  constructor(init: ContextServices & { bag?: Map<string, unknown>; signal?: AbortSignal } = {}) {
    if (init.bag) this._bag = init.bag;
    this.signal = init.signal;
    if (init.logger) this.logger = init.logger;
    if (init.container) this.container = init.container;
    this.resiliencePipelines = init.resiliencePipelines;
    this.featureSwitches = init.featureSwitches;
    this.monitor = init.monitor;
    this.inbox = init.inbox;
  }

  /** Free-form values shared by caller and handlers. Made on first use: most sends never touch it. */
  get bag(): Map<string, unknown> {
    return (this._bag ??= new Map());
  }

  /** A context with the same services and signal and a copy of the bag (publish gives one to each subscriber). */
  copy(): RequestContext {
    const copy = new RequestContext({
      bag: this._bag ? new Map(this._bag) : undefined,
      signal: this.signal,
      logger: this.logger,
      container: this.container,
      resiliencePipelines: this.resiliencePipelines,
      featureSwitches: this.featureSwitches,
      monitor: this.monitor,
      inbox: this.inbox,
    });
    copy.handlerName = this.handlerName;
    return copy;
  }
}
