import { FailoverClient } from './failover-client';
import type { FailoverClientOptions } from './failover-client-options';
import type { FailoverStats } from '../failover/failover-stats';
import { UnknownInstanceError } from './errors';

/**
 * Named FailoverClients, one per backend (the Flutter package's multi-instance support). Removing
 * or replacing an instance closes it: its timers, sockets and connections are released.
 *
 * @example
 * ```ts
 * const hub = new FailoverHub();
 * hub.createInstance('wallet', { environments: { production: { apiUrl: 'https://wallet.example.com', apiKey } } });
 * hub.createInstance('catalog', { environments: { production: { apiUrl: 'https://catalog.example.com' } } });
 * await hub.getInstance('wallet').http.request({ endpoint: '/balance' });
 * await hub.close();
 * ```
 */
export class FailoverHub {
  private readonly instances = new Map<string, FailoverClient>();
  private readonly closingInstances = new Set<Promise<void>>();
  private defaultName: string | undefined;

  /**
   * Creates (or replaces, closing the old one) the instance `name`. The first instance becomes the
   * default. Bad options throw EnvironmentConfigError and leave the hub unchanged.
   */
  createInstance(name: string, options: FailoverClientOptions): FailoverClient {
    if (typeof name !== 'string' || name === '')
      throw new TypeError('FailoverHub.createInstance: name must be a non-empty string');
    const client = new FailoverClient(options);
    const previous = this.instances.get(name);
    this.instances.set(name, client);
    if (previous) this.track(previous.close());
    this.defaultName ??= name;
    return client;
  }

  /** The instance `name`, or the default instance when `name` is omitted. Throws UnknownInstanceError. */
  getInstance(name?: string): FailoverClient {
    const key = name ?? this.defaultName;
    const client = key === undefined ? undefined : this.instances.get(key);
    if (client === undefined) throw new UnknownInstanceError(key ?? '(default)', this.availableInstances);
    return client;
  }

  hasInstance(name: string): boolean {
    return this.instances.has(name);
  }

  /** Removes and closes the instance. Resolves false when there was none. */
  async removeInstance(name: string): Promise<boolean> {
    const client = this.instances.get(name);
    if (client === undefined) return false;
    this.instances.delete(name);
    if (this.defaultName === name) this.defaultName = this.instances.keys().next().value;
    await this.track(client.close());
    return true;
  }

  /** Names of the live instances, in creation order. */
  get availableInstances(): string[] {
    return [...this.instances.keys()];
  }

  /** The name `getInstance()` without a name returns. */
  get defaultInstance(): string | undefined {
    return this.defaultName;
  }

  setDefaultInstance(name: string): void {
    if (!this.instances.has(name)) throw new UnknownInstanceError(name, this.availableInstances);
    this.defaultName = name;
  }

  /** `getStats()` of every instance, by name. */
  getAllInstancesStats(): Record<string, FailoverStats> {
    const out: Record<string, FailoverStats> = {};
    for (const [name, client] of this.instances) out[name] = client.getStats();
    return out;
  }

  /** Closes every instance (and waits for replaced ones still closing). */
  async close(): Promise<void> {
    const clients = [...this.instances.values()];
    this.instances.clear();
    this.defaultName = undefined;
    await Promise.all([...clients.map((c) => this.track(c.close())), ...this.closingInstances]);
  }

  private track(closing: Promise<void>): Promise<void> {
    this.closingInstances.add(closing);
    return closing.finally(() => this.closingInstances.delete(closing));
  }
}
