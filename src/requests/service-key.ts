let nextIndex = 0;

/**
 * Names one service a processor hands to the pipelines it runs, and its type. Each step folder
 * (or a step of yours, or the bus) declares its own key; nothing below the processor needs to
 * know which services exist.
 *
 * @example
 * ```ts
 * export const AUDIT_LOG = new ServiceKey<AuditLog>('auditLog');
 * new CommandProcessor({ subscribers, services: new ServiceRegistry().set(AUDIT_LOG, auditLog) });
 * // in a step handler:
 * const audit = this.context.service(AUDIT_LOG); // AuditLog | undefined
 * ```
 */
export class ServiceKey<T> {
  /** The slot this key's value takes in every ServiceRegistry: a lookup is an array index. */
  readonly index: number;
  /** Type-level only: the type of the service. */
  declare readonly __service?: T;

  constructor(readonly name: string) {
    this.index = nextIndex++;
  }

  toString(): string {
    return `ServiceKey(${this.name})`;
  }
}

/**
 * The services a processor hands to its pipelines, one value per ServiceKey. Open: any key can be
 * set, so a step brings its own service without the processor or the context naming it.
 *
 * @example
 * ```ts
 * const services = new ServiceRegistry().set(AUDIT_LOG, auditLog);
 * services.get(AUDIT_LOG); // auditLog
 * ```
 */
export class ServiceRegistry {
  private readonly values: unknown[] = [];

  /** Sets (or, with `undefined`, clears) the service under `key`. */
  set<T>(key: ServiceKey<T>, value: T | undefined): this {
    this.values[key.index] = value;
    return this;
  }

  /** The service under `key`, or undefined. */
  get<T>(key: ServiceKey<T>): T | undefined {
    return this.values[key.index] as T | undefined;
  }

  /** True where a service is set under `key`. */
  has(key: ServiceKey<unknown>): boolean {
    return this.values[key.index] !== undefined;
  }

  /** A new registry holding this one's services and `more`'s, `more` winning where both have one. */
  with(more: ServiceRegistry): ServiceRegistry {
    const merged = new ServiceRegistry();
    const length = Math.max(this.values.length, more.values.length);
    for (let i = 0; i < length; i++) merged.values[i] = more.values[i] ?? this.values[i];
    return merged;
  }
}
