import type { RequestHandler } from '../requests';
import { FailoverClientNotRegisteredError } from './errors';
import { FailoverClient } from './failover-client';
import { FailoverHub } from './failover-hub';

/** A handler that may name a FailoverHub instance, on itself or as a static of its class. */
type InstanceAware = RequestHandler<any> & { failoverInstance?: string };

/**
 * The client an environment-aware handler works against: the named FailoverHub instance when the
 * handler (or its class) sets `failoverInstance`, else the FailoverClient registered in the
 * request's container. An explicit `instance` overrides both. Resolved per access, so a replaced instance is never used stale.
 */
export function resolveFailoverClient(
  handler: InstanceAware,
  instance: string | undefined = handler.failoverInstance ??
    (handler.constructor as { failoverInstance?: string }).failoverInstance,
): FailoverClient {
  const container = handler.context.container;
  if (instance !== undefined) {
    if (!container.isRegistered(FailoverHub, true)) {
      throw new FailoverClientNotRegisteredError(
        `${handler.name} uses failover instance '${instance}' but no FailoverHub is registered: container.registerInstance(FailoverHub, hub)`,
      );
    }
    return container.resolve(FailoverHub).getInstance(instance);
  }
  if (!container.isRegistered(FailoverClient, true)) {
    throw new FailoverClientNotRegisteredError(
      `${handler.name} needs a FailoverClient in the container: container.registerInstance(FailoverClient, client)`,
    );
  }
  return container.resolve(FailoverClient);
}
