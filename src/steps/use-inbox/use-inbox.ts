import { HandlerTiming, pipelineStep } from '../../pipeline';
import { InboxConfigurationError } from './errors';
import { UseInboxHandler, type OnceOnlyAction } from './use-inbox-handler';

/** Options of `@UseInbox`. */
export interface UseInboxOptions {
  /** Place in the chain: lower is outer. A finite integer. */
  step: number;
  /** Check the inbox before handling (default true); false only records. */
  onceOnly?: boolean;
  /** A request already handled: 'throw' OnceOnlyError (default) or 'warn' and skip the handler. */
  action?: OnceOnlyAction;
  /** Key the record is kept under; default the target handler's class name. */
  contextKey?: string;
}

/**
 * Handles each request id once per context key: the id is recorded in the processor's `inbox`
 * after the inner dolls succeeded; a failure is not recorded, so a retry runs. A second delivery
 * of a handled id throws OnceOnlyError (dead-lettered by the Dispatcher) or, with `action: 'warn'`,
 * is logged and skipped.
 *
 * @example
 * ```ts
 * class PlaceOrderHandler extends RequestHandler<PlaceOrder> {
 *   @UseInbox({ step: 0, action: 'warn' })
 *   override async handle(command: PlaceOrder) { await orders.place(command.orderId); }
 * }
 * new CommandProcessor({ subscribers, inbox: new PostgresInbox(pool) });
 * ```
 */
export function UseInbox(options: UseInboxOptions): MethodDecorator {
  const onceOnly = options?.onceOnly ?? true;
  const action = options?.action ?? 'throw';
  if (typeof onceOnly !== 'boolean') {
    throw new InboxConfigurationError(
      `UseInbox: onceOnly must be a boolean, got ${JSON.stringify(onceOnly)}.`,
    );
  }
  if (action !== 'throw' && action !== 'warn') {
    throw new InboxConfigurationError(
      `UseInbox: action must be 'throw' or 'warn', got ${JSON.stringify(action)}.`,
    );
  }
  const contextKey = options?.contextKey;
  if (contextKey !== undefined && (typeof contextKey !== 'string' || contextKey.length === 0)) {
    throw new InboxConfigurationError(
      `UseInbox: contextKey must be a non-empty string, got ${JSON.stringify(contextKey)}.`,
    );
  }
  return pipelineStep(UseInboxHandler, {
    step: options?.step,
    timing: HandlerTiming.Before,
    params: [onceOnly, action, contextKey],
  });
}
