import { EnvironmentAwareHandler } from './environment-aware-handler';
import type { Request } from '../requests';
import type { FailoverHttp } from '../http/failover-http';

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
 *     const res = await this.http.request({ endpoint: `/users/${query.userId}` });
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
export abstract class HttpRequestHandler<
  TRequest extends Request<any>,
> extends EnvironmentAwareHandler<TRequest> {
  // `declare`d like failoverInstance: set on first use of `http` only.
  /** `http` as last built, and the signal it was built for. */
  declare private httpView?: { readonly signal: AbortSignal | undefined; readonly http: FailoverHttp };

  /**
   * `client.http`, bound to this request's `context.signal`. Built once per handler instance (dolls
   * are per send) and again only when `context.signal` changes (a resilience policy inside the
   * pipeline may give the inner dolls a signal of its own).
   */
  get http(): FailoverHttp {
    const signal = this.context.signal;
    // Own only: a reused singleton's per-send view (Object.create of it) must not inherit the memo
    // of the send that used the singleton itself.
    const view = Object.hasOwn(this, 'httpView') ? this.httpView : undefined;
    if (view !== undefined && view.signal === signal) return view.http;
    const http = this.failoverClient.http.withSignal(signal);
    this.httpView = { signal, http };
    return http;
  }
}
