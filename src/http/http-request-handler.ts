import type { FailoverClient } from '../failover/failover-client';
import { resolveFailoverClient } from '../failover/resolve-failover-client';
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
  // `declare`d: a field initialiser here would run for every doll (see RequestHandler).
  declare failoverInstance?: string;

  /** The client this handler works against, resolved per access (never a stale, replaced instance). */
  get failoverClient(): FailoverClient {
    return resolveFailoverClient(this);
  }

  /** `client.http`, bound to this request's `context.signal`. */
  get http(): FailoverHttp {
    return this.failoverClient.http.withSignal(this.context.signal);
  }
}
