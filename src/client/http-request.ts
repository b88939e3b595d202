import { Command } from '../requests';
import type { HttpRequestOptions } from '../http/http-options';
import type { HttpResponse } from '../http/http-response';

/**
 * The built-in command for a one-off HTTP call through the pipeline: its handler
 * (`HttpRequestCommandHandler`, registered by `registerFailoverHandlers`) sends `options` with
 * `client.http.request` and resolves to the `HttpResponse`.
 *
 * @example
 * ```ts
 * registerFailoverHandlers(subscribers);
 * const res = await processor.send(new HttpRequest({ endpoint: '/orders', method: 'POST', json: order }));
 * const onWallet = await processor.send(new HttpRequest({ endpoint: '/balance' }, 'wallet')); // a FailoverHub instance
 * ```
 */
export class HttpRequest extends Command<HttpResponse> {
  constructor(
    readonly options: HttpRequestOptions,
    /** A FailoverHub instance name; unset: the FailoverClient in the container. */
    readonly instance?: string,
  ) {
    super();
  }
}
