import type { DependencyContainer } from 'tsyringe';
import type { HandlerClass, RequestHandler } from '../requests';
import {
  containerInternals,
  registryChanges,
  typeInfo,
  watchRegistry,
  type ContainerInternals,
  type RegistryInternals,
} from './tsyringe-internals';

// How tsyringe builds a class nobody registered: it reads the class's constructor tokens from the
// map `@injectable()` writes, resolves each, `new`s the class, and keeps it for `dispose()` if it is
// disposable. Its `resolve` pays ~500 ns for that on every call (a resolution context, closures,
// registration and interceptor lookups at each level): a handler with one injected dependency cost
// 3.4× a plain one's send. For the common case — a tree of classes nobody registered, taking only
// other such classes — we build the same tree directly. The registries `resolve` would consult are
// watched (see `watchRegistry`), so a registration or interceptor added later is honoured from the
// next send on; anything else goes through `container.resolve` as before.

type AnyClass = new (...args: any[]) => any;

const MAX_DEPTH = 16;

/**
 * A direct builder for `cls`, or undefined when tsyringe's resolve must do it. The builder returns
 * undefined on a send where the shortcut no longer holds (a class of the tree has since been
 * registered or intercepted, or the container disposed); the caller then resolves through the container.
 */
export function injectedConstruction(
  cls: HandlerClass,
  container: DependencyContainer,
): (() => RequestHandler<any> | undefined) | undefined {
  const levels = containerInternals(container);
  if (!levels || !typeInfo) return undefined;
  const own = levels[0];
  const classes = new Set<AnyClass>();
  const build = builderOf(cls as AnyClass, classes, 0, own.disposables);
  if (!build) return undefined;
  const tree = [...classes];
  // What `resolve` consults: the registrations of this container and its ancestors, and this
  // container's interceptors.
  const registries = [
    ...levels.map((c) => c._registry),
    own.interceptors.preResolution,
    own.interceptors.postResolution,
  ];
  registries.forEach(watchRegistry);
  let checkedAt = -1;
  let holds = false;
  return () => {
    const changes = registryChanges();
    if (checkedAt !== changes) {
      checkedAt = changes;
      holds = !registries.some((registry) => mentionsAny(registry, tree));
    }
    return holds && !anyDisposed(levels) ? (build() as RequestHandler<any>) : undefined;
  };
}

/** tsyringe's `has`, without the empty entry its `has` inserts. */
function mentionsAny(registry: RegistryInternals, tokens: readonly unknown[]): boolean {
  return tokens.some((token) => (registry._registryMap.get(token)?.length ?? 0) > 0);
}

function anyDisposed(levels: readonly ContainerInternals[]): boolean {
  for (let i = 0; i < levels.length; i++) if (levels[i].disposed) return true;
  return false;
}

/** `new cls(...its dependencies)`, as tsyringe's `construct` would; undefined when not this case. */
function builderOf(
  cls: AnyClass,
  classes: Set<AnyClass>,
  depth: number,
  disposables: Set<unknown>,
): (() => unknown) | undefined {
  if (depth > MAX_DEPTH) return undefined;
  classes.add(cls);
  const tokens = typeInfo!.get(cls);
  if (!tokens || tokens.length === 0) {
    // tsyringe throws "TypeInfo not known" for a constructor that takes parameters: leave it that.
    return cls.length === 0 ? kept(() => new cls(), disposables) : undefined;
  }
  const builders: (() => unknown)[] = [];
  for (const token of tokens) {
    // Only plain classes: a string/symbol token, `delay()`, `@injectAll` or a transform needs the container.
    if (typeof token !== 'function') return undefined;
    const build = builderOf(token as AnyClass, classes, depth + 1, disposables);
    if (!build) return undefined;
    builders.push(build);
  }
  if (builders.length === 1) {
    const [only] = builders;
    return kept(() => new cls(only()), disposables);
  }
  return kept(() => new cls(...builders.map((build) => build())), disposables);
}

/** Tracks a disposable instance the way tsyringe does, so `container.dispose()` still reaches it. */
function kept(build: () => unknown, disposables: Set<unknown>): () => unknown {
  return () => {
    const instance = build() as { dispose?: unknown };
    const dispose = instance.dispose;
    if (typeof dispose === 'function' && dispose.length === 0) disposables.add(instance);
    return instance;
  };
}
