// Picks the sink the configuration asks for: PostgreSQL when DATABASE_URL is set, else SQLite
// in the data folder. Either way the schema is migrated before the sink is returned.
import { join } from 'node:path';
import type { Config } from '../config/index.js';
import type { Clock, Logger } from '../core/index.js';
import { openPostgresSink } from './postgres-sink.js';
import type { Sink } from './sink.js';
import { openSqliteSink } from './sqlite-sink.js';

export const SQLITE_FILE = 'ccpulse.db';

export async function openSink(
  config: Pick<Config, 'dataDir' | 'databaseUrl'>,
  deps: { clock?: Clock; logger?: Logger } = {},
): Promise<Sink> {
  if (config.databaseUrl) {
    return openPostgresSink({ url: config.databaseUrl, ...deps });
  }
  return openSqliteSink({ path: join(config.dataDir, SQLITE_FILE), ...(deps.clock ? { clock: deps.clock } : {}) });
}
