import type { SqlClient } from '../../db/sql-client';
import { RequestHandler, type Request, type RequestContext, type ResultOf } from '../../requests';
import { InboxConfigurationError, OnceOnlyError } from './errors';
import { INBOX } from './inbox-service';

/** What a second delivery of a handled request does: 'throw' OnceOnlyError, or 'warn' and skip. */
export type OnceOnlyAction = 'throw' | 'warn';

// The claim's transaction, for the handler: see inboxTransaction.
const INBOX_TRANSACTION = 'matryoshka.inbox.transaction';

/**
 * The database transaction of the inbox claim a handler runs under (PostgresInbox over a `pg`
 * Pool), or undefined. Writes made through it commit together with the inbox record, and roll
 * back with it when the handler fails or its process dies: effects exactly once.
 *
 * @example
 * ```ts
 * const tx = inboxTransaction(this.context) ?? pool;
 * await tx.query('INSERT INTO orders (order_id) VALUES ($1)', [command.orderId]);
 * ```
 */
export function inboxTransaction(context: RequestContext): SqlClient | undefined {
  return context.bag.get(INBOX_TRANSACTION) as SqlClient | undefined;
}

/** The UseInbox step: once-only handling by request id and context key (Brighter's UseInboxHandler). */
export class UseInboxHandler<T extends Request<any>> extends RequestHandler<T> {
  private onceOnly = true;
  private action: OnceOnlyAction = 'throw';
  private contextKey?: string;

  override initializeFromAttributeParams(
    onceOnly: boolean,
    action: OnceOnlyAction,
    contextKey?: string,
  ): void {
    this.onceOnly = onceOnly;
    this.action = action;
    this.contextKey = contextKey;
  }

  override async handle(request: T): Promise<ResultOf<T>> {
    const handlerName = this.context.handlerName ?? 'handler';
    const inbox = this.context.service(INBOX);
    if (!inbox) {
      throw new InboxConfigurationError(
        `${handlerName}: UseInbox needs an inbox on the CommandProcessor (new CommandProcessor({ subscribers, inbox: new InMemoryInbox() })).`,
      );
    }
    const contextKey = this.contextKey ?? handlerName;
    if (!this.onceOnly) {
      const result = await super.handle(request);
      await inbox.add(request, contextKey);
      return result;
    }
    const claim = await inbox.claim(request, contextKey);
    if (!claim) return this.duplicate(request, contextKey);
    let result: ResultOf<T>;
    try {
      if (claim.transaction) this.context.bag.set(INBOX_TRANSACTION, claim.transaction);
      result = await super.handle(request);
    } catch (error) {
      await claim
        .release()
        .catch((releaseError) =>
          this.context.logger.error(
            { requestId: request.id, contextKey, err: releaseError },
            'UseInbox: releasing the claim failed',
          ),
        );
      throw error;
    } finally {
      if (claim.transaction) this.context.bag.delete(INBOX_TRANSACTION);
    }
    await claim.commit();
    return result;
  }

  private duplicate(request: T, contextKey: string): ResultOf<T> {
    const requestType = request.constructor.name;
    if (this.action === 'throw') throw new OnceOnlyError(request.id, contextKey, requestType);
    this.context.logger.warn(
      { requestType, requestId: request.id, contextKey },
      'UseInbox: request already handled; skipped',
    );
    return undefined as ResultOf<T>;
  }
}
