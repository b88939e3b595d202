// Pins the parts of tsyringe 4 that src/pipeline/tsyringe-internals.ts reads beyond its public
// interface. If an upgrade changes any of them, this fails first (and the shape checks send every
// handler back through `container.resolve`).
import { container as rootContainer, injectable, Lifecycle, type DependencyContainer } from 'tsyringe';
import {
  containerInternals,
  registryChanges,
  typeInfo,
  watchRegistry,
} from '../../src/pipeline/tsyringe-internals';

@injectable()
class Leaf {}
@injectable()
class Branch {
  constructor(readonly leaf: Leaf) {}
}

function watched(): DependencyContainer {
  const container = rootContainer.createChildContainer();
  const [own] = containerInternals(container)!;
  watchRegistry(own._registry);
  watchRegistry(own.interceptors.preResolution);
  watchRegistry(own.interceptors.postResolution);
  return container;
}

describe('tsyringe internals relied on', () => {
  it('typeInfo is the map @injectable() writes constructor tokens into', () => {
    expect(typeInfo?.get(Branch)).toEqual([Leaf]);
    expect(typeInfo?.get(Leaf)).toEqual([]);
  });

  it('sees a child container and its ancestors as tsyringe containers, and nothing else', () => {
    const child = rootContainer.createChildContainer().createChildContainer();
    expect(containerInternals(child)).toHaveLength(3);
    const imitation = {
      resolve: () => undefined,
      isRegistered: () => false,
    } as unknown as DependencyContainer;
    expect(containerInternals(imitation)).toBeUndefined();
  });

  it('a registration is a non-empty list in _registryMap; isRegistered leaves an empty one behind', () => {
    const container = rootContainer.createChildContainer();
    const [own] = containerInternals(container)!;
    expect(container.isRegistered(Leaf)).toBe(false);
    expect(own._registry._registryMap.get(Leaf)).toEqual([]);
    container.register(Leaf, Leaf);
    expect(own._registry._registryMap.get(Leaf)).toHaveLength(1);
  });

  const changes: [string, (c: DependencyContainer) => unknown][] = [
    ['register', (c) => c.register(Leaf, Leaf)],
    ['register with a lifecycle', (c) => c.register(Leaf, Leaf, { lifecycle: Lifecycle.ContainerScoped })],
    ['registerSingleton', (c) => c.registerSingleton(Leaf)],
    ['registerInstance', (c) => c.registerInstance(Leaf, new Leaf())],
    ['registerType', (c) => c.registerType(Leaf, Leaf)],
    ['reset', (c) => c.reset()],
    ['clearInstances', (c) => c.clearInstances()],
    ['beforeResolution', (c) => c.beforeResolution(Leaf, () => undefined)],
    ['afterResolution', (c) => c.afterResolution(Leaf, () => undefined)],
  ];
  it.each(changes)('%s on a watched container is counted, and still works', (_name, change) => {
    const container = watched();
    container.register(Branch, Branch);
    const before = registryChanges();
    change(container);
    expect(registryChanges()).toBeGreaterThan(before);
    expect(container.resolve(Leaf)).toBeInstanceOf(Leaf);
  });

  it('watching a registry twice wraps it once', () => {
    const container = watched();
    const [own] = containerInternals(container)!;
    watchRegistry(own._registry);
    const before = registryChanges();
    container.register(Leaf, Leaf);
    expect(registryChanges()).toBe(before + 1);
  });
});
