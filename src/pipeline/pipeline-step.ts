import type { HandlerClass } from '../requests';
import { PipelineConfigurationError } from './errors';
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
    if (isStandardDecoratorContext(propertyKey)) throw compiledAsStandard(handler, propertyKey);
    // Only `handle` is the pipeline's entry point; a step elsewhere would silently never run.
    if (propertyKey !== 'handle') {
      throw new PipelineConfigurationError(
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

// Without `experimentalDecorators`, TypeScript (5.0+) emits TC39 standard decorators: they are
// called as (value, context) with a context object `{ kind: 'method', name, … }` in place of the
// legacy (prototype, propertyKey).
function isStandardDecoratorContext(value: unknown): value is { kind: string; name?: unknown } {
  return (
    typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string'
  );
}

function compiledAsStandard(
  handler: HandlerClass,
  context: { kind: string; name?: unknown },
): PipelineConfigurationError {
  return new PipelineConfigurationError(
    `${handler.name} on ${String(context.name ?? '(anonymous)')} was called as a TC39 standard decorator (kind '${context.kind}'): ` +
      `Matryoshka's pipeline steps are legacy decorators — enable experimentalDecorators and emitDecoratorMetadata in tsconfig.json.`,
  );
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
