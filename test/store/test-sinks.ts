// Opens a fresh sink of each kind for one test: SQLite in a temp folder, PostgreSQL in a schema of
// its own (dropped afterwards) so parallel runs never share tables.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import pg from 'pg';
import { type Clock, createManualClock } from '../../src/core/index.js';
import { openPostgresSink, openSqliteSink, type Sink } from '../../src/store/index.js';
import { tempDir } from '../support/temp-dir.js';

export const PG_URL = process.env.CCPULSE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let reachable: Promise<boolean> | undefined;

/** One probe per process: is the test PostgreSQL there? */
export function postgresReachable(): Promise<boolean> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return reachable;
}

export type SinkKind = 'sqlite' | 'postgres';

interface TestDatabase {
  /** A new sink on the same database (as a second process would open it), on its own clock by default. */
  open(deps?: { clock?: Clock }): Promise<Sink>;
  /** SQLite file or PostgreSQL schema, for tests that inspect the database directly. */
  location: string;
}

export const clock = () => createManualClock(Date.UTC(2026, 10, 25));

/**
 * Runs `body` with a fresh database of `kind`; closes every sink it opened and removes the
 * database after. Returns false (and marks the test skipped, visibly) when PostgreSQL is absent.
 */
export async function withDatabase(
  t: TestContext,
  kind: SinkKind,
  body: (db: TestDatabase) => Promise<void>,
): Promise<boolean> {
  const opened: Sink[] = [];
  if (kind === 'sqlite') {
    const dir = tempDir('ccpulse-store-');
    const path = join(dir, 'data', 'ccpulse.db');
    try {
      await body({
        location: path,
        open: async (deps) => {
          const sink = await openSqliteSink({ path, clock: deps?.clock ?? clock() });
          opened.push(sink);
          return sink;
        },
      });
    } finally {
      for (const sink of opened) await sink.close();
    }
    return true;
  }
  if (!(await postgresReachable())) {
    t.skip(`skipped: no PostgreSQL at ${PG_URL} (set CCPULSE_TEST_DATABASE_URL)`);
    return false;
  }
  const schema = `ccpulse_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  try {
    await body({
      location: schema,
      open: async (deps) => {
        const sink = await openPostgresSink({ url: PG_URL, schema, clock: deps?.clock ?? clock() });
        opened.push(sink);
        return sink;
      },
    });
  } finally {
    for (const sink of opened) await sink.close();
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
  return true;
}

/** A fresh SQLite sink and a fresh PostgreSQL sink side by side (skipped when PostgreSQL is absent). */
export async function sinkPair(t: TestContext, body: (sqlite: Sink, postgres: Sink) => Promise<void>): Promise<void> {
  await withDatabase(t, 'sqlite', (lite) =>
    withDatabase(t, 'postgres', async (pgdb) => body(await lite.open(), await pgdb.open())).then(() => undefined),
  );
}
