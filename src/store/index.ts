export { LATEST_VERSION, MIGRATIONS } from './migrations.js';
export { openSink, SQLITE_FILE } from './open-sink.js';
export { inspectPostgres, openPostgresSink, type PostgresInspection } from './postgres-sink.js';
export {
  type ConversationRows,
  conversationRows,
  mergeConversationRows,
  omitConversations,
} from './record-rows.js';
export { RELATIONS, relationNamed } from './relations.js';

export type {
  Batch,
  Checkpoint,
  Dump,
  Json,
  Sink,
} from './sink.js';
export { openSqliteSink } from './sqlite-sink.js';
export {
  describeDatabaseUrl,
  SchemaTooNewError,
  StoreConnectError,
  StoreWriteError,
  UnknownRelationError,
} from './store-errors.js';
export { type Cell, TABLE_NAMES } from './tables.js';
