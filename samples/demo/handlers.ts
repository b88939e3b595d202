// The demo's commands and their handlers. Every handler subclasses an environment-aware base
// (HttpRequestHandler / SocketRequestHandler, through the two shop bases below, which add request
// logging to every subclass by inheritance) and decorates `handle` with its own steps.
import { ConstantBackoff, ExponentialBackoff, handleType, retry } from 'cockatiel';
import {
  AllEnvironmentsFailedError,
  Command,
  Fallback,
  FeatureSwitch,
  FeatureSwitchRegistry,
  HttpRequestHandler,
  RequestLogging,
  ResiliencePipelineRegistry,
  SocketAckTimeoutError,
  SocketRequestHandler,
  SubscriberRegistry,
  UseResiliencePipeline,
  type Request,
  type ResultOf,
} from '../../src';
import type { ChatAck, OrderReceipt, Price } from './environments';

// ---- commands ------------------------------------------------------------------------------------

/** A read: safe to repeat anywhere. */
export class GetPrice extends Command<Price> {
  constructor(readonly sku: string) {
    super();
  }
}

/** A write, made idempotent by sending the command id as the idempotency key. */
export class PlaceOrder extends Command<OrderReceipt> {
  constructor(
    readonly sku: string,
    readonly quantity: number,
  ) {
    super();
  }
}

/** A socket event with an acknowledgement; the server dedupes by id. `undefined` when the Chat feature is off. */
export class PostChat extends Command<ChatAck | undefined> {
  constructor(
    readonly room: string,
    readonly text: string,
  ) {
    super();
  }
}

// ---- base handlers: "global" steps by inheritance -------------------------------------------------

/** Every HTTP handler of the shop logs through the processor's logger (outermost doll, step 0). */
abstract class ShopHttpHandler<T extends Request<any>> extends HttpRequestHandler<T> {
  @RequestLogging({ step: 0 })
  override handle(request: T): Promise<ResultOf<T>> {
    return super.handle(request);
  }
}

/** The same for socket handlers. */
abstract class ShopSocketHandler<T extends Request<any>> extends SocketRequestHandler<T> {
  @RequestLogging({ step: 0 })
  override handle(request: T): Promise<ResultOf<T>> {
    return super.handle(request);
  }
}

// ---- handlers ----------------------------------------------------------------------------------

const lastPrices = new Map<string, Price>();

/** RequestLogging(0, inherited) → Fallback(1) → UseResiliencePipeline('http-retry', 2) → GET /prices/:sku. */
export class GetPriceHandler extends ShopHttpHandler<GetPrice> {
  @Fallback({ step: 1, backstop: true })
  @UseResiliencePipeline('http-retry', { step: 2 })
  override async handle(query: GetPrice): Promise<Price> {
    const response = await this.http.request({ endpoint: `/prices/${encodeURIComponent(query.sku)}` });
    if (!response.ok) throw new Error(`GET /prices answered ${response.status}`);
    const price = await response.json<Price>();
    lastPrices.set(query.sku, price);
    return price;
  }

  /** Every environment failed even after the retries: answer with the last price seen, marked stale. */
  override async fallback(query: GetPrice): Promise<Price> {
    const cached = lastPrices.get(query.sku);
    if (!cached) throw new Error(`no price for ${query.sku}, and no cached one`);
    return { ...cached, stale: true };
  }
}

/** RequestLogging(0, inherited) → UseResiliencePipeline('http-retry', 1) → POST /orders. No fallback: an order is never faked. */
export class PlaceOrderHandler extends ShopHttpHandler<PlaceOrder> {
  @UseResiliencePipeline('http-retry', { step: 1 })
  override async handle(command: PlaceOrder): Promise<OrderReceipt> {
    const response = await this.http.request({
      endpoint: '/orders',
      method: 'POST',
      headers: { 'idempotency-key': command.id },
      json: { sku: command.sku, quantity: command.quantity },
      // The server dedupes by idempotency key, so the POST may be retried and failed over even
      // after it may have reached a server that then died.
      idempotent: true,
    });
    if (response.status !== 201) throw new Error(`POST /orders answered ${response.status}`);
    return response.json<OrderReceipt>();
  }
}

/** RequestLogging(0, inherited) → FeatureSwitch('Chat', 1) → UseResiliencePipeline('socket-retry', 2) → emitWithAck. */
export class PostChatHandler extends ShopSocketHandler<PostChat> {
  @FeatureSwitch('Chat', { step: 1 })
  @UseResiliencePipeline('socket-retry', { step: 2 })
  override async handle(command: PostChat): Promise<ChatAck> {
    // The same id on every retry: an ack lost with a dying connection is retried, and the server
    // absorbs a message it already has.
    return this.socket.emitWithAck<ChatAck>(
      'chat',
      { id: command.id, text: command.text },
      { timeoutMs: 1_500, signal: this.context.signal },
    );
  }
}

// ---- registries --------------------------------------------------------------------------------

export function subscribers(): SubscriberRegistry {
  return new SubscriberRegistry()
    .register(GetPrice, GetPriceHandler)
    .register(PlaceOrder, PlaceOrderHandler)
    .register(PostChat, PostChatHandler);
}

export function resiliencePipelines(): ResiliencePipelineRegistry {
  return (
    new ResiliencePipelineRegistry()
      // The client already tries every environment; this covers the moment when all of them
      // failed at once (a switch in progress), by trying the whole round again shortly after.
      .add(
        'http-retry',
        retry(handleType(AllEnvironmentsFailedError), {
          maxAttempts: 4,
          backoff: new ExponentialBackoff({ initialDelay: 100, maxDelay: 800 }),
        }),
      )
      // An ack that went down with its connection: send again (same id) on whatever is current now.
      .add(
        'socket-retry',
        retry(handleType(SocketAckTimeoutError), { maxAttempts: 4, backoff: new ConstantBackoff(50) }),
      )
  );
}

/** Chat is on, except in the room muted by the moderators: those messages are never sent. */
export function featureSwitches(): FeatureSwitchRegistry {
  return new FeatureSwitchRegistry({ Chat: (request) => (request as PostChat).room !== 'muted' });
}
