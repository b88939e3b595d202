import { HttpRequest } from './http-request';
import { HttpRequestCommandHandler } from './http-request-command-handler';
import type { SubscriberRegistry } from '../processor';
import { EmitSocketEvent } from './emit-socket-event';
import { EmitSocketEventHandler } from './emit-socket-event-handler';

/**
 * Registers the handlers of the built-in failover commands (`HttpRequest`, and the socket's
 * `EmitSocketEvent`). Returns the registry for chaining.
 *
 * @example
 * ```ts
 * const subscribers = registerFailoverHandlers(new SubscriberRegistry()).register(GreetCommand, GreetHandler);
 * ```
 */
export function registerFailoverHandlers(subscribers: SubscriberRegistry): SubscriberRegistry {
  subscribers.register(HttpRequest, HttpRequestCommandHandler);
  subscribers.register(EmitSocketEvent, EmitSocketEventHandler);
  return subscribers;
}
