import type { DependencyContainer } from 'tsyringe';
import type { HandlerClass, RequestHandler } from '../requests';
import { PipelineConfigurationError } from './errors';
import type { PlanLink } from './pipeline-plan';

/** Makes one fresh doll for one send. */
export type DollFactory = () => RequestHandler<any>;

// Every instance a container has handed out, across all links and pipelines: a singleton used at two
// links, or by two handlers, must still get a separate per-send view each time it is reused.
const handedOut = new WeakSet<object>();

/**
 * Decides once per link how its handler is made, so a send pays only for what it needs:
 * a class with no constructor parameters that the container does not know is built with `new`;
 * anything else goes through the container (constructor injection, user-chosen lifetimes).
 */
export function dollFactory(link: PlanLink, container: DependencyContainer, targetName: string): DollFactory {
  const cls = link.handler;
  const params = link.params;
  const init = params.length > 0;
  if (!needsContainer(cls, container)) {
    return () => {
      let doll: RequestHandler<any>;
      try {
        doll = new cls();
      } catch (cause) {
        throw notConstructed(targetName, cls, cause, 'its constructor threw');
      }
      if (init) doll.initializeFromAttributeParams(...params);
      return doll;
    };
  }
  // A container may hand back the same instance twice (singletons). A second concurrent send must
  // not overwrite the first's `context`/`successor`, so later uses get a thin per-send view.
  return () => {
    let doll: RequestHandler<any>;
    try {
      doll = container.resolve(cls);
    } catch (cause) {
      throw notConstructed(targetName, cls, cause, 'the container could not construct it');
    }
    if (handedOut.has(doll)) doll = Object.create(doll);
    else handedOut.add(doll);
    if (init) doll.initializeFromAttributeParams(...params);
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
