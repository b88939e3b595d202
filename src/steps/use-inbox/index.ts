// UseInbox: once-only handling by request id (Brighter's inbox), in memory or in Postgres / PGlite.
export { UseInbox, type UseInboxOptions } from './use-inbox';
export { UseInboxHandler, inboxTransaction, type OnceOnlyAction } from './use-inbox-handler';
export { type Inbox, type InboxClaim } from './inbox';
export { InMemoryInbox } from './in-memory-inbox';
export { PostgresInbox, type PostgresInboxOptions } from './postgres-inbox';
export { OnceOnlyError, InboxConfigurationError } from './errors';
export { INBOX } from './inbox-service';
