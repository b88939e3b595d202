import { Command, Event } from '../../src/requests';
import { InMemoryTransport } from '../../src/bus/transports/in-memory';
import { randomUUID } from 'node:crypto';
import { Message, type MessageHeader } from '../../src/bus/message';

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

/** A first-delivery PlaceOrder message on `topic` (a new id unless `header` gives one). */
export function testMessage(topic: string, header: Partial<MessageHeader> = {}, body = '{}'): Message {
  return new Message(
    {
      id: randomUUID(),
      topic,
      type: 'PlaceOrder',
      kind: 'command',
      timestamp: new Date(),
      contentType: 'application/json',
      handledCount: 0,
      bag: {},
      ...header,
    },
    new TextEncoder().encode(body),
  );
}
