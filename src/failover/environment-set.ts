import type { Logger } from '../core';
import { ChangeListeners, type EnvironmentChangeListener } from './change-listeners';
import type { EnvironmentName } from './environment-config';
import { EnvironmentState } from './environment-state';
import { UnknownEnvironmentError } from './errors';
import type { EnvironmentSwitch, SwitchReason } from './failover-stats';
import type { FailoverSettings } from './failover-settings';
import type { ResolvedEnvironment } from './resolve-environment';

const MAX_SWITCHES = 100;

/**
 * The configured environments and which one is current: the order requests visit them in, the
 * preferred one fail-back returns to, the switch history and the listeners told of each switch.
 */
export class EnvironmentSet {
  readonly names: readonly EnvironmentName[];
  private readonly states = new Map<EnvironmentName, EnvironmentState>();
  private readonly history: EnvironmentSwitch[] = [];
  private readonly listeners: ChangeListeners;
  private currentName: EnvironmentName;
  private preferredName: EnvironmentName;
  private cachedOrder: readonly EnvironmentName[] | undefined;
  private closedFlag = false;

  constructor(
    environments: readonly ResolvedEnvironment[],
    private readonly settings: FailoverSettings,
    private readonly logger: Logger,
    scrub: (text: string) => string,
  ) {
    for (const env of environments) this.states.set(env.name, new EnvironmentState(env, settings));
    this.names = environments.map((e) => e.name);
    this.currentName = this.preferredName = settings.preferred;
    this.listeners = new ChangeListeners(logger, scrub);
  }

  get current(): EnvironmentName {
    return this.currentName;
  }

  /** Where fail-back returns: the initial environment, or the last one chosen with switchTo. */
  get preferred(): EnvironmentName {
    return this.preferredName;
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** The state of `name`; UnknownEnvironmentError for a name that was never configured. */
  state(name: EnvironmentName): EnvironmentState {
    const state = this.states.get(name);
    if (state === undefined) throw new UnknownEnvironmentError(name, this.names);
    return state;
  }

  all(): IterableIterator<EnvironmentState> {
    return this.states.values();
  }

  /**
   * Current first, then the fallback order, each environment once; environments the last health check
   * found down go last (still tried: a stale check must not make a request fail).
   */
  order(): readonly EnvironmentName[] {
    if (this.cachedOrder !== undefined) return this.cachedOrder;
    const current = this.currentName;
    const order = [current, ...this.settings.fallbackOrder.filter((n) => n !== current)];
    const up = order.filter((n) => this.states.get(n)!.healthy !== false);
    const down = order.filter((n) => this.states.get(n)!.healthy === false);
    return (this.cachedOrder = up.concat(down));
  }

  /** Health changed: the order must be recomputed. */
  healthChanged(): void {
    this.cachedOrder = undefined;
  }

  /** The first environment after the current one in `order()` that `usable` accepts. */
  nextAfterCurrent(usable: (state: EnvironmentState) => boolean): EnvironmentName | undefined {
    return this.order().find((name) => name !== this.currentName && usable(this.states.get(name)!));
  }

  /** Makes `to` the preferred environment (switchTo). */
  prefer(to: EnvironmentName): void {
    this.state(to);
    this.preferredName = to;
  }

  /** Makes `to` current, records it and tells listeners. False when it already was, or once closed. */
  switchCurrent(to: EnvironmentName, reason: SwitchReason, detail?: string): boolean {
    const from = this.currentName;
    if (to === from || this.closedFlag) return false;
    this.currentName = to;
    this.cachedOrder = undefined;
    this.history.push({ from, to, at: new Date(), reason, ...(detail ? { detail } : {}) });
    if (this.history.length > MAX_SWITCHES) this.history.shift();
    this.logger.info({ from, to, reason }, `failover: switched environment ${from} → ${to} (${reason})`);
    this.listeners.notify(to, from);
    return true;
  }

  onChange(listener: EnvironmentChangeListener): () => void {
    return this.listeners.add(listener);
  }

  /** The last 100 switches, oldest first (copies). */
  switches(): EnvironmentSwitch[] {
    return this.history.map((s) => ({ ...s }));
  }

  /** No more switches; listeners are dropped. */
  close(): void {
    this.closedFlag = true;
    this.listeners.clear();
  }
}
