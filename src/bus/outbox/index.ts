// Outboxes: where posted messages wait until the broker confirmed them.
export { type Outbox, type OutboxEntry, type OutboxAddOptions, type OutboxSweepOptions } from './outbox';
export { InMemoryOutbox } from './in-memory-outbox';
export { PostgresOutbox, OutboxError } from './postgres-outbox';
