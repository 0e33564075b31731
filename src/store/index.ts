export { MIGRATIONS, type Migration } from './migrations.js';
export { openSink, SQLITE_FILE } from './open-sink.js';
export { openPostgresSink, PostgresSink, type PostgresSinkOptions } from './postgres-sink.js';
export { RELATIONS, type Relation, relationNamed } from './relations.js';
export type { Filter, RowQuery } from './row-query.js';
export type {
  AppliedMigration,
  Batch,
  BatchResult,
  Checkpoint,
  Dump,
  Json,
  QueueIntervalQuery,
  Sink,
  StreamRun,
} from './sink.js';
export { openSqliteSink, SqliteSink, type SqliteSinkOptions } from './sqlite-sink.js';
export {
  describeDatabaseUrl,
  MigrationError,
  SchemaTooNewError,
  StoreConnectError,
  StoreWriteError,
  UnknownRelationError,
} from './store-errors.js';
export { type Cell, TABLE_NAMES, type TableName } from './tables.js';
