import type { HandlerClass } from '../requests';
import { HandlerTiming } from './handler-timing';

/** Options of a pipeline step decorator. */
export interface PipelineStepOptions {
  /** Order in the chain: lower steps are outer dolls. A finite integer. */
  step: number;
  /** Default: Before. */
  timing?: HandlerTiming;
  /** Passed to the step handler's `initializeFromAttributeParams(...params)`. */
  params?: readonly unknown[];
}

/** One decorator occurrence, as recorded on the class that declared it. */
export interface StepDeclaration {
  readonly handler: HandlerClass;
  readonly step: number;
  readonly timing: HandlerTiming;
  readonly params: readonly unknown[];
  /** The class whose `handle` carries the decorator (a base class for inherited steps). */
  readonly declaredOn: string;
}

/** Own declarations per prototype; inherited ones are found by walking the prototype chain. */
const declarationsByPrototype = new WeakMap<object, StepDeclaration[]>();

/**
 * Makes a legacy method decorator that puts `handler` into the pipeline of every handler class
 * whose `handle` (own or inherited) carries it. This is how custom middleware is written.
 *
 * @example
 * ```ts
 * class MyFeatureFlagHandler<T extends Request<any>> extends RequestHandler<T> {
 *   private feature = '';
 *   override initializeFromAttributeParams(feature: string) { this.feature = feature; }
 *   override async handle(request: T) { return flags.on(this.feature) ? super.handle(request) : (undefined as any); }
 * }
 * const MyFeatureFlag = (feature: string, step: number) =>
 *   pipelineStep(MyFeatureFlagHandler, { step, timing: HandlerTiming.Before, params: [feature] });
 * ```
 */
export function pipelineStep(handler: HandlerClass, options: PipelineStepOptions): MethodDecorator {
  return (target: object, propertyKey: string | symbol) => {
    // Only `handle` is the pipeline's entry point; a step elsewhere would silently never run.
    if (propertyKey !== 'handle') {
      throw new TypeError(
        `${handler.name} decorates ${target.constructor.name}.${String(propertyKey)}: pipeline steps go on handle().`,
      );
    }
    let own = declarationsByPrototype.get(target);
    if (!own) declarationsByPrototype.set(target, (own = []));
    own.push({
      handler,
      step: options?.step,
      timing: options?.timing ?? HandlerTiming.Before,
      params: options?.params ?? [],
      declaredOn: target.constructor.name,
    });
  };
}

/** Every step declared on `handlerClass`'s handle and its ancestors' (base classes first). */
export function declaredSteps(handlerClass: HandlerClass): StepDeclaration[] {
  const chain: StepDeclaration[][] = [];
  for (
    let proto = handlerClass.prototype;
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    const own = declarationsByPrototype.get(proto);
    if (own) chain.unshift(own);
  }
  return chain.flat();
}
