import { AttemptTimer, raceAbort } from './attempt-timer';
import type { EnvironmentName } from './environment-config';
import type { EnvironmentState } from './environment-state';
import type { FailoverCore } from './failover-core';

/**
 * Probes `GET <apiUrl><path>` (healthy = 2xx) and acts on the result: moves off an unhealthy
 * current environment and fails back to the preferred one once it is healthy again. Its timer is
 * unref'd, so it never keeps a process alive, and `stop()` clears it.
 */
export class HealthMonitor {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<Record<EnvironmentName, boolean>> | undefined;
  private readonly stopController = new AbortController();

  constructor(private readonly core: FailoverCore) {}

  start(): void {
    const { intervalMs } = this.core.options.health;
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
    const { path, timeoutMs } = this.core.options.health;
    const timer = new AttemptTimer(timeoutMs, this.stopController.signal);
    let healthy = false;
    try {
      const headers: Record<string, string> = {};
      const auth = state.env.auth;
      if (auth.enabled) headers[auth.primaryHeader] = await auth.primaryValue();
      const probe = state.pool.request({
        path: state.env.basePath + path,
        method: 'GET',
        headers,
        signal: timer.signal,
      });
      const response = await raceAbort(probe, timer.signal); // also ends a wait for a connection
      await response.body.dump();
      healthy = response.statusCode >= 200 && response.statusCode < 300;
    } catch {
      healthy = false;
    } finally {
      timer.dispose();
    }
    this.record(state, healthy);
    return healthy;
  }

  private record(state: EnvironmentState, healthy: boolean): void {
    if (this.core.closed) return;
    const changed = state.healthy !== healthy;
    state.healthy = healthy;
    state.lastHealthCheckAt = new Date();
    // A probe proved it up: let traffic back now rather than after the breaker's half-open delay.
    if (healthy) state.resetBreaker();
    if (changed) {
      this.core.invalidateOrder();
      this.core.logger.info(
        { environment: state.name, healthy },
        `failover: environment ${state.name} is ${healthy ? 'healthy' : 'unhealthy'}`,
      );
    }
  }

  private async runRound(): Promise<Record<EnvironmentName, boolean>> {
    const states = [...this.core.states.values()];
    const results = await Promise.all(states.map((state) => this.check(state)));
    const out: Record<EnvironmentName, boolean> = {};
    states.forEach((state, i) => (out[state.name] = results[i]));
    this.apply(out);
    return out;
  }

  /** Health drives the current environment: fail back to the preferred one, or move off a down one. */
  private apply(health: Record<EnvironmentName, boolean>): void {
    const core = this.core;
    if (core.closed) return;
    const { failback } = core.options.health;
    if (failback && core.current !== core.preferred && health[core.preferred]) {
      core.switchCurrent(core.preferred, 'failback');
      return;
    }
    if (health[core.current] === false) {
      const next = core
        .order()
        .find((name) => name !== core.current && health[name] && !core.states.get(name)!.circuitOpen);
      if (next !== undefined) core.switchCurrent(next, 'health-check');
    }
  }
}
