// The external bus: messages and their mappers, outboxes, transports (in-memory, RabbitMQ) and
// ExternalBus, which posts requests through an outbox to a transport.
export { Message, type MessageHeader, type Publication, type MessageMapper } from './message';
export {
  type Transport,
  type QueueSpec,
  type Delivery,
  type DeliveryHandler,
  type Consumption,
  type DeadLetterReason,
  DEAD_LETTER_ERROR_HEADER,
  DEAD_LETTER_MESSAGE_HEADER,
} from './transport';
export { MissingPublicationError, MessageMappingError, ProducerError, TransportError } from './errors';
export { InMemoryTransport, InMemoryBroker, type InMemoryTransportOptions } from './transports/in-memory';
