import type { Request, RequestClass } from '../requests';

/**
 * The header of a {@link Message}: what a broker routes on and what a consumer needs to rebuild
 * and handle the request. docs/bus.md lists the wire names of every field.
 */
export interface MessageHeader {
  /** The request's id: the inbox and the outbox key on it. */
  id: string;
  /** Routing key: the publication's topic. */
  topic: string;
  /** The request type's name (its class name). */
  type: string;
  kind: 'command' | 'event';
  timestamp: Date;
  /** 'application/json' by default. */
  contentType: string;
  correlationId?: string;
  /** Deliveries so far: 0 on first delivery, + 1 on each requeue. */
  handledCount: number;
  /** Set on a requeue with delay: how long the message waited before this delivery. */
  delayMs?: number;
  /** Further headers; `traceparent` travels here. */
  bag: Record<string, string>;
}

/**
 * A request on its way between processes: a header and the mapped body.
 *
 * @example
 * ```ts
 * const message = new Message(
 *   { id: randomUUID(), topic: 'orders.place', type: 'PlaceOrder', kind: 'command', timestamp: new Date(),
 *     contentType: 'application/json', handledCount: 0, bag: {} },
 *   new TextEncoder().encode('{"orderId":"o-1"}'),
 * );
 * ```
 */
export class Message {
  constructor(
    readonly header: MessageHeader,
    readonly body: Uint8Array,
  ) {}
}

/** Where a request type is posted to: its topic (the routing key). */
export interface Publication {
  topic: string;
  requestType: RequestClass;
}

/**
 * Turns a request into a message and back. `JsonMessageMapper` is the default for every type;
 * register your own with `MessageMapperRegistry.register(Type, mapper)`.
 */
export interface MessageMapper<R extends Request<any> = Request<any>> {
  toMessage(request: R, publication: Publication): Message | Promise<Message>;
  toRequest(message: Message): R | Promise<R>;
}
