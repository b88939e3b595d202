import type { MessageProperties, Options } from 'amqplib';
import { Message } from '../../message';
import { headerFromWire, headerToWire } from '../../wire';

/**
 * A message as AMQP sees it: the body as content; the header under its wire names (docs/bus.md)
 * in the AMQP headers table, and mirrored into the standard properties (`message_id`, `type`,
 * `content_type`, `correlation_id`, `timestamp`) so broker tools and other clients see them.
 * Persistent (delivery mode 2): a durable queue keeps it across a broker restart.
 */
export function toAmqp(message: Message): { content: Buffer; options: Options.Publish } {
  const { header, body } = message;
  return {
    content: Buffer.from(body.buffer, body.byteOffset, body.byteLength),
    options: {
      persistent: true,
      messageId: header.id,
      type: header.type,
      contentType: header.contentType,
      correlationId: header.correlationId,
      timestamp: Math.floor(header.timestamp.getTime() / 1000),
      headers: headerToWire(header),
    },
  };
}

/** The message an AMQP delivery carries; a header the table lacks is taken from the properties. */
export function fromAmqp(amqp: {
  content: Buffer;
  properties: MessageProperties;
  fields: { routingKey: string };
}): Message {
  const properties = amqp.properties;
  const wire: Record<string, unknown> = { ...(properties.headers ?? {}) };
  wire.id ??= properties.messageId;
  wire.type ??= properties.type;
  wire.datacontenttype ??= properties.contentType;
  wire.correlationid ??= properties.correlationId;
  wire.topic ??= amqp.fields.routingKey;
  if (wire.time === undefined && typeof properties.timestamp === 'number') {
    wire.time = new Date(properties.timestamp * 1000).toISOString();
  }
  return new Message(headerFromWire(wire), new Uint8Array(amqp.content));
}
