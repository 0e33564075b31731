// The store as `report` and `export` open it: reading never creates a database, so a missing SQLite
// file means nothing was synced here (or CCPULSE_DATA_DIR/DATABASE_URL point elsewhere): say so.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/index.js';
import { ReportInputError } from '../report/index.js';
import { openSink, type Sink, SQLITE_FILE } from '../store/index.js';

export async function openStoreForReading(config: Config): Promise<Sink> {
  const file = join(config.dataDir, SQLITE_FILE);
  if (!config.databaseUrl && !existsSync(file))
    throw new ReportInputError(
      `no database at ${file}`,
      'Sync first (`ccpulse sync --once`), or point at the database: CCPULSE_DATA_DIR for SQLite, DATABASE_URL for PostgreSQL.',
    );
  return openSink(config);
}
