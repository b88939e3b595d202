import type { DependencyContainer } from 'tsyringe';
import { silentLogger, type Logger } from '../core';
import { CONTAINER, LOGGER } from './core-services';
import { ServiceRegistry, type ServiceKey } from './service-key';

/** What a caller may give a new RequestContext. Services set here win over the processor's. */
export interface RequestContextInit {
  bag?: Map<string, unknown>;
  signal?: AbortSignal;
  logger?: Logger;
  container?: DependencyContainer;
  /** Any other services, by key (see ServiceKey). */
  services?: ServiceRegistry;
}

const NONE = new ServiceRegistry();

/**
 * The state one send or publish carries through its chain. Every handler in the chain sees the
 * same object: values a caller puts in `bag` are read by handlers and vice versa.
 *
 * Services (logger, container, the registries of the steps, anything under a ServiceKey) a caller
 * sets on the context win; the rest come from the processor sending it, for that send only — the
 * same context sent through a second processor runs with the second processor's services. Each
 * step folder adds a typed property for its own service (`featureSwitches`, `resiliencePipelines`,
 * `monitor`); `service(key)` reads any.
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
  // Declared and assigned in the constructor, in one order, so every context has one shape: one is
  // made per send (see RequestHandler on field initialisers).
  declare private _bag?: Map<string, unknown>;
  // A view (one resilience attempt, one processor) shares its source's bag.
  declare private source?: RequestContext;
  // Services the caller set on this object; never written by a processor.
  declare private own?: ServiceRegistry;
  // The sending processor's services (replaced by each processor that sends this context).
  declare private provided: ServiceRegistry;
  // Sends in flight with this object as their context.
  declare private inFlight: number;
  /** Cancels in-flight work. Inside `UseResiliencePipeline` it is the attempt's signal (timeouts). */
  declare signal?: AbortSignal;
  /** The target handler's class name for this chain (logs, monitor events). Set by the processor. */
  declare handlerName?: string;

  constructor(init?: RequestContextInit) {
    this._bag = undefined;
    this.source = undefined;
    this.own = undefined;
    this.provided = NONE;
    this.inFlight = 0;
    this.signal = undefined;
    this.handlerName = undefined;
    if (init) this.init(init);
  }

  /** Free-form values shared by caller and handlers. Made on first use: most sends never touch it. */
  get bag(): Map<string, unknown> {
    return (this._bag ??= this.source ? this.source.bag : new Map());
  }

  /** The service under `key`: the caller's if set on this context, else the sending processor's. */
  service<T>(key: ServiceKey<T>): T | undefined {
    const own = this.own;
    return (own && own.get(key)) ?? this.provided.get(key);
  }

  /** Sets a service on this context; it wins over the processor's. */
  setService<T>(key: ServiceKey<T>, value: T | undefined): this {
    this.own = (this.own ?? new ServiceRegistry()).with(new ServiceRegistry().set(key, value));
    return this;
  }

  /** The logger (pino-shaped): the caller's if set, else the sending processor's (default silent). */
  get logger(): Logger {
    return this.service(LOGGER) ?? silentLogger;
  }
  set logger(logger: Logger) {
    this.setService(LOGGER, logger);
  }

  /** The tsyringe container; base handlers resolve their services from it. */
  get container(): DependencyContainer {
    return this.service(CONTAINER)!;
  }
  set container(container: DependencyContainer) {
    this.setService(CONTAINER, container);
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
  copy(services: ServiceRegistry = this.provided): RequestContext {
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
  bindServices(services: ServiceRegistry): RequestContext {
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
  static forServices(
    services: ServiceRegistry,
    signal: AbortSignal | undefined,
    handlerName: string,
  ): RequestContext {
    const context = new RequestContext();
    context.provided = services;
    context.signal = signal;
    context.handlerName = handlerName;
    return context;
  }

  /**
   * Shows the service under `key` as a read-only property of every RequestContext. A step folder
   * calls it once for its own service, and declares the property's type by module augmentation.
   *
   * @example
   * ```ts
   * export const AUDIT_LOG = new ServiceKey<AuditLog>('auditLog');
   * declare module 'matryoshka-pipeline' { interface RequestContext { readonly auditLog?: AuditLog } }
   * RequestContext.exposeService('auditLog', AUDIT_LOG);
   * ```
   */
  static exposeService(property: string, key: ServiceKey<unknown>): void {
    Object.defineProperty(RequestContext.prototype, property, {
      configurable: true,
      get(this: RequestContext) {
        return this.service(key);
      },
    });
  }

  private init(init: RequestContextInit): void {
    if (init.bag) this._bag = init.bag;
    if (init.signal) this.signal = init.signal;
    if (init.services) this.own = init.services;
    if (init.logger) this.setService(LOGGER, init.logger);
    if (init.container) this.setService(CONTAINER, init.container);
  }

  private peekBag(): Map<string, unknown> | undefined {
    return this._bag ?? this.source?.peekBag();
  }

  private view(signal: AbortSignal | undefined, services: ServiceRegistry): RequestContext {
    const view = new RequestContext();
    if (signal) view.signal = signal;
    view.source = this;
    view.own = this.own;
    view.provided = services;
    view.handlerName = this.handlerName;
    return view;
  }
}
