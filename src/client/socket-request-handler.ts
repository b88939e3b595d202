import { EnvironmentAwareHandler } from './environment-aware-handler';
import type { Request } from '../requests';
import type { FailoverSocket } from '../socket/failover-socket';

/**
 * A base handler whose `this.socket` is the environment-following socket of the FailoverClient
 * registered in the request's container — or, with `failoverInstance` set (on the instance or as
 * a static), of that named instance of the registered `FailoverHub`. Subclass it and decorate
 * `handle` as usual. No client registered: `FailoverClientNotRegisteredError`, as for HTTP handlers.
 *
 * @example
 * ```ts
 * container.registerInstance(FailoverClient, client);
 *
 * class PostChatHandler extends SocketRequestHandler<PostChat> {
 *   @RequestLogging({ step: 0 })
 *   @UseResiliencePipeline('retry', { step: 1 })
 *   override async handle(command: PostChat) {
 *     await this.socket.emitWithAck('chat', command.message, { timeoutMs: 2_000, signal: this.context.signal });
 *     return super.handle(command);
 *   }
 * }
 *
 * class EuChatHandler extends PostChatHandler { static failoverInstance = 'eu'; } // hub.getInstance('eu')
 * ```
 */
export abstract class SocketRequestHandler<
  TRequest extends Request<any>,
> extends EnvironmentAwareHandler<TRequest> {
  /** `client.socket` of that client. */
  get socket(): FailoverSocket {
    return this.failoverClient.socket;
  }
}
