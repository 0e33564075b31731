// What both sinks do around their migrations: refuse a database a newer ccpulse has migrated before
// anything is written, and close a sink whose migrations failed so no connection or file is left open.
import { LATEST_VERSION, unknownVersions } from './migrations.js';
import type { AppliedMigration, Sink } from './sink.js';
import { SchemaTooNewError } from './store-errors.js';

/** Throws SchemaTooNewError when `applied` holds a version this ccpulse has no migration for. */
export function refuseNewerSchema(where: string, applied: readonly AppliedMigration[]): void {
  const newer = unknownVersions(applied);
  if (newer.length > 0) throw new SchemaTooNewError(where, newer, LATEST_VERSION);
}

/** The sink with its pending migrations applied; closed before the error goes up when they fail. */
export async function migrated<S extends Sink>(sink: S): Promise<S> {
  try {
    await sink.migrate();
  } catch (error) {
    await sink.close();
    throw error;
  }
  return sink;
}
