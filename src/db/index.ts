// The database layer under the bus: the tiny query interface outboxes and inboxes run on.
export { type SqlClient } from './sql-client';
