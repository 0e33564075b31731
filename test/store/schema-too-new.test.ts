// A database a newer ccpulse has migrated (a schema_migrations version this one does not know) is
// refused before anything is written, with both versions named, on SQLite and PostgreSQL (issue #15
// item 0e).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { MIGRATIONS, SchemaTooNewError } from '../../src/store/index.js';
import { PG_URL, type SinkKind, withDatabase } from './test-sinks.js';

const latest = Math.max(...MIGRATIONS.map((m) => m.version));
const future = latest + 1;

async function recordFutureMigration(kind: SinkKind, location: string): Promise<void> {
  const insert = 'INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES ';
  if (kind === 'sqlite') {
    const db = new Database(location);
    db.prepare(`${insert}(?, ?, ?)`).run(future, 'a change from the future', Date.now());
    db.close();
    return;
  }
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(`${insert}($1, $2, $3)`.replace('schema_migrations', `${location}.schema_migrations`), [
    future,
    'a change from the future',
    Date.now(),
  ]);
  await client.end();
}

describe('a schema newer than this ccpulse', () => {
  for (const kind of ['sqlite', 'postgres'] as const) {
    test(`${kind}: refused with both versions named`, async (t) => {
      await withDatabase(t, kind, async (db) => {
        await db.open();
        await recordFutureMigration(kind, db.location);
        await assert.rejects(db.open(), (error: unknown) => {
          assert.ok(error instanceof SchemaTooNewError, String(error));
          assert.match(error.message, new RegExp(`schema version ${future} \\(a change from the future\\)`));
          assert.match(error.message, new RegExp(`versions 1 to ${latest}`));
          assert.match(error.hint, /upgrade/);
          return true;
        });
      });
    });
  }
});
