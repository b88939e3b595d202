import { resolveFailoverClient } from './resolve-failover-client';
import { HttpRequestHandler } from './http-request-handler';
import type { HttpRequest } from './http-request';
import type { HttpResponse } from '../http/http-response';

/**
 * Handles the built-in `HttpRequest` command. Subclass it to decorate `handle` with steps and
 * register the subclass instead.
 *
 * @example
 * ```ts
 * class LoggedHttp extends HttpRequestCommandHandler {
 *   @RequestLogging({ step: 0 })
 *   override handle(command: HttpRequest) { return super.handle(command); }
 * }
 * subscribers.register(HttpRequest, LoggedHttp);
 * ```
 */
export class HttpRequestCommandHandler extends HttpRequestHandler<HttpRequest> {
  override async handle(command: HttpRequest): Promise<HttpResponse> {
    const client =
      command.instance === undefined ? this.failoverClient : resolveFailoverClient(this, command.instance);
    const response = await client.http.withSignal(this.context.signal).request(command.options);
    await super.handle(command); // After-timing steps run here, as in Brighter
    return response;
  }
}
