import { FailoverClient } from '../failover/failover-client';
import { FailoverHub } from '../failover/failover-hub';
import { FailoverClientNotRegisteredError } from '../failover/errors';
import { RequestHandler, type Request } from '../requests';
import type { FailoverHttp } from './failover-http';

/**
 * A base handler whose `this.http` is the HTTP side of the FailoverClient registered in the
 * request's container — or, with `failoverInstance` set (on the instance or as a static), of that
 * named instance of the registered FailoverHub. Requests made through `this.http` carry the
 * pipeline's `context.signal`, so a resilience-policy timeout cancels in-flight I/O.
 *
 * @example
 * ```ts
 * container.registerInstance(FailoverClient, client);
 *
 * class GetUserHandler extends HttpRequestHandler<GetUser> {
 *   @RequestLogging({ step: 0 })
 *   @UseResiliencePipeline('timeout', { step: 1 })
 *   override async handle(query: GetUser) {
 *     const res = await this.http.request({ endpoint: `/users/${query.id}` });
 *     return res.json<User>();
 *   }
 * }
 *
 * class WalletBalanceHandler extends HttpRequestHandler<GetBalance> {
 *   static failoverInstance = 'wallet'; // hub.getInstance('wallet')
 *   // …
 * }
 * ```
 */
export abstract class HttpRequestHandler<TRequest extends Request<any>> extends RequestHandler<TRequest> {
  /** The FailoverHub instance to use; unset: the FailoverClient registered in the container. */
  failoverInstance?: string;

  /** The client this handler works against, resolved per access (never a stale, replaced instance). */
  get failoverClient(): FailoverClient {
    return this.resolveClient(this.failoverInstance ?? (this.constructor as { failoverInstance?: string }).failoverInstance);
  }

  /** `client.http`, bound to this request's `context.signal`. */
  get http(): FailoverHttp {
    return this.failoverClient.http.withSignal(this.context.signal);
  }

  /** The named FailoverHub instance, or the container's FailoverClient when `instance` is undefined. */
  protected resolveClient(instance: string | undefined): FailoverClient {
    const container = this.context.container;
    if (instance !== undefined) {
      if (!container.isRegistered(FailoverHub, true)) {
        throw new FailoverClientNotRegisteredError(
          `${this.name} uses failover instance '${instance}' but no FailoverHub is registered: container.registerInstance(FailoverHub, hub)`,
        );
      }
      return container.resolve(FailoverHub).getInstance(instance);
    }
    if (!container.isRegistered(FailoverClient, true)) {
      throw new FailoverClientNotRegisteredError(`${this.name} needs a FailoverClient in the container: container.registerInstance(FailoverClient, client)`);
    }
    return container.resolve(FailoverClient);
  }
}
