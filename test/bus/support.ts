import { Command, Event } from '../../src/requests';
import { InMemoryTransport } from '../../src/bus/transports/in-memory';
import type { Message } from '../../src/bus/message';

export class PlaceOrder extends Command {
  constructor(
    readonly orderId: string,
    readonly lines: Array<{ sku: string; qty: number }> = [],
  ) {
    super();
  }
}

export class OrderPlaced extends Event {
  constructor(readonly orderId: string) {
    super();
  }
}

export class Unpublished extends Command {}

export const publications = [
  { topic: 'orders.place', requestType: PlaceOrder },
  { topic: 'orders.placed', requestType: OrderPlaced },
];

/** Resolves once `check` holds, polling every `everyMs`. */
export async function until(check: () => boolean | Promise<boolean>, everyMs = 5): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, everyMs));
}

/** An in-memory transport with a queue bound to each publication's topic, named after it. */
export async function boundInMemory(): Promise<InMemoryTransport> {
  const transport = new InMemoryTransport();
  for (const { topic } of publications) await transport.declareQueue({ queue: topic, topic });
  return transport;
}

export function bodyOf(message: Message): unknown {
  return JSON.parse(new TextDecoder().decode(message.body));
}
