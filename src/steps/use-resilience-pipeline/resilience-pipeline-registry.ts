import { wrap, type IPolicy } from 'cockatiel';

/**
 * Named cockatiel policies shared by every handler that names them. A circuit breaker added once
 * is one breaker, whichever handler trips it.
 *
 * @example
 * ```ts
 * const pipelines = new ResiliencePipelineRegistry()
 *   .add('retry', retry(handleAll, { maxAttempts: 3, backoff: new ConstantBackoff(10) }))
 *   .add('breaker', circuitBreaker(handleAll, { halfOpenAfter: 10_000, breaker: new ConsecutiveBreaker(5) }));
 * ```
 */
export class ResiliencePipelineRegistry {
  private readonly policies = new Map<string, IPolicy>();
  private readonly wrapped = new Map<string, IPolicy>();
  // Steps pass the same names array on every send: a lookup by identity skips the join.
  private byList = new WeakMap<readonly string[], IPolicy>();

  /** Adds (or replaces) the policy called `name`. */
  add(name: string, policy: IPolicy): this {
    if (typeof name !== 'string' || name.length === 0)
      throw new TypeError('ResiliencePipelineRegistry.add: name must be a non-empty string.');
    if (!policy || typeof (policy as IPolicy).execute !== 'function') {
      throw new TypeError(
        `ResiliencePipelineRegistry.add("${name}"): expected a cockatiel policy (with execute()).`,
      );
    }
    this.policies.set(name, policy);
    this.wrapped.clear();
    this.byList = new WeakMap();
    return this;
  }

  /** True where a policy called `name` was added. */
  has(name: string): boolean {
    return this.policies.has(name);
  }

  /** The policy called `name`, if any. */
  get(name: string): IPolicy | undefined {
    return this.policies.get(name);
  }

  /** Every policy name, in the order added. */
  get names(): string[] {
    return [...this.policies.keys()];
  }

  /** The policies called `names` wrapped into one, the first outermost. Cached per list of names. */
  pipeline(names: readonly string[]): IPolicy {
    const known = this.byList.get(names);
    if (known) return known;
    const key = names.join('\u0000');
    let policy = this.wrapped.get(key);
    if (!policy) {
      const parts = names.map((n) => {
        const p = this.policies.get(n);
        if (!p) throw new RangeError(`No resilience pipeline named "${n}".`);
        return p;
      });
      policy = parts.length === 1 ? parts[0] : wrap(...parts);
      this.wrapped.set(key, policy);
    }
    this.byList.set(names, policy);
    return policy;
  }
}
