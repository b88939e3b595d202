import { RequestHandler, type Request } from '../requests';
import type { FailoverClient } from './failover-client';
import { resolveFailoverClient } from './resolve-failover-client';

/**
 * The base of handlers that work against a FailoverClient (`HttpRequestHandler`,
 * `SocketRequestHandler`): the client registered in the request's container — or, with
 * `failoverInstance` set (on the instance or as a static), that named instance of the registered
 * FailoverHub. No client registered: `FailoverClientNotRegisteredError`.
 *
 * @example
 * ```ts
 * class StatsHandler extends EnvironmentAwareHandler<GetStats> {
 *   static failoverInstance = 'wallet'; // hub.getInstance('wallet')
 *   override async handle() {
 *     return this.failoverClient.getStats();
 *   }
 * }
 * ```
 */
export abstract class EnvironmentAwareHandler<
  TRequest extends Request<any>,
> extends RequestHandler<TRequest> {
  /** The FailoverHub instance to use; unset: the FailoverClient registered in the container. */
  // `declare`d: a field initialiser here would run for every doll (see RequestHandler).
  declare failoverInstance?: string;

  /** The client this handler works against, resolved per access (never a stale, replaced instance). */
  get failoverClient(): FailoverClient {
    return resolveFailoverClient(this);
  }
}
