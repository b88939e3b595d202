import type { Request, RequestClass } from '../requests';
import type { MessageMapper } from './message';
import { JsonMessageMapper } from './json-message-mapper';
import { MatryoshkaError } from '../core';

/** A mapper given to the registry is not a MessageMapper. */
export class MapperRegistrationError extends MatryoshkaError {}

/**
 * The message mapper of each request type: the one registered for it, else a
 * {@link JsonMessageMapper} of that type (made once, then reused).
 *
 * @example
 * ```ts
 * const mappers = new MessageMapperRegistry().register(PlaceOrder, new PlaceOrderMapper());
 * const bus = new ExternalBus({ transport, publications, mappers });
 * ```
 */
export class MessageMapperRegistry {
  private readonly mappers = new Map<RequestClass, MessageMapper>();

  /** Uses `mapper` for `requestType` (replacing an earlier registration). */
  register<R extends Request<any>>(requestType: RequestClass<R>, mapper: MessageMapper<R>): this {
    if (typeof requestType !== 'function') {
      throw new MapperRegistrationError(
        `MessageMapperRegistry.register: ${String(requestType)} is not a request class.`,
      );
    }
    if (!mapper || typeof mapper.toMessage !== 'function' || typeof mapper.toRequest !== 'function') {
      throw new MapperRegistrationError(
        `MessageMapperRegistry.register(${requestType.name}, …): the mapper needs toMessage and toRequest methods.`,
      );
    }
    this.mappers.set(requestType, mapper as unknown as MessageMapper);
    return this;
  }

  /** The mapper of `requestType`: the registered one, else the JSON default. */
  mapperFor<R extends Request<any>>(requestType: RequestClass<R>): MessageMapper<R> {
    let mapper = this.mappers.get(requestType);
    if (!mapper) {
      mapper = new JsonMessageMapper(requestType) as unknown as MessageMapper;
      this.mappers.set(requestType, mapper);
    }
    return mapper as unknown as MessageMapper<R>;
  }
}
