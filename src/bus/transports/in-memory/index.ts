// The embedded transport: a broker's semantics in one process, no broker.
export { InMemoryTransport, type InMemoryTransportOptions } from './in-memory-transport';
export { InMemoryBroker, topicMatches } from './in-memory-broker';
