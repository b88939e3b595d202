import { randomUUID } from 'node:crypto';
import {
  Command,
  RequestHandler,
  dispatchedMessage,
  type MapperLookup,
  type Request,
  type RequestContext,
} from '../../src';
import { Message, type MessageMapper } from '../../src/bus/message';
import type { Transport } from '../../src/bus/transport';
import { testMessage } from '../bus/support';

/** The command every dispatcher test posts. */
export class PlaceOrder extends Command {
  constructor(readonly orderId: string) {
    super();
  }
}

/** One run of the handler: which order, on which delivery, when. */
export interface Run {
  orderId: string;
  handledCount: number;
  at: number;
}

/** What the handler does per order (throw to fail); the runs it saw. Reset per test. */
export const script = {
  runs: [] as Run[],
  behaviour: (_command: PlaceOrder, _run: Run): void | Promise<void> => undefined,
  reset() {
    this.runs = [];
    this.behaviour = () => undefined;
  },
};

/** Records the run and plays the script: the body of every test handler. */
export async function playScript(context: RequestContext, command: PlaceOrder): Promise<void> {
  const run = {
    orderId: command.orderId,
    handledCount: dispatchedMessage(context)?.header.handledCount ?? -1,
    at: performance.now(),
  };
  script.runs.push(run);
  await script.behaviour(command, run);
}

export class PlaceOrderHandler extends RequestHandler<PlaceOrder> {
  override async handle(command: PlaceOrder) {
    await playScript(this.context, command);
  }
}

const decoder = new TextDecoder();

/** JSON both ways, rebuilding a PlaceOrder with the message's id. */
export const testMappers: MapperLookup = {
  mapperFor: () =>
    ({
      toMessage: (request: PlaceOrder, publication) => messageFor(request, publication.topic),
      toRequest: (message: Message) => {
        const fields = JSON.parse(decoder.decode(message.body)) as { orderId: string };
        const order = new PlaceOrder(fields.orderId);
        (order as { id: string }).id = message.header.id;
        return order;
      },
    }) as MessageMapper<Request<any>>,
};

/** A first-delivery message of `request` on `topic`, its body the request's fields as JSON. */
export function messageFor(request: PlaceOrder, topic: string, body?: string): Message {
  return testMessage(topic, { id: request.id }, body ?? JSON.stringify({ orderId: request.orderId }));
}

/** A topic and queue of this test only. */
export function uniqueNames(prefix: string): { topic: string; queue: string } {
  const suffix = randomUUID().slice(0, 8);
  return { topic: `${prefix}.${suffix}`, queue: `${prefix}-${suffix}` };
}

/** Resolves once `check` holds, polling; rejects after `timeoutMs` saying what was awaited. */
export async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Everything on `queue`, acknowledged (drained): waits for at least `expected` messages, then
 * until nothing came for `quietMs`. Used on `<queue>.dlq` to see the dead letters on either transport.
 */
export async function drain(
  transport: Transport,
  queue: string,
  expected = 0,
  quietMs = 300,
): Promise<Message[]> {
  const got: Message[] = [];
  let last = Date.now();
  const consumption = await transport.consume(queue, { prefetch: 100 }, async (delivery) => {
    got.push(delivery.message);
    last = Date.now();
    await delivery.ack();
  });
  await until(`${expected} messages on ${queue}`, () => got.length >= expected);
  while (Date.now() - last < quietMs) await sleep(quietMs / 3);
  await consumption.cancel();
  return got;
}
