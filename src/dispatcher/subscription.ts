import type { Request, RequestClass } from '../requests';
import { DispatcherConfigurationError } from './errors';

/**
 * One queue the Dispatcher consumes and the request type its messages become (Brighter's
 * `Subscription`). Processes with the same `queue` compete for its messages.
 */
export interface Subscription<R extends Request<any> = Request<any>> {
  /** Names the subscription in logs and errors. */
  name: string;
  /** The routing key the queue is bound to. */
  topic: string;
  requestType: RequestClass<R>;
  /** Default: the name. */
  queue?: string;
  /** Messages handled at once. Default 1. */
  concurrency?: number;
  /** Unacknowledged messages the broker hands out at once. Default 10. */
  prefetch?: number;
  /** Requeues after a handler error before the message is dead-lettered. Default 3. */
  requeueCount?: number;
  /** Delay before a requeued message is delivered again. Default 0. */
  requeueDelayMs?: number;
}

/** A subscription with every default filled in. */
export type ResolvedSubscription = Required<Subscription>;

/** Checks a subscription and fills in its defaults; a bad option is a DispatcherConfigurationError naming it. */
export function resolveSubscription(subscription: Subscription, index: number): ResolvedSubscription {
  const where = `subscriptions[${index}]${typeof subscription?.name === 'string' ? ` ("${subscription.name}")` : ''}`;
  const fail = (what: string, value: unknown): never => {
    throw new DispatcherConfigurationError(
      `Dispatcher ${where}: ${what}, got ${JSON.stringify(value) ?? String(value)}.`,
    );
  };
  if (!subscription || typeof subscription !== 'object') fail('must be an object', subscription);
  const { name, topic, requestType } = subscription;
  if (typeof name !== 'string' || !name) fail('name must be a non-empty string', name);
  if (typeof topic !== 'string' || !topic) fail('topic must be a non-empty string', topic);
  if (typeof requestType !== 'function') fail('requestType must be a request class', requestType);
  const queue = subscription.queue ?? name;
  if (typeof queue !== 'string' || !queue) fail('queue must be a non-empty string', queue);
  const count = (key: keyof Subscription, fallback: number, min: number) => {
    const value = subscription[key] ?? fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      fail(`${key} must be an integer ≥ ${min}`, value);
    }
    return value as number;
  };
  return {
    name,
    topic,
    requestType,
    queue,
    concurrency: count('concurrency', 1, 1),
    prefetch: count('prefetch', 10, 1),
    requeueCount: count('requeueCount', 3, 0),
    requeueDelayMs: count('requeueDelayMs', 0, 0),
  };
}
