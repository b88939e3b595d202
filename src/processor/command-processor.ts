import 'reflect-metadata';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { silentLogger, type Logger } from '../core';
import { PreparedPipelines, type PreparedPipeline } from '../pipeline/prepared-pipelines';
import {
  CONTAINER,
  LOGGER,
  RequestContext,
  ServiceRegistry,
  type HandlerClass,
  type Request,
  type RequestClass,
  type ResultOf,
} from '../requests';
import { FEATURE_SWITCHES, type FeatureSwitchProvider } from '../steps/feature-switch';
import { MONITOR, type MonitorListener } from '../steps/monitor';
import { MonitorEvents } from '../steps/monitor/monitor-event';
import { RESILIENCE_PIPELINES, type ResiliencePipelineRegistry } from '../steps/use-resilience-pipeline';
import { INBOX, type Inbox } from '../steps/use-inbox';
import type { DepositOptions, ExternalBus } from '../bus/external-bus';
import { HandlerRegistrationError, MissingHandlerError } from './errors';
import * as posting from './post';
import type { SubscriberRegistry } from './subscriber-registry';

/** What a CommandProcessor is built from. Only `subscribers` is required. */
export interface CommandProcessorOptions {
  subscribers: SubscriberRegistry;
  /** tsyringe container handlers are created through. Default: a child of tsyringe's root container. */
  container?: DependencyContainer;
  resiliencePipelines?: ResiliencePipelineRegistry;
  /** A FeatureSwitchRegistry, the OpenFeature adapter, or any FeatureSwitchProvider. */
  featureSwitches?: FeatureSwitchProvider;
  /** pino-shaped logger; default: silent. */
  logger?: Logger;
  /**
   * More services for steps of your own (or another layer's), each under its ServiceKey; handlers
   * read them with `this.context.service(KEY)`. The options above win where both set one.
   */
  services?: ServiceRegistry;
  /** Where `@UseInbox` records handled requests: InMemoryInbox, PostgresInbox, or any Inbox. */
  inbox?: Inbox;
  /** The external bus `post`, `depositPost` and `clearOutbox` go through: an ExternalBus. */
  bus?: ExternalBus;
}

/** Per-call options of `send` and `publish`. */
export interface SendOptions {
  /** The context handlers see: bag values travel caller → handler → caller. */
  context?: RequestContext;
  /** Cancels the send; handlers see it as `context.signal`. */
  signal?: AbortSignal;
}

/**
 * Sends commands to their one handler and publishes events to all of theirs, each through the
 * handler's Russian doll of decorated steps.
 *
 * @example
 * ```ts
 * const processor = new CommandProcessor({ subscribers: new SubscriberRegistry().register(GreetCommand, GreetHandler) });
 * const greeting: string = await processor.send(new GreetCommand('Ada'));
 * ```
 */
export class CommandProcessor {
  readonly subscribers: SubscriberRegistry;
  readonly container: DependencyContainer;
  readonly logger: Logger;
  readonly resiliencePipelines?: ResiliencePipelineRegistry;
  readonly featureSwitches?: FeatureSwitchProvider;
  readonly inbox?: Inbox;
  readonly bus?: ExternalBus;
  private readonly monitorEvents: MonitorEvents;
  private readonly pipelines: PreparedPipelines;
  /** send's lookup: command type → its one handler's pipeline, valid for one subscribers version. */
  private readonly routes = new Map<RequestClass, PreparedPipeline>();
  private routesVersion = -1;
  /** Made once: every send's context reads its services from here. */
  private readonly services: ServiceRegistry;

  constructor(options: CommandProcessorOptions) {
    if (!options?.subscribers)
      throw new TypeError('CommandProcessor: options.subscribers (a SubscriberRegistry) is required.');
    this.subscribers = options.subscribers;
    this.container = options.container ?? rootContainer.createChildContainer();
    this.logger = options.logger ?? silentLogger;
    this.resiliencePipelines = options.resiliencePipelines;
    this.featureSwitches = options.featureSwitches;
    this.inbox = options.inbox;
    this.bus = options.bus;
    this.monitorEvents = new MonitorEvents(this.logger);
    const own = new ServiceRegistry()
      .set(LOGGER, this.logger)
      .set(CONTAINER, this.container)
      .set(RESILIENCE_PIPELINES, this.resiliencePipelines)
      .set(FEATURE_SWITCHES, this.featureSwitches)
      .set(MONITOR, this.monitorEvents)
      .set(INBOX, this.inbox);
    this.services = options.services ? options.services.with(own) : own;
    this.pipelines = new PreparedPipelines(this.container, this.services);
  }

  /**
   * Runs `command` through its handler's pipeline and resolves to the pipeline's result.
   * Rejects with MissingHandlerError when no handler is registered, PipelineConfigurationError
   * when the pipeline cannot be built, or whatever the pipeline throws.
   */
  send<R extends Request<any>>(command: R, options?: SendOptions): Promise<ResultOf<R>> {
    try {
      if (this.routesVersion !== this.subscribers.version) this.forgetRoutes();
      const pipeline = this.routes.get(command?.constructor as RequestClass) ?? this.route(command);
      const given = options?.context;
      if (given) return this.runWithCallerContext(pipeline, command, given, options.signal);
      const context = RequestContext.forServices(this.services, options?.signal, pipeline.targetName);
      return Promise.resolve(pipeline.run(context, command) as Promise<ResultOf<R>>);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Runs every subscriber of `event`, each with its own copy of the context bag. Resolves when all
   * succeeded (or there are none); otherwise rejects with an AggregateError holding every failure.
   */
  async publish<R extends Request<any>>(event: R, options?: SendOptions): Promise<void> {
    const handlers = this.handlersOf(event);
    if (handlers.length === 0) return;
    // Each subscriber gets its own context: a copy of the caller's bag, made once per subscriber.
    const outcomes = await Promise.allSettled(
      handlers.map(async (h) => this.run(this.pipelines.for(h), event, this.contextFor(options))),
    );
    const failures: unknown[] = [];
    const failed: string[] = [];
    outcomes.forEach((outcome, i) => {
      if (outcome.status === 'rejected') {
        failures.push(outcome.reason);
        failed.push(handlers[i].name);
      }
    });
    if (failures.length > 0) {
      this.logger.error(
        { requestType: typeName(event), requestId: event.id, failed },
        'publish: some subscribers failed',
      );
      throw new AggregateError(
        failures,
        `${failures.length} of ${handlers.length} subscribers of ${typeName(event)} failed: ${failed.join(', ')}.`,
      );
    }
  }

  /**
   * Posts to another process: maps the request (or each of an array) to a message, deposits it
   * in the bus's outbox and dispatches it now; resolves once the broker confirmed. Rejects with
   * MissingPublicationError, MessageMappingError (nothing stored) or ProducerError (stored, left
   * for the sweeper).
   */
  post(request: Request<any> | readonly Request<any>[]): Promise<void> {
    return posting.post(this.bus, request);
  }

  /**
   * Deposits the request (or each of an array) in the outbox — in the caller's database
   * transaction when `transaction` is given — and sends nothing; resolves to its id (or ids).
   * Dispatch later with `clearOutbox`, or leave it to the sweeper.
   */
  depositPost(request: Request<any>, options?: DepositOptions): Promise<string>;
  depositPost(requests: readonly Request<any>[], options?: DepositOptions): Promise<string[]>;
  depositPost(
    requests: Request<any> | readonly Request<any>[],
    options?: DepositOptions,
  ): Promise<string | string[]> {
    return posting.depositPost(this.bus, requests, options);
  }

  /** Dispatches deposited messages by id (after the caller committed); unknown or dispatched ids are skipped. */
  clearOutbox(ids: string | readonly string[]): Promise<void> {
    return posting.clearOutbox(this.bus, ids);
  }

  /** The names of the dolls of a request type's pipeline, outermost first, ending with the handler. */
  describePipeline(requestType: RequestClass, handler?: HandlerClass): string[] {
    const target = handler ?? this.subscribers.handlersFor(requestType)[0];
    if (!target) throw new MissingHandlerError(requestType.name);
    return [...this.pipelines.for(target).names];
  }

  /** Builds every registered pipeline now (and makes each doll once); throws the first PipelineConfigurationError. */
  validatePipelines(): void {
    for (const [, handlers] of this.subscribers.entries()) {
      for (const handler of handlers) this.pipelines.for(handler).newChain(this.contextFor(undefined));
    }
  }

  /** Subscribes to Monitor step events. Returns an unsubscribe function. */
  onMonitorEvent(listener: MonitorListener): () => void {
    return this.monitorEvents.subscribe(listener);
  }

  private handlersOf(request: Request<any>): readonly HandlerClass[] {
    if (request === null || typeof request !== 'object') {
      throw new TypeError(`Expected a Request instance, got ${request === null ? 'null' : typeof request}.`);
    }
    return this.subscribers.handlersFor(request.constructor as RequestClass);
  }

  /** The one handler's pipeline for a command type, checked and kept for the next send. */
  private route(command: Request<any>): PreparedPipeline {
    const handlers = this.handlersOf(command);
    if (handlers.length === 0) throw new MissingHandlerError(typeName(command));
    if (handlers.length > 1) {
      throw new HandlerRegistrationError(
        `send(${typeName(command)}): ${handlers.length} handlers are registered; send needs exactly one — use publish for events.`,
      );
    }
    const pipeline = this.pipelines.for(handlers[0]);
    this.routes.set(command.constructor as RequestClass, pipeline);
    return pipeline;
  }

  /** A registration changed since the routes were kept: look them up again. */
  private forgetRoutes(): void {
    this.routes.clear();
    this.routesVersion = this.subscribers.version;
  }

  private run(pipeline: PreparedPipeline, request: Request<any>, context: RequestContext): Promise<any> {
    context.handlerName = pipeline.targetName;
    return pipeline.run(context, request);
  }

  /** Runs a send with the caller's context bound to this processor's services for its duration. */
  private runWithCallerContext(
    pipeline: PreparedPipeline,
    request: Request<any>,
    given: RequestContext,
    signal: AbortSignal | undefined,
  ): Promise<any> {
    if (signal) given.signal = signal;
    const context = given.bindServices(this.services);
    if (context !== given) return Promise.resolve(this.run(pipeline, request, context));
    let running: Promise<any>;
    try {
      running = Promise.resolve(this.run(pipeline, request, context));
    } catch (error) {
      given.release();
      throw error;
    }
    const release = () => given.release();
    running.then(release, release);
    return running;
  }

  /** A fresh context with this processor's services; a caller's context is copied (publish). */
  private contextFor(options: SendOptions | undefined): RequestContext {
    const given = options?.context;
    if (!given) return RequestContext.forServices(this.services, options?.signal, '');
    const copy = given.copy(this.services);
    if (options?.signal) copy.signal = options.signal;
    return copy;
  }
}

function typeName(request: Request<any>): string {
  return request.constructor?.name ?? 'request';
}
