import type { DependencyContainer } from 'tsyringe';
import { silentLogger, type Logger } from '../core';

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
}

const NO_SERVICES: ContextServices = Object.freeze({});

/**
 * The state one send or publish carries through its chain. Every handler in the chain sees the
 * same object: values a caller puts in `bag` are read by handlers and vice versa.
 *
 * Services (logger, container, registries, monitor) a caller sets on the context win; the rest
 * come from the processor that is sending it, for that send only — the same context sent through
 * a second processor runs with the second processor's services.
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
  // A view (one resilience attempt, one processor) shares its source's bag.
  private source?: RequestContext;
  // Services the caller set on this object; never written by a processor.
  private own: ContextServices;
  // The sending processor's services (replaced by each processor that sends this context).
  private provided: ContextServices = NO_SERVICES;
  // Sends in flight with this object as their context, and whose services they run with.
  private inFlight = 0;
  /** Cancels in-flight work. Inside `UseResiliencePipeline` it is the attempt's signal (timeouts). */
  signal?: AbortSignal;
  /** The target handler's class name for this chain (logs, monitor events). Set by the processor. */
  handlerName?: string;

  constructor(init: ContextServices & { bag?: Map<string, unknown>; signal?: AbortSignal } = {}) {
    const { bag, signal, ...services } = init;
    if (bag) this._bag = bag;
    this.signal = signal;
    this.own = services;
  }

  /** Free-form values shared by caller and handlers. Made on first use: most sends never touch it. */
  get bag(): Map<string, unknown> {
    return (this._bag ??= this.source ? this.source.bag : new Map());
  }

  /** The logger (pino-shaped): the caller's if set, else the sending processor's (default silent). */
  get logger(): Logger {
    return this.own.logger ?? this.provided.logger ?? silentLogger;
  }
  set logger(logger: Logger) {
    this.own = { ...this.own, logger };
  }

  /** The tsyringe container; base handlers resolve their services from it. */
  get container(): DependencyContainer {
    return (this.own.container ?? this.provided.container)!;
  }
  set container(container: DependencyContainer) {
    this.own = { ...this.own, container };
  }

  get resiliencePipelines(): ContextServices['resiliencePipelines'] {
    return this.own.resiliencePipelines ?? this.provided.resiliencePipelines;
  }

  get featureSwitches(): ContextServices['featureSwitches'] {
    return this.own.featureSwitches ?? this.provided.featureSwitches;
  }

  get monitor(): ContextServices['monitor'] {
    return this.own.monitor ?? this.provided.monitor;
  }

  /**
   * A view of this context for one attempt of a resilience policy: the same bag, services and
   * handler name, its own `signal`. A handler of that attempt keeps seeing its attempt's signal
   * after an await, whatever later attempts or the caller do.
   */
  withSignal(signal: AbortSignal | undefined): RequestContext {
    return this.view(signal, this.provided);
  }

  /**
   * A context with the same signal and services and a copy of the bag (publish gives one to each
   * subscriber). Given `services`, the copy runs with those where the caller set none.
   */
  copy(services: ContextServices = this.provided): RequestContext {
    const bag = this.peekBag();
    const copy = new RequestContext({ bag: bag ? new Map(bag) : undefined, signal: this.signal });
    copy.own = this.own;
    copy.provided = services;
    copy.handlerName = this.handlerName;
    return copy;
  }

  /**
   * @internal Binds this context to a processor's services for one send and returns the object the
   * send runs with: this one, or — while a send through another processor is still in flight with
   * it — a view sharing the bag, so neither send sees the other's services. Pair with `release`.
   */
  bindServices(services: ContextServices): RequestContext {
    if (this.inFlight > 0 && this.provided !== services) return this.view(this.signal, services);
    this.provided = services;
    this.inFlight++;
    return this;
  }

  /** @internal The send that `bindServices` returned this object for has settled. */
  release(): void {
    this.inFlight--;
  }

  /** @internal A processor's fresh context for one send: no caller services, the processor's. */
  static forServices(services: ContextServices, signal?: AbortSignal): RequestContext {
    const context = new RequestContext();
    context.provided = services;
    if (signal) context.signal = signal;
    return context;
  }

  private peekBag(): Map<string, unknown> | undefined {
    return this._bag ?? this.source?.peekBag();
  }

  private view(signal: AbortSignal | undefined, services: ContextServices): RequestContext {
    const view = new RequestContext({ signal });
    view.source = this;
    view.own = this.own;
    view.provided = services;
    view.handlerName = this.handlerName;
    return view;
  }
}
