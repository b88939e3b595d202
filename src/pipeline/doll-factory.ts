import type { DependencyContainer } from 'tsyringe';
import type { HandlerClass, RequestHandler } from '../requests';
import { PipelineConfigurationError } from './errors';
import { injectedConstruction } from './injected-construction';
import type { PlanLink } from './pipeline-plan';

/** Makes one fresh doll for one send. */
export type DollFactory = () => RequestHandler<any>;

/** Hands a step doll its decorator's params, without spreading them on every send. */
export type Initializer = (doll: RequestHandler<any>) => void;

/** The initializer of a link, decided once from its number of params; undefined when it has none. */
export function initializerOf(params: readonly unknown[]): Initializer | undefined {
  const [a, b, c] = params;
  switch (params.length) {
    case 0:
      return undefined;
    case 1:
      return (doll) => doll.initializeFromAttributeParams(a);
    case 2:
      return (doll) => doll.initializeFromAttributeParams(a, b);
    case 3:
      return (doll) => doll.initializeFromAttributeParams(a, b, c);
    default:
      return (doll) => doll.initializeFromAttributeParams(...params);
  }
}

/** How a generated chain makes a doll in place: `new cls()`, then `init` (if any). */
export interface PlainConstruction {
  readonly cls: new () => RequestHandler<any>;
  readonly init?: Initializer;
  /** The error a failure of the constructor becomes. */
  readonly failed: (cause: unknown) => Error;
}

/** Set where a link's doll is made by a plain `new` (the container does not know the class). */
export function plainConstruction(
  link: PlanLink,
  container: DependencyContainer,
  targetName: string,
): PlainConstruction | undefined {
  if (needsContainer(link.handler, container)) return undefined;
  return {
    cls: link.handler as new () => RequestHandler<any>,
    init: initializerOf(link.params),
    failed: (cause) => notConstructed(targetName, link.handler, cause, 'its constructor threw'),
  };
}

// Marks an instance the container has handed out, while a link is still learning whether its
// container hands out one instance again and again (see `containerDolls`).
const HANDED_OUT = Symbol('matryoshka.handedOut');

type Markable = RequestHandler<any> & { [HANDED_OUT]?: true };

/**
 * Decides once per link how its handler is made, so a send pays only for what it needs:
 * a class with no constructor parameters that the container does not know is built with `new`;
 * anything else goes through the container (constructor injection, user-chosen lifetimes).
 */
export function dollFactory(link: PlanLink, container: DependencyContainer, targetName: string): DollFactory {
  const cls = link.handler;
  const init = initializerOf(link.params);
  if (needsContainer(cls, container)) return containerDolls(link, container, targetName);
  return () => {
    let doll: RequestHandler<any>;
    try {
      doll = new cls();
    } catch (cause) {
      throw notConstructed(targetName, cls, cause, 'its constructor threw');
    }
    if (init) init(doll);
    return doll;
  };
}

/**
 * Dolls made by the container. A tree of classes nobody registered is built directly, as the
 * container would (see `injectedConstruction`). Otherwise: a container may hand out the same instance again (a singleton, a
 * value, a cached factory — also one used at two links or by two handlers); a second concurrent
 * send must not overwrite the first's `context`/`successor` on it, so such an instance is used
 * through a thin per-send view (`Object.create(instance)`). Whether this link's registration
 * hands out fresh instances or a shared one is learnt from its first two, then fixed: a transient
 * handler (the usual case) then costs nothing beyond the container's resolve. While learning, each
 * instance is marked when first used, so a shared one is never used directly twice.
 */
function containerDolls(link: PlanLink, container: DependencyContainer, targetName: string): DollFactory {
  const resolved = resolvedDolls(link, container, targetName);
  const direct = injectedConstruction(link.handler, container);
  if (!direct) return resolved;
  const init = initializerOf(link.params);
  return () => {
    let doll: RequestHandler<any> | undefined;
    try {
      doll = direct();
    } catch (cause) {
      throw notConstructed(targetName, link.handler, cause, 'its constructor or a dependency threw');
    }
    if (doll === undefined) return resolved();
    if (init) init(doll);
    return doll;
  };
}

/** Dolls resolved through the container on every send (see `containerDolls`). */
function resolvedDolls(link: PlanLink, container: DependencyContainer, targetName: string): DollFactory {
  const cls = link.handler;
  const init = initializerOf(link.params);
  let lifetime: 'learning' | 'fresh' | 'shared' = 'learning';
  let first: object | undefined;
  return () => {
    let doll: Markable;
    try {
      doll = container.resolve(cls);
    } catch (cause) {
      throw notConstructed(targetName, cls, cause, 'the container could not construct it');
    }
    if (lifetime === 'shared') doll = Object.create(doll) as Markable;
    else if (lifetime === 'learning') {
      if (first === undefined) first = doll;
      else {
        lifetime = first === doll ? 'shared' : 'fresh';
        first = undefined;
      }
      if (doll[HANDED_OUT] || !Object.isExtensible(doll)) doll = Object.create(doll) as Markable;
      else doll[HANDED_OUT] = true;
    }
    if (init) init(doll);
    return doll;
  };
}

function notConstructed(
  targetName: string,
  cls: HandlerClass,
  cause: unknown,
  how: string,
): PipelineConfigurationError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new PipelineConfigurationError(
    `${targetName}: ${cls.name} could not be constructed (${how}): ${reason}`,
    {
      cause,
    },
  );
}

function needsContainer(cls: HandlerClass, container: DependencyContainer): boolean {
  if (container.isRegistered(cls, true)) return true;
  const paramTypes: unknown[] | undefined = Reflect.getMetadata?.('design:paramtypes', cls);
  return (paramTypes?.length ?? 0) > 0 || cls.length > 0;
}
