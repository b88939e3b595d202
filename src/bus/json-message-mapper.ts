import { Event, type Request, type RequestClass } from '../requests';
import { Message, type MessageMapper, type Publication } from './message';
import { MessageMappingError } from './errors';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
// Not a field of the request: the id travels in the header, the marker is type-level only.
const SKIPPED = new Set(['id', '__result']);

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/BigInt/i.test(text)) return 'a field holds a BigInt, which JSON cannot carry';
  if (/circular/i.test(text)) return 'its fields form a cycle, which JSON cannot carry';
  return text;
}

/**
 * The default mapper of every request type: the body is the request's own enumerable fields
 * (not its id, which travels in the header) as UTF-8 JSON; `toRequest` rebuilds an instance of
 * the registered class, without calling its constructor, with the fields and the message's id.
 * Fields must be JSON values: a Date arrives as its ISO string, a BigInt or a cycle is refused
 * with {@link MessageMappingError}. Register your own mapper for anything else.
 *
 * @example
 * ```ts
 * const mapper = new JsonMessageMapper(PlaceOrder);
 * const message = mapper.toMessage(new PlaceOrder('o-1'), { topic: 'orders.place', requestType: PlaceOrder });
 * const again = mapper.toRequest(message); // again instanceof PlaceOrder, again.id === message.header.id
 * ```
 */
export class JsonMessageMapper<R extends Request<any> = Request<any>> implements MessageMapper<R> {
  /** @param requestType the class `toRequest` rebuilds. */
  constructor(readonly requestType: RequestClass<R>) {}

  toMessage(request: R, publication: Publication): Message {
    const type = this.requestType.name;
    const fields: Record<string, unknown> = {};
    for (const key of Object.keys(request)) {
      if (!SKIPPED.has(key)) fields[key] = (request as unknown as Record<string, unknown>)[key];
    }
    let json: string;
    try {
      json = JSON.stringify(fields);
    } catch (error) {
      throw new MessageMappingError(type, 'toMessage', describe(error), { cause: error });
    }
    return new Message(
      {
        id: request.id,
        topic: publication.topic,
        type,
        kind: request instanceof Event ? 'event' : 'command',
        timestamp: new Date(),
        contentType: 'application/json',
        handledCount: 0,
        bag: {},
      },
      encoder.encode(json),
    );
  }

  toRequest(message: Message): R {
    const type = this.requestType.name;
    let fields: unknown;
    try {
      fields = JSON.parse(decoder.decode(message.body));
    } catch (error) {
      throw new MessageMappingError(type, 'toRequest', `the body is not JSON (${describe(error)})`, {
        cause: error,
      });
    }
    if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) {
      throw new MessageMappingError(type, 'toRequest', 'the body is not a JSON object of fields');
    }
    const request = Object.assign(Object.create(this.requestType.prototype as object) as R, fields);
    Object.defineProperty(request, 'id', {
      value: message.header.id,
      enumerable: true,
      writable: false,
      configurable: true,
    });
    return request;
  }
}
