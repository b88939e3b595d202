import type { EnvironmentName } from './environment-config';

/** A circuit's state as stats report it. */
export type CircuitStatus = 'closed' | 'open' | 'half-open' | 'isolated';

/** Why the current environment changed. */
export type SwitchReason = 'manual' | 'failover' | 'health-check' | 'failback' | 'unreachable';

/** One change of the current environment. */
export interface EnvironmentSwitch {
  from: EnvironmentName;
  to: EnvironmentName;
  at: Date;
  reason: SwitchReason;
  /** For failovers: what the environments before `to` did. */
  detail?: string;
}

/** One environment's numbers. Secrets never appear (errors are scrubbed). */
export interface EnvironmentStats {
  /** Last health-check result; null before the first check. */
  healthy: boolean | null;
  lastHealthCheckAt: Date | null;
  circuit: CircuitStatus;
  /** Attempts sent (retries and failovers each count). */
  requests: number;
  /** Failed attempts: network errors, timeouts, 5xx/408/429. */
  failures: number;
  lastError: string | null;
  lastErrorAt: Date | null;
  /** Over the last 512 answered attempts. */
  latencyMs: { p50: number | null; p95: number | null };
}

/** `client.getStats()`: a snapshot, safe to log. */
export interface FailoverStats {
  currentEnvironment: EnvironmentName;
  preferredEnvironment: EnvironmentName;
  environments: Record<EnvironmentName, EnvironmentStats>;
  /** The last 100 switches, oldest first. */
  switches: EnvironmentSwitch[];
}
