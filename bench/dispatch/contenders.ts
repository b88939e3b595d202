// The contenders of the dispatch bench. Each sends one command through a handler that returns a
// number, with the same amount of no-op wrapping: four pass-through layers around the handler.
// Every contender's `run` allocates a new command per send, as users send; the `reused` variants
// (clearly labelled rows) send one command object over and over.
import 'reflect-metadata';
import compose from 'koa-compose';
import {
  Mediator,
  RequestData,
  pipelineBehavior,
  requestHandler,
  type PipelineBehavior,
  type RequestHandler as MediatrRequestHandler,
} from 'mediatr-ts';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus, CommandHandler, CqrsModule, type ICommand, type ICommandHandler } from '@nestjs/cqrs';
import { injectable } from 'tsyringe';
import {
  Command,
  CommandProcessor,
  Fallback,
  FeatureSwitch,
  HandlerTiming,
  Monitor,
  RequestHandler,
  RequestLogging,
  SubscriberRegistry,
  pipelineStep,
  type Request,
  type ResultOf,
} from '../../src';

export const RESULT = 42;

// ---------------------------------------------------------------------------------------------
// Matryoshka: four custom no-op steps (made with pipelineStep), zero steps, four built-in steps.

class NoopStep1<T extends Request<any>> extends RequestHandler<T> {
  override async handle(request: T): Promise<ResultOf<T>> {
    return super.handle(request);
  }
}
class NoopStep2<T extends Request<any>> extends RequestHandler<T> {
  override async handle(request: T): Promise<ResultOf<T>> {
    return super.handle(request);
  }
}
class NoopStep3<T extends Request<any>> extends RequestHandler<T> {
  override async handle(request: T): Promise<ResultOf<T>> {
    return super.handle(request);
  }
}
class NoopStep4<T extends Request<any>> extends RequestHandler<T> {
  override async handle(request: T): Promise<ResultOf<T>> {
    return super.handle(request);
  }
}
const Step1 = (step: number) => pipelineStep(NoopStep1, { step, timing: HandlerTiming.Before });
const Step2 = (step: number) => pipelineStep(NoopStep2, { step, timing: HandlerTiming.Before });
const Step3 = (step: number) => pipelineStep(NoopStep3, { step, timing: HandlerTiming.Before });
const Step4 = (step: number) => pipelineStep(NoopStep4, { step, timing: HandlerTiming.Before });

export class FourStepCommand extends Command<number> {}
class FourStepHandler extends RequestHandler<FourStepCommand> {
  @Step1(1)
  @Step2(2)
  @Step3(3)
  @Step4(4)
  override async handle(_command: FourStepCommand): Promise<number> {
    return RESULT;
  }
}

export class BareCommand extends Command<number> {}
class BareHandler extends RequestHandler<BareCommand> {
  override async handle(_command: BareCommand): Promise<number> {
    return RESULT;
  }
}

/** The one constructor dependency of the injected handler. */
@injectable()
class Answer {
  readonly value = RESULT;
}
export class InjectedCommand extends Command<number> {}
@injectable()
export class InjectedHandler extends RequestHandler<InjectedCommand> {
  constructor(private readonly answer: Answer) {
    super();
  }
  override async handle(_command: InjectedCommand): Promise<number> {
    return this.answer.value;
  }
}

export class BuiltInStepsCommand extends Command<number> {}
class BuiltInStepsHandler extends RequestHandler<BuiltInStepsCommand> {
  @RequestLogging({ step: 1 })
  @Fallback({ step: 2, backstop: true })
  @FeatureSwitch('DispatchBench', { step: 3, status: 'on' })
  @Monitor({ step: 4 })
  override async handle(_command: BuiltInStepsCommand): Promise<number> {
    return RESULT;
  }
}

/** A processor with the default (silent) logger, no monitor listener, no feature-switch provider. */
export function matryoshkaProcessor(): CommandProcessor {
  const subscribers = new SubscriberRegistry()
    .register(FourStepCommand, FourStepHandler)
    .register(BareCommand, BareHandler)
    .register(InjectedCommand, InjectedHandler)
    .register(BuiltInStepsCommand, BuiltInStepsHandler);
  const processor = new CommandProcessor({ subscribers });
  processor.validatePipelines();
  return processor;
}

// ---------------------------------------------------------------------------------------------
// Hand-written: five nested async functions, each passing the command inward like a step does.

class HandCommand {
  constructor(readonly n: number) {}
}
async function handHandler(_command: HandCommand): Promise<number> {
  return RESULT;
}
async function hand4(command: HandCommand): Promise<number> {
  return handHandler(command);
}
async function hand3(command: HandCommand): Promise<number> {
  return hand4(command);
}
async function hand2(command: HandCommand): Promise<number> {
  return hand3(command);
}
async function hand1(command: HandCommand): Promise<number> {
  return hand2(command);
}

export function handWritten(): () => Promise<number> {
  return () => hand1(new HandCommand(1));
}

// ---------------------------------------------------------------------------------------------
// koa-compose: four pass-through middleware and a fifth that is the handler.

interface KoaContext {
  readonly command: HandCommand;
  result: number;
}

export function koaCompose(): () => Promise<number> {
  const composed = compose<KoaContext>([
    async (_ctx, next) => next(),
    async (_ctx, next) => next(),
    async (_ctx, next) => next(),
    async (_ctx, next) => next(),
    async (ctx) => {
      ctx.result = RESULT;
    },
  ]);
  return () => {
    const ctx: KoaContext = { command: new HandCommand(1), result: 0 };
    return composed(ctx).then(() => ctx.result);
  };
}

// ---------------------------------------------------------------------------------------------
// mediatr-ts 2.2: a request handler and four pipeline behaviours (registered globally by the
// decorator, ordered explicitly with setOrder).

class MediatrCommand extends RequestData<number> {}

@requestHandler(MediatrCommand)
class MediatrHandler implements MediatrRequestHandler<MediatrCommand, number> {
  async handle(_command: MediatrCommand): Promise<number> {
    return RESULT;
  }
}

@pipelineBehavior()
class MediatrBehaviour1 implements PipelineBehavior {
  async handle(_request: RequestData<unknown>, next: () => unknown): Promise<unknown> {
    return next();
  }
}
@pipelineBehavior()
class MediatrBehaviour2 implements PipelineBehavior {
  async handle(_request: RequestData<unknown>, next: () => unknown): Promise<unknown> {
    return next();
  }
}
@pipelineBehavior()
class MediatrBehaviour3 implements PipelineBehavior {
  async handle(_request: RequestData<unknown>, next: () => unknown): Promise<unknown> {
    return next();
  }
}
@pipelineBehavior()
class MediatrBehaviour4 implements PipelineBehavior {
  async handle(_request: RequestData<unknown>, next: () => unknown): Promise<unknown> {
    return next();
  }
}

export function mediatr(): () => Promise<number> {
  const mediator = new Mediator();
  mediator.pipelineBehaviors.setOrder([
    MediatrBehaviour1,
    MediatrBehaviour2,
    MediatrBehaviour3,
    MediatrBehaviour4,
  ]);
  void MediatrHandler; // registered by @requestHandler
  return () => mediator.send(new MediatrCommand());
}

// ---------------------------------------------------------------------------------------------
// @nestjs/cqrs 12: CommandBus.execute to one CommandHandler in a minimal application context.
// (It has no per-handler pipeline, so it is compared with Matryoshka's zero-step send.)

class NestCommand implements ICommand {}

@CommandHandler(NestCommand)
class NestHandler implements ICommandHandler<NestCommand, number> {
  async execute(_command: NestCommand): Promise<number> {
    return RESULT;
  }
}

@Module({ imports: [CqrsModule.forRoot()], providers: [NestHandler] })
class NestBenchModule {}

export async function nestCqrs(): Promise<{ run: () => Promise<number>; close: () => Promise<void> }> {
  const app = await NestFactory.createApplicationContext(NestBenchModule, { logger: false });
  await app.init();
  const bus = app.get(CommandBus);
  return { run: () => bus.execute<NestCommand, number>(new NestCommand()), close: () => app.close() };
}
