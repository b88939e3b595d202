import { Command, type HandlerClass, type Request, type RequestClass, RequestHandler } from '../requests';
import { HandlerRegistrationError } from './errors';

/**
 * Which handler classes handle which request types. A command has exactly one handler; an
 * event has any number. Types are matched by class identity, not by name.
 *
 * @example
 * ```ts
 * const subscribers = new SubscriberRegistry()
 *   .register(GreetCommand, GreetHandler)
 *   .register(OrderPlaced, EmailHandler)
 *   .register(OrderPlaced, AuditHandler);
 * ```
 */
export class SubscriberRegistry {
  private readonly handlers = new Map<RequestClass, HandlerClass[]>();
  private _version = 0;

  /** Grows with every registration, so a processor knows when what it looked up is stale. */
  get version(): number {
    return this._version;
  }

  /** Adds `handler` for `requestType`. A second handler for a Command throws HandlerRegistrationError. */
  register<R extends Request<any>>(requestType: RequestClass<R>, handler: HandlerClass<R>): this {
    if (typeof requestType !== 'function') {
      throw new HandlerRegistrationError(
        `register(): the request type must be a class, got ${describe(requestType)}.`,
      );
    }
    if (typeof handler !== 'function' || !(handler.prototype instanceof RequestHandler)) {
      throw new HandlerRegistrationError(
        `register(${requestType.name}, …): the handler must be a class extending RequestHandler, got ${describe(handler)}.`,
      );
    }
    const existing = this.handlers.get(requestType);
    if (!existing) {
      this.handlers.set(requestType, [handler]);
      this._version++;
      return this;
    }
    if (existing.includes(handler)) {
      throw new HandlerRegistrationError(`${handler.name} is already registered for ${requestType.name}.`);
    }
    if (requestType.prototype instanceof Command) {
      throw new HandlerRegistrationError(
        `${requestType.name} is a command and already has a handler (${existing[0].name}); ${handler.name} cannot be added. ` +
          `A command has exactly one handler — use an Event for many.`,
      );
    }
    existing.push(handler);
    this._version++;
    return this;
  }

  /** The handlers of `requestType`, in registration order (empty when none). */
  handlersFor(requestType: RequestClass): readonly HandlerClass[] {
    return this.handlers.get(requestType) ?? NONE;
  }

  /** Every registered pair, for validation and tooling. */
  *entries(): IterableIterator<[RequestClass, readonly HandlerClass[]]> {
    yield* this.handlers.entries();
  }
}

const NONE: readonly HandlerClass[] = Object.freeze([]);

function describe(value: unknown): string {
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  return value === null ? 'null' : typeof value;
}
