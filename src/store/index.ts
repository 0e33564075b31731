export { MIGRATIONS, type Migration } from './migrations.js';
export { openSink, SQLITE_FILE } from './open-sink.js';
export { openPostgresSink, PostgresSink, type PostgresSinkOptions } from './postgres-sink.js';
export type {
  AppliedMigration,
  Batch,
  BatchResult,
  Checkpoint,
  Dump,
  Json,
  QueueIntervalQuery,
  Sink,
} from './sink.js';
export { openSqliteSink, SqliteSink, type SqliteSinkOptions } from './sqlite-sink.js';
export { describeDatabaseUrl, MigrationError, StoreConnectError, StoreWriteError } from './store-errors.js';
export { TABLE_NAMES, type TableName } from './tables.js';
