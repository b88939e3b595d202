import { FailoverClient } from '../failover/failover-client';
import { FailoverHub } from '../failover/failover-hub';
import { FailoverClientNotRegisteredError } from '../failover/errors';
import { RequestHandler, type Request } from '../requests';
import type { FailoverSocket } from './failover-socket';

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
export abstract class SocketRequestHandler<TRequest extends Request<any>> extends RequestHandler<TRequest> {
  /** The FailoverHub instance to use; unset: the FailoverClient registered in the container. */
  failoverInstance?: string;

  /** The client this handler works against, resolved per access (never a stale, replaced instance). */
  get failoverClient(): FailoverClient {
    const instance = this.failoverInstance ?? (this.constructor as { failoverInstance?: string }).failoverInstance;
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
      throw new FailoverClientNotRegisteredError(
        `${this.name} needs a FailoverClient in the container: container.registerInstance(FailoverClient, client)`,
      );
    }
    return container.resolve(FailoverClient);
  }

  /** `client.socket` of that client. */
  get socket(): FailoverSocket {
    return this.failoverClient.socket;
  }
}
