import type { DependencyContainer } from 'tsyringe';

// The parts of tsyringe 4 that `injectedConstruction` reads beyond its public interface, in one
// place. test/pipeline/tsyringe-internals.test.ts pins each against the installed tsyringe: if a
// release changes them, the shape checks here fail and every handler goes through `resolve` again.

/** tsyringe's container class, as far as it is read here. */
export interface ContainerInternals {
  readonly parent?: ContainerInternals;
  readonly disposed: boolean;
  readonly _registry: RegistryInternals;
  readonly interceptors: {
    readonly preResolution: RegistryInternals;
    readonly postResolution: RegistryInternals;
  };
  readonly disposables: Set<unknown>;
}

/** tsyringe's RegistryBase: a token is registered (or intercepted) when its list is non-empty. */
export interface RegistryInternals {
  readonly _registryMap: Map<unknown, readonly unknown[]>;
}

/** The constructor tokens `@injectable()` records per class, or undefined where they cannot be read. */
export const typeInfo: ReadonlyMap<unknown, readonly unknown[]> | undefined = (() => {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const map: unknown = require('tsyringe/dist/cjs/dependency-container').typeInfo;
    return map instanceof Map ? (map as Map<unknown, unknown[]>) : undefined;
  } catch {
    return undefined;
  }
})();

/** `container` and its ancestors as tsyringe's own class, or undefined if any of them is not. */
export function containerInternals(container: DependencyContainer): ContainerInternals[] | undefined {
  const levels: ContainerInternals[] = [];
  for (let c = container as unknown as Partial<ContainerInternals> | undefined; c; c = c.parent) {
    const ok =
      typeof c.disposed === 'boolean' &&
      isRegistry(c._registry) &&
      isRegistry(c.interceptors?.preResolution) &&
      isRegistry(c.interceptors?.postResolution) &&
      c.disposables instanceof Set;
    if (!ok) return undefined;
    levels.push(c as ContainerInternals);
  }
  return levels;
}

function isRegistry(value: unknown): value is RegistryInternals {
  const registry = value as Partial<RegistryInternals & Record<Mutator, unknown>> | undefined;
  return (
    registry?._registryMap instanceof Map && MUTATORS.every((name) => typeof registry[name] === 'function')
  );
}

// Every way tsyringe 4 changes a registry: `set` (register, beforeResolution…), `setAll` (interceptors
// that ran, clearInstances, child containers), `clear` (reset). Adding an empty list (`ensure`) changes nothing.
const MUTATORS = ['set', 'setAll', 'clear'] as const;
type Mutator = (typeof MUTATORS)[number];

const WATCHED = Symbol('matryoshka.watchedRegistry');
let changes = 0;

/** A number that grows whenever a watched registry changes. */
export function registryChanges(): number {
  return changes;
}

/**
 * Counts the changes of `registry` from now on, so a send can tell with one comparison that nothing
 * it planned on has moved. Wraps the three mutators on the registry object itself (not tsyringe's
 * prototype); they still do exactly what they did.
 */
export function watchRegistry(registry: RegistryInternals): void {
  const target = registry as unknown as Record<PropertyKey, unknown>;
  if (target[WATCHED]) return;
  for (const name of MUTATORS) {
    const original = target[name] as (...args: unknown[]) => unknown;
    Object.defineProperty(target, name, {
      configurable: true,
      writable: true,
      value: function (this: unknown, ...args: unknown[]) {
        changes++;
        return original.apply(this, args);
      },
    });
  }
  Object.defineProperty(target, WATCHED, { value: true });
}
