// What the producer and the workers of the bus-workers sample share: the command and its handler.
import { Command, RequestHandler, UseInbox } from '../../src';

/** A command another process handles. Entity ids get their own name: `id` is the request's. */
export class PlaceOrder extends Command {
  constructor(
    readonly orderId: string,
    readonly lines: number,
  ) {
    super();
  }
}

/** The topic and queue of the sample. */
export const ORDERS = { topic: 'orders.place', queue: 'bus-workers-orders' } as const;

/** Orders this process handled, for the report. */
export const handled: string[] = [];

export class PlaceOrderHandler extends RequestHandler<PlaceOrder> {
  // Once per request id: a redelivered order is logged and skipped, not placed twice.
  @UseInbox({ step: 0, action: 'warn' })
  override async handle(order: PlaceOrder) {
    await new Promise((resolve) => setTimeout(resolve, 5 + order.lines)); // the work
    handled.push(order.orderId);
  }
}
