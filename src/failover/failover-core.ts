import { inspect } from 'node:util';
import type { Logger } from '../core';
import { AttemptFailure } from './attempt-failure';
import { runAttempts, type AttemptPlan } from './attempt-loop';
import type { EnvironmentName } from './environment-config';
import { EnvironmentSet } from './environment-set';
import type { FailoverStats } from './failover-stats';
import type { FailoverSettings } from './failover-settings';
import type { ResolvedEnvironment } from './resolve-environment';
import type { SecretScrubber } from './secret-scrubber';

/**
 * The transport-agnostic failover engine one client runs on: its environments, the attempt loop,
 * what an unreachable environment does to them, and stats. The transports (HTTP, socket) make the
 * attempts; the client composes them. Not exported from the package.
 */
export class FailoverCore {
  readonly environments: EnvironmentSet;

  constructor(
    environments: readonly ResolvedEnvironment[],
    readonly settings: FailoverSettings,
    readonly logger: Logger,
    private readonly scrubber: SecretScrubber,
  ) {
    this.environments = new EnvironmentSet(environments, settings, logger, this.scrub);
  }

  /** `text` with every secret the client knows replaced by [REDACTED]. */
  readonly scrub = (text: string): string => this.scrubber.scrub(text);

  /** Runs `plan` across the environments (see runAttempts). */
  run<T>(plan: AttemptPlan<T>): Promise<T> {
    return runAttempts(this.environments, plan, this.logger);
  }

  /**
   * A transport could not reach `environment`: mark it down, open its breaker, and if it was current
   * move to the next environment not known to be down. Resolves with the environment now current.
   */
  async markUnreachable(environment: EnvironmentName, error: Error): Promise<EnvironmentName> {
    const environments = this.environments;
    const state = environments.state(environment);
    const outcome = this.scrub(`unreachable: ${error?.message ?? String(error)}`);
    state.recordFailure(outcome);
    if (state.recordHealth(false, false)) environments.healthChanged();
    await state.tripBreaker(new AttemptFailure({ environment, outcome, retriable: true }));
    if (environment === environments.current) {
      const next = environments.nextAfterCurrent((s) => s.healthy !== false && !s.circuitOpen);
      if (next !== undefined) environments.switchCurrent(next, 'unreachable', outcome);
    }
    return environments.current;
  }

  /** A snapshot of health, circuits, counters, latency and switches. Contains no secrets. */
  stats(): FailoverStats {
    const environments: FailoverStats['environments'] = {};
    for (const state of this.environments.all()) environments[state.name] = state.stats();
    return {
      currentEnvironment: this.environments.current,
      preferredEnvironment: this.environments.preferred,
      environments,
      switches: this.environments.switches(),
    };
  }

  /** Printed or serialised: the environment names only (it holds every credential). */
  toJSON(): object {
    return { environments: this.environments.names, current: this.environments.current };
  }

  [inspect.custom](): string {
    return `FailoverCore ${inspect(this.toJSON())}`;
  }
}
