import type { Request, ResultOf } from './request';
import type { RequestContext } from './request-context';

/**
 * A link in the Russian doll. Target handlers override `handle`; step handlers (made with
 * `pipelineStep`) override `handle` to wrap what is inside them. `super.handle(request)` passes
 * control to the next doll inward, as `base.Handle(command)` does in Brighter.
 *
 * @example
 * ```ts
 * class GreetHandler extends RequestHandler<GreetCommand> {
 *   @RequestLogging({ step: 0 })
 *   override async handle(command: GreetCommand) {
 *     return `Hello, ${command.name}`;
 *   }
 * }
 * ```
 */
export abstract class RequestHandler<TRequest extends Request<any>> {
  // `declare`d, not initialised: a field initialiser on this base class runs for every doll of
  // every subclass and, seeing many shapes, falls to V8's slow path (4× on the send path).
  /** Set by the pipeline before `handle` runs. */
  declare context: RequestContext;
  /** The next doll inward; set by the pipeline. */
  declare successor?: RequestHandler<TRequest>;
  /**
   * Set by the pipeline instead of `successor` on a step whose class says
   * `static readonly makesInnerDolls = true`: makes a fresh copy of every doll inside this one,
   * bound to `context`. A step that runs its inside more than once (a retry) gives each run its
   * own dolls and its own view of the context, so a run that outlives its turn never sees another's.
   */
  declare makeInnerDolls?: (context: RequestContext) => RequestHandler<TRequest> | undefined;

  /** The class name, used in descriptions and logs. */
  get name(): string {
    return this.constructor.name;
  }

  /** Default: pass to the successor; resolves to `undefined` at the end of the chain. */
  handle(request: TRequest): Promise<ResultOf<TRequest>> {
    const next = this.successor;
    return next ? next.handle(request) : (Promise.resolve(undefined) as Promise<ResultOf<TRequest>>);
  }

  /** Default: pass to the successor's fallback. Override on the target handler to give a fallback result. */
  fallback(request: TRequest): Promise<ResultOf<TRequest>> {
    const next = this.successor;
    return next ? next.fallback(request) : (Promise.resolve(undefined) as Promise<ResultOf<TRequest>>);
  }

  /** A step handler receives its decorator's `params` here, once, before its first `handle`. */
  initializeFromAttributeParams(..._params: unknown[]): void {}
}

/** A handler class: what registries and decorators take. */
export type HandlerClass<TRequest extends Request<any> = any> = new (
  ...args: any[]
) => RequestHandler<TRequest>;
