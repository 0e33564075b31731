// docs/schema.md cannot drift: it must equal what scripts/schema-doc.ts renders from a freshly
// migrated database, and both databases must have exactly the catalog's tables, views and columns
// (PostgreSQL with the documented types). The check is shown to fail when a view changes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { readSqliteSchema, renderSchemaDoc, SCHEMA_DOC } from '../../scripts/schema-doc.js';
import { openSqliteSink, RELATIONS } from '../../src/store/index.js';
import { PG_URL, withDatabase } from '../store/test-sinks.js';
import { tempDir } from '../support/temp-dir.js';

const STALE = 'docs/schema.md is out of date with the schema: run `npm run schema-doc` and commit the result';

test('docs/schema.md is what the migrations and the catalog give', async () => {
  assert.equal(readFileSync(SCHEMA_DOC, 'utf8'), await renderSchemaDoc(), STALE);
});

test('SQLite: every table and view has exactly the catalog columns, in order', async () => {
  const dir = tempDir('ccpulse-schema-test-');
  const path = join(dir, 'db.sqlite');
  await (await openSqliteSink({ path })).close();
  const actual = readSqliteSchema(path).filter((r) => r.name !== 'schema_migrations');
  assert.deepEqual(
    actual.map((r) => [r.name, r.kind, r.columns]).sort(),
    RELATIONS.map((r) => [r.name, r.kind, r.columns.map((c) => c.name)]).sort(),
  );
});

test('PostgreSQL: every table and view has the catalog columns with the documented types', async (t) => {
  await withDatabase(t, 'postgres', async (db) => {
    await db.open();
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT c.table_name, t.table_type, c.column_name, c.data_type FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
         WHERE c.table_schema = $1 AND c.table_name <> 'schema_migrations' ORDER BY c.table_name, c.ordinal_position`,
        [db.location],
      );
      const type = {
        text: 'text',
        int: 'bigint',
        real: 'double precision',
        bool: 'boolean',
        timestamp: 'timestamp with time zone',
      };
      const actual = new Map<string, string[]>();
      for (const r of rows)
        actual.set(r.table_name, [
          ...(actual.get(r.table_name) ?? []),
          `${r.column_name} ${r.data_type} ${r.table_type}`,
        ]);
      const expected = new Map(
        RELATIONS.map((r) => [
          r.name,
          r.columns.map((c) => `${c.name} ${type[c.kind]} ${r.kind === 'view' ? 'VIEW' : 'BASE TABLE'}`),
        ]),
      );
      assert.deepEqual([...actual].sort(), [...expected].sort());
    } finally {
      await client.end();
    }
  });
});

test('the check fails when a migration changes a view and the doc is not regenerated', async () => {
  const dir = tempDir('ccpulse-schema-test-');
  const path = join(dir, 'db.sqlite');
  await (await openSqliteSink({ path })).close();
  const current = readFileSync(SCHEMA_DOC, 'utf8');
  assert.equal(await renderSchemaDoc(path), current);
  const db = new Database(path);
  // As a migration 4 would: a new column on a view...
  db.exec('DROP VIEW v_agents');
  db.exec(
    "CREATE VIEW v_agents AS SELECT a.vendor AS vendor, a.org AS org, a.id AS agent_id, a.name AS agent_name, a.email AS email, strftime('%Y-%m-%dT%H:%M:%fZ', a.synced_at_ms / 1000.0, 'unixepoch') AS synced_at, a.id AS login FROM agents a",
  );
  let changed = await renderSchemaDoc(path);
  assert.notEqual(changed, current, 'an added column changes the doc');
  assert.match(changed, /\| `login` \| \? \| \? \| \*\*undocumented\*\* \|/);
  // ...or the same columns computed differently.
  db.exec('DROP VIEW v_agents');
  db.exec(
    "CREATE VIEW v_agents AS SELECT a.vendor AS vendor, a.org AS org, a.id AS agent_id, upper(a.name) AS agent_name, a.email AS email, strftime('%Y-%m-%dT%H:%M:%fZ', a.synced_at_ms / 1000.0, 'unixepoch') AS synced_at FROM agents a",
  );
  changed = await renderSchemaDoc(path);
  assert.notEqual(changed, current, 'a changed formula changes the doc');
  db.close();
});
