import { JsonMessageMapper, MessageMapperRegistry, MessageMappingError, Message } from '../../src/bus';
import { headerFromWire, headerToWire, ReservedHeaderError, WIRE_HEADERS } from '../../src/bus/wire';
import { PlaceOrder, OrderPlaced, bodyOf } from './support';

const publication = { topic: 'orders.place', requestType: PlaceOrder };

describe('JsonMessageMapper', () => {
  it('maps a request to a message with its id, type, kind and topic, and back to an instance of its class', () => {
    const mapper = new JsonMessageMapper(PlaceOrder);
    const order = new PlaceOrder('o-1', [{ sku: 'a', qty: 2 }]);
    const message = mapper.toMessage(order, publication);
    expect(message.header).toMatchObject({
      id: order.id,
      topic: 'orders.place',
      type: 'PlaceOrder',
      kind: 'command',
      contentType: 'application/json',
      handledCount: 0,
      bag: {},
    });
    expect(bodyOf(message)).toEqual({ orderId: 'o-1', lines: [{ sku: 'a', qty: 2 }] });
    const again = mapper.toRequest(message);
    expect(again).toBeInstanceOf(PlaceOrder);
    expect(again.id).toBe(order.id);
    expect(again.orderId).toBe('o-1');
    expect(Object.keys(again)).toContain('id');
    expect(new JsonMessageMapper(OrderPlaced).toMessage(new OrderPlaced('o'), publication).header.kind).toBe(
      'event',
    );
  });

  it('refuses a BigInt and a cycle with a MessageMappingError naming the type', () => {
    const mapper = new JsonMessageMapper(PlaceOrder);
    const big = Object.assign(new PlaceOrder('o'), { total: 10n });
    expect(() => mapper.toMessage(big, publication)).toThrow(MessageMappingError);
    expect(() => mapper.toMessage(big, publication)).toThrow(/PlaceOrder.*BigInt/);
    const cyclic = new PlaceOrder('o') as PlaceOrder & { self?: unknown };
    cyclic.self = cyclic;
    expect(() => mapper.toMessage(cyclic, publication)).toThrow(/PlaceOrder.*cycle/);
  });

  it('refuses a body that is not a JSON object', () => {
    const mapper = new JsonMessageMapper(PlaceOrder);
    const good = mapper.toMessage(new PlaceOrder('o'), publication);
    const bad = new Message(good.header, new TextEncoder().encode('[1'));
    expect(() => mapper.toRequest(bad)).toThrow(/Could not map PlaceOrder from a message/);
  });
});

describe('MessageMapperRegistry', () => {
  it('hands out the registered mapper, else one JSON mapper per type', () => {
    const custom = { toMessage: jest.fn(), toRequest: jest.fn() };
    const registry = new MessageMapperRegistry().register(OrderPlaced, custom);
    expect(registry.mapperFor(OrderPlaced)).toBe(custom);
    expect(registry.mapperFor(PlaceOrder)).toBeInstanceOf(JsonMessageMapper);
    expect(registry.mapperFor(PlaceOrder)).toBe(registry.mapperFor(PlaceOrder));
    expect(() => registry.register(PlaceOrder, {} as never)).toThrow(/toMessage and toRequest/);
  });
});

describe('wire headers', () => {
  it('round-trips a header under its stable CloudEvents-style names, the bag beside them', () => {
    const header = new JsonMessageMapper(PlaceOrder).toMessage(new PlaceOrder('o'), publication).header;
    header.correlationId = 'c-1';
    header.delayMs = 250;
    header.bag.traceparent = '00-abc-def-01';
    const wire = headerToWire(header);
    expect(Object.keys(wire).sort()).toEqual(
      [
        'id',
        'topic',
        'type',
        'kind',
        'time',
        'datacontenttype',
        'correlationid',
        'handledcount',
        'delayms',
        'traceparent',
      ].sort(),
    );
    expect(WIRE_HEADERS.timestamp).toBe('time');
    expect(headerFromWire(wire)).toEqual(header);
  });

  it('refuses a bag entry under a reserved name', () => {
    const header = new JsonMessageMapper(PlaceOrder).toMessage(new PlaceOrder('o'), publication).header;
    header.bag.time = 'now';
    expect(() => headerToWire(header)).toThrow(ReservedHeaderError);
  });
});
