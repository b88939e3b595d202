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
export { WIRE_HEADERS, headerToWire, headerFromWire, ReservedHeaderError } from './wire';
export { JsonMessageMapper } from './json-message-mapper';
export { MessageMapperRegistry, MapperRegistrationError } from './message-mapper-registry';
export {
  InMemoryOutbox,
  PostgresOutbox,
  OutboxError,
  type Outbox,
  type OutboxEntry,
  type OutboxAddOptions,
  type OutboxSweepOptions,
} from './outbox';
export {
  ExternalBus,
  BusConfigurationError,
  type ExternalBusOptions,
  type DepositOptions,
} from './external-bus';
export { type SweeperOptions, SweeperConfigurationError } from './sweeper';
export {
  openTelemetryPostTracer,
  type PostTracer,
  type PostSpan,
  type OtelProducerTracer,
  type OtelProducerSpan,
} from './post-tracing';
export { type SqlClient } from '../db';
export {
  RabbitMQTransport,
  type RabbitMQTransportOptions,
  type RabbitMQReconnectOptions,
} from './transports/rabbitmq';
