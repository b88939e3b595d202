import type { MessageHeader } from './message';
import { MatryoshkaError } from '../core';

/**
 * The names a {@link MessageHeader}'s fields travel under (AMQP headers, the Postgres outbox's
 * `header` column). Stable: changing one breaks every consumer in flight. Chosen to map 1:1 onto
 * CloudEvents attributes (`id`, `type`, `time`, `datacontenttype`; `topic` is the event's
 * `subject`/`source`); the rest are CloudEvents extension attributes (lower-case, no separators).
 */
export const WIRE_HEADERS = {
  id: 'id',
  topic: 'topic',
  type: 'type',
  kind: 'kind',
  timestamp: 'time',
  contentType: 'datacontenttype',
  correlationId: 'correlationid',
  handledCount: 'handledcount',
  delayMs: 'delayms',
} as const satisfies Record<Exclude<keyof MessageHeader, 'bag'>, string>;

const RESERVED = new Set<string>(Object.values(WIRE_HEADERS));

/** A header's bag uses a name the header's own fields travel under. */
export class ReservedHeaderError extends MatryoshkaError {
  constructor(
    readonly header: string,
    readonly requestType: string,
  ) {
    super(
      `The header bag of ${requestType} uses '${header}', a name reserved for the message header ` +
        `(${[...RESERVED].join(', ')}): rename that bag entry.`,
    );
  }
}

/** Throws {@link ReservedHeaderError} where the bag uses a header field's wire name. */
export function assertBagNames(header: MessageHeader): void {
  for (const name of Object.keys(header.bag))
    if (RESERVED.has(name)) throw new ReservedHeaderError(name, header.type);
}

/** A header as flat string pairs under its wire names; bag entries travel under their own names. */
export function headerToWire(header: MessageHeader): Record<string, string> {
  const wire: Record<string, string> = {};
  for (const [name, value] of Object.entries(header.bag)) {
    if (RESERVED.has(name)) throw new ReservedHeaderError(name, header.type);
    wire[name] = value;
  }
  wire.id = header.id;
  wire.topic = header.topic;
  wire.type = header.type;
  wire.kind = header.kind;
  wire.time = header.timestamp.toISOString();
  wire.datacontenttype = header.contentType;
  wire.handledcount = String(header.handledCount);
  if (header.correlationId !== undefined) wire.correlationid = header.correlationId;
  if (header.delayMs !== undefined) wire.delayms = String(header.delayMs);
  return wire;
}

/** Rebuilds a header from its wire form; names that are not header fields form the bag. */
export function headerFromWire(wire: Record<string, unknown>): MessageHeader {
  const bag: Record<string, string> = {};
  for (const [name, value] of Object.entries(wire)) {
    if (!RESERVED.has(name) && value !== undefined && value !== null) bag[name] = String(value);
  }
  const text = (name: string) =>
    wire[name] === undefined || wire[name] === null ? undefined : String(wire[name]);
  const delay = text(WIRE_HEADERS.delayMs);
  return {
    id: text(WIRE_HEADERS.id) ?? '',
    topic: text(WIRE_HEADERS.topic) ?? '',
    type: text(WIRE_HEADERS.type) ?? '',
    kind: text(WIRE_HEADERS.kind) === 'event' ? 'event' : 'command',
    timestamp: new Date(text(WIRE_HEADERS.timestamp) ?? 0),
    contentType: text(WIRE_HEADERS.contentType) ?? 'application/json',
    correlationId: text(WIRE_HEADERS.correlationId),
    handledCount: Number(text(WIRE_HEADERS.handledCount) ?? 0) || 0,
    delayMs: delay === undefined ? undefined : Number(delay),
    bag,
  };
}
