import { AttemptTimer } from './attempt-timer';
import type { EnvironmentName } from './environment-config';
import type { EnvironmentState } from './environment-state';
import type { FailoverCore } from './failover-core';

/**
 * Asks one environment whether it is up, within `signal`; the transport that owns the connections
 * provides it (HTTP: `GET <apiUrl><path>`, healthy = 2xx). Resolves false rather than throwing.
 */
export type HealthProbe = (state: EnvironmentState, signal: AbortSignal) => Promise<boolean>;

/**
 * Probes the environments and acts on the result: moves off an unhealthy current environment and
 * fails back to the preferred one once it is healthy again. Its timer is unref'd, so it never keeps
 * a process alive, and `stop()` clears it.
 */
export class HealthMonitor {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<Record<EnvironmentName, boolean>> | undefined;
  private readonly stopController = new AbortController();

  constructor(
    private readonly core: FailoverCore,
    private readonly probe: HealthProbe,
  ) {}

  start(): void {
    const { intervalMs } = this.core.settings.health;
    if (intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      this.checkAll().catch((error: unknown) =>
        this.core.logger.error({ error: this.core.scrub(String(error)) }, 'failover: health check failed'),
      );
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.stopController.abort();
  }

  /** Checks every environment (one round at a time; concurrent callers share it), then applies the result. */
  checkAll(): Promise<Record<EnvironmentName, boolean>> {
    this.inFlight ??= this.runRound().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** Probes one environment and records the result. Never throws. */
  async check(state: EnvironmentState): Promise<boolean> {
    const timer = new AttemptTimer(this.core.settings.health.timeoutMs, this.stopController.signal);
    let healthy = false;
    try {
      healthy = await this.probe(state, timer.signal);
    } catch {
      healthy = false;
    } finally {
      timer.dispose();
    }
    this.record(state, healthy);
    return healthy;
  }

  private record(state: EnvironmentState, healthy: boolean): void {
    const environments = this.core.environments;
    if (environments.closed) return;
    const changed = state.recordHealth(healthy, true);
    // A probe proved it up: let traffic back now rather than after the breaker's half-open delay.
    if (healthy) state.resetBreaker();
    if (changed) {
      environments.healthChanged();
      this.core.logger.info(
        { environment: state.name, healthy },
        `failover: environment ${state.name} is ${healthy ? 'healthy' : 'unhealthy'}`,
      );
    }
  }

  private async runRound(): Promise<Record<EnvironmentName, boolean>> {
    const states = [...this.core.environments.all()];
    const results = await Promise.all(states.map((state) => this.check(state)));
    const out: Record<EnvironmentName, boolean> = {};
    states.forEach((state, i) => (out[state.name] = results[i]));
    this.apply(out);
    return out;
  }

  /** Health drives the current environment: fail back to the preferred one, or move off a down one. */
  private apply(health: Record<EnvironmentName, boolean>): void {
    const environments = this.core.environments;
    if (environments.closed) return;
    const { current, preferred } = environments;
    if (this.core.settings.health.failback && current !== preferred && health[preferred]) {
      environments.switchCurrent(preferred, 'failback');
      return;
    }
    if (health[current] === false) {
      const next = environments.nextAfterCurrent((s) => health[s.name] && !s.circuitOpen);
      if (next !== undefined) environments.switchCurrent(next, 'health-check');
    }
  }
}
