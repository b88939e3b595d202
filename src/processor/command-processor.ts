import 'reflect-metadata';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { silentLogger, type Logger } from '../core';
import { PipelineBuilder } from '../pipeline/pipeline-builder';
import {
  RequestContext,
  type ContextServices,
  type HandlerClass,
  type Request,
  type RequestClass,
  type ResultOf,
} from '../requests';
import type { FeatureSwitchProvider } from '../steps/feature-switch/feature-switch-provider';
import { MonitorEvents, type MonitorListener } from '../steps/monitor/monitor-event';
import type { Inbox } from '../steps/use-inbox/inbox';
import type { ResiliencePipelineRegistry } from '../steps/use-resilience-pipeline/resilience-pipeline-registry';
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
  private readonly builder: PipelineBuilder;
  /** Made once: every send's context starts from these. */
  private readonly services: ContextServices;

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
    this.services = {
      logger: this.logger,
      container: this.container,
      resiliencePipelines: this.resiliencePipelines,
      featureSwitches: this.featureSwitches,
      monitor: this.monitorEvents,
      inbox: this.inbox,
    };
    this.builder = new PipelineBuilder(this.container, this.services);
  }

  /**
   * Runs `command` through its handler's pipeline and resolves to the pipeline's result.
   * Rejects with MissingHandlerError when no handler is registered, PipelineConfigurationError
   * when the pipeline cannot be built, or whatever the pipeline throws.
   */
  send<R extends Request<any>>(command: R, options?: SendOptions): Promise<ResultOf<R>> {
    try {
      const handlers = this.handlersOf(command);
      if (handlers.length === 0) throw new MissingHandlerError(typeName(command));
      if (handlers.length > 1) {
        throw new HandlerRegistrationError(
          `send(${typeName(command)}): ${handlers.length} handlers are registered; send needs exactly one — use publish for events.`,
        );
      }
      const context = this.contextFor(options);
      return Promise.resolve(this.run(handlers[0], command, context));
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
    const base = this.contextFor(options);
    const outcomes = await Promise.allSettled(handlers.map(async (h) => this.run(h, event, base.copy())));
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

  /** The names of the dolls of a request type's pipeline, outermost first, ending with the handler. */
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

  describePipeline(requestType: RequestClass, handler?: HandlerClass): string[] {
    const target = handler ?? this.subscribers.handlersFor(requestType)[0];
    if (!target) throw new MissingHandlerError(requestType.name);
    return [...this.builder.pipelineFor(target).names];
  }

  /** Builds every registered pipeline now (and makes each doll once); throws the first PipelineConfigurationError. */
  validatePipelines(): void {
    for (const [, handlers] of this.subscribers.entries()) {
      for (const handler of handlers) this.builder.pipelineFor(handler).build(this.contextFor(undefined));
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

  private run(handler: HandlerClass, request: Request<any>, context: RequestContext): Promise<any> {
    const pipeline = this.builder.pipelineFor(handler);
    context.handlerName = pipeline.targetName;
    return pipeline.build(context).handle(request);
  }

  /** The caller's context with this processor's services filled in, or a new one. */
  private contextFor(options: SendOptions | undefined): RequestContext {
    const given = options?.context;
    if (!given) {
      const context = new RequestContext(this.services);
      if (options?.signal) context.signal = options.signal;
      return context;
    }
    if (options?.signal) given.signal = options.signal;
    given.logger ??= this.logger;
    given.container ??= this.container;
    given.resiliencePipelines ??= this.resiliencePipelines;
    given.featureSwitches ??= this.featureSwitches;
    given.monitor ??= this.monitorEvents;
    given.inbox ??= this.inbox;
    return given;
  }
}

function typeName(request: Request<any>): string {
  return request.constructor?.name ?? 'request';
}
