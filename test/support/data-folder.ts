// A CLI run's data folder read back after the process ended: the dump and checkpoints of the SQLite
// database it wrote, each read through a sink opened and closed for that one read.
import { join } from 'node:path';
import { openSqliteSink, type Sink, SQLITE_FILE } from '../../src/store/index.js';

async function readDatabase<T>(dir: string, read: (sink: Sink) => Promise<T>): Promise<T> {
  const sink = await openSqliteSink({ path: join(dir, SQLITE_FILE) });
  try {
    return await read(sink);
  } finally {
    await sink.close();
  }
}

/** Every row of the database in `dir`, as `Sink.dump` gives it. */
export const dumpOf = (dir: string) => readDatabase(dir, (sink) => sink.dump());

/** A stream's checkpoint in the database in `dir` (`{}` when it has none). */
export const checkpointOf = (dir: string, stream: string) =>
  readDatabase(
    dir,
    async (sink) => ((await sink.readCheckpoint(stream)) ?? {}) as { watermark?: number; inFlight?: unknown[] },
  );
