// `ccpulse doctor` checks the storage every vendor shares (issue #15): DATABASE_URL reachable within a
// short deadline with a schema version this ccpulse knows, REDIS_URL answering PING; unset is a skip.
// Against a refused port and the real local services (a PostgreSQL schema and a Redis key prefix of
// this test's own); no password from either URL is ever printed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import pg from 'pg';
import { CcpulseError } from '../../src/core/index.js';
import { MIGRATIONS, openPostgresSink } from '../../src/store/index.js';
import { TABLES } from '../../src/store/tables.js';
import { REDIS_URL, TOKEN_KEY_HEX, withRedis } from '../scale/redis-support.js';
import { PG_URL, withDatabase } from '../store/test-sinks.js';
import { freePort } from '../support/run-cli.js';
import { storageJson } from './doctor-run.js';

const PASSWORD = 'hunter2-not-for-print';
const LATEST = Math.max(...MIGRATIONS.map((m) => m.version));

/** PG_URL with the tables looked up in `schema` first, as an operator would put ccpulse in a schema of its own. */
function inSchema(schema: string): string {
  const url = new URL(PG_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.href;
}

describe('ccpulse doctor: PostgreSQL and Redis', { concurrency: 3 }, () => {
  test('neither set: both skipped, saying what is used instead', async () => {
    const { storage, check } = await storageJson({});
    assert.equal(storage.ok, true);
    assert.equal(check('database').status, 'skip');
    assert.match(check('database').detail, /DATABASE_URL is not set: the data is kept in SQLite \(.*ccpulse\.db\)/);
    assert.equal(check('redis').status, 'skip');
    assert.match(check('redis').detail, /REDIS_URL is not set/);
  });

  test('refused ports: both fail within the deadline with the fix, and no password is printed', async () => {
    const [dbPort, redisPort] = [await freePort(), await freePort()];
    const startedAt = Date.now();
    const { run, storage, check } = await storageJson({
      DATABASE_URL: `postgres://ccpulse:${PASSWORD}@127.0.0.1:${dbPort}/ccpulse`,
      REDIS_URL: `redis://default:${PASSWORD}@127.0.0.1:${redisPort}`,
      CCPULSE_TOKEN_KEY: TOKEN_KEY_HEX,
    });
    assert.ok(Date.now() - startedAt < 15_000, 'a refused port is a quick failure');
    assert.equal(run.code, 1);
    assert.equal(storage.ok, false);
    const database = check('database');
    assert.equal(database.status, 'fail');
    assert.equal(
      database.detail,
      `cannot open postgres://ccpulse@127.0.0.1:${dbPort}/ccpulse (Error: connect ECONNREFUSED 127.0.0.1:${dbPort})`,
    );
    assert.match(database.fix ?? '', /host and port in DATABASE_URL/);
    const redis = check('redis');
    assert.equal(redis.status, 'fail');
    assert.match(
      redis.detail,
      new RegExp(`^redis://\\[redacted\\]@127\\.0\\.0\\.1:${redisPort} did not answer PING \\(.*ECONNREFUSED`),
    );
    assert.match(redis.fix ?? '', /host and port in REDIS_URL/);
    assert.ok(!run.output.includes(PASSWORD), 'a password was printed');
    // The text report too.
    const text = await storageJson({ DATABASE_URL: `postgres://u:${PASSWORD}@127.0.0.1:${dbPort}/db` });
    assert.ok(!text.run.output.includes(PASSWORD));
  });

  test('PostgreSQL: an empty schema, a current one, and one a newer ccpulse migrated', async (t) => {
    await withDatabase(t, 'postgres', async (db) => {
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      try {
        await admin.query(`CREATE SCHEMA ${db.location}`);
        const env = { DATABASE_URL: inSchema(db.location) };

        const empty = await storageJson(env);
        assert.equal(empty.check('database').status, 'pass', empty.run.output);
        assert.match(empty.check('database').detail, /answered in \d+ ms; no ccpulse tables yet/);
        assert.deepEqual(empty.check('database').data, { schemaVersion: 0 });

        await db.open(); // migrated to this ccpulse's version; withDatabase closes it
        const current = await storageJson(env);
        assert.equal(current.check('database').status, 'pass', current.run.output);
        assert.match(current.check('database').detail, new RegExp(`schema version ${LATEST}, this ccpulse's$`));

        await admin.query(
          `INSERT INTO ${db.location}.schema_migrations (version, name, applied_at_ms) VALUES ($1, 'from the future', 0)`,
          [LATEST + 1],
        );
        const newer = await storageJson(env);
        const check = newer.check('database');
        assert.equal(check.status, 'fail');
        assert.match(
          check.detail,
          new RegExp(
            `schema version ${LATEST + 1} \\(from the future\\), newer than this ccpulse knows \\(versions 1 to ${LATEST}\\)`,
          ),
        );
        assert.match(check.fix ?? '', /upgrade/);
        assert.equal(newer.run.code, 1);
      } finally {
        await admin.end();
      }
    });
  });

  test('PostgreSQL: a role that may not create or write ccpulse’s tables: the doctor lists the GRANTs, the store says so', async (t) => {
    await withDatabase(t, 'postgres', async (db) => {
      const role = `${db.location}_role`;
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      try {
        await admin.query(`CREATE ROLE ${role} LOGIN`);
        await admin.query(`CREATE SCHEMA ${db.location}`);
        const url = new URL(inSchema(db.location));
        url.username = role;
        url.password = PASSWORD;
        const env = { DATABASE_URL: url.href };
        const database = async () => (await storageJson(env)).check('database');

        // The search_path's only schema is not usable by the role: nothing could be created or found.
        // What the sync meets with this role: a one-line error pointing at the doctor, not an unexpected failure.
        const opening = async () => openPostgresSink({ url: url.href }).then((sink) => sink.close());
        const deniedLine =
          /^the database role of .* may not use ccpulse's tables there \((permission denied for (schema|table) |no schema has been selected to create in)/;
        await assert.rejects(opening, (e: unknown) => {
          assert.ok(e instanceof CcpulseError && e.code === 'STORE_NOT_WRITABLE', String(e));
          assert.match(e.message, deniedLine);
          assert.match(e.hint, /ccpulse doctor/);
          return true;
        });

        const unusable = await database();
        assert.equal(unusable.status, 'fail');
        assert.match(unusable.detail, /but its role may not create ccpulse’s tables or write them there$/);
        assert.equal(
          unusable.fix,
          `As the schema's owner or a superuser: GRANT USAGE, CREATE ON SCHEMA ${db.location} TO ${role}.`,
        );

        await admin.query(`GRANT USAGE ON SCHEMA ${db.location} TO ${role}`);
        assert.deepEqual((await database()).evidence, [`GRANT CREATE ON SCHEMA ${db.location} TO ${role}`]);

        // Tables made by another role (migrated by the owner): the role may neither read nor write them.
        await db.open();
        const denied = await database();
        assert.equal(denied.status, 'fail');
        assert.match(denied.detail, /but its role may not read ccpulse’s tables there$/);
        await assert.rejects(opening, (e: unknown) => e instanceof CcpulseError && deniedLine.test(e.message));
        assert.equal(denied.evidence?.[0], `GRANT SELECT, INSERT ON ${db.location}.schema_migrations TO ${role}`);
        const everyTable = Object.keys(TABLES)
          .sort()
          .map((name) => `${db.location}.${name}`);
        assert.equal(
          denied.evidence?.[1],
          `GRANT SELECT, INSERT, UPDATE, DELETE ON ${everyTable.join(', ')} TO ${role}`,
        );

        // Reading alone is not enough: one privilege of the four held passes has_table_privilege's list.
        await admin.query(`GRANT SELECT ON ALL TABLES IN SCHEMA ${db.location} TO ${role}`);
        const readOnly = await database();
        assert.match(readOnly.detail, /but its role may not write ccpulse’s tables there$/);
        assert.deepEqual(readOnly.evidence?.length, 2);
        // It opens (nothing to migrate, reading is allowed); its first write is refused the same way.
        const sink = await openPostgresSink({ url: url.href });
        try {
          await assert.rejects(
            sink.writeBatch({ checkpoint: { stream: 'doctor-test', value: 1 } }),
            (e: unknown) => e instanceof CcpulseError && deniedLine.test(e.message),
          );
        } finally {
          await sink.close();
        }

        await admin.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${db.location} TO ${role}`);
        const granted = await database();
        assert.equal(granted.status, 'pass', granted.detail);
        assert.match(granted.detail, new RegExp(`schema version ${LATEST}, this ccpulse's$`));
        // Writing without CREATE on the schema: the owner migrated, the role only writes.
        const writer = await openPostgresSink({ url: url.href });
        try {
          await writer.writeBatch({ checkpoint: { stream: 'doctor-test', value: 1 } });
        } finally {
          await writer.close();
        }
      } finally {
        await admin.query(`DROP SCHEMA IF EXISTS ${db.location} CASCADE`);
        await admin.query(`DROP OWNED BY ${role}`).catch(() => undefined);
        await admin.query(`DROP ROLE IF EXISTS ${role}`);
        await admin.end();
      }
    });
  });

  test('Redis: a user that may not write under the prefix fails with the ACL fix, its password unprinted', async (t) => {
    await withRedis(t, async (redis) => {
      const admin = redis.connect();
      const user = `ccpulse-doctor-${redis.prefix.split(':')[2]}`;
      await admin.call('ACL', 'SETUSER', user, 'on', `>${PASSWORD}`, '~elsewhere:*', '+@all');
      try {
        const url = new URL(REDIS_URL);
        url.username = user;
        url.password = PASSWORD;
        const { run, check } = await storageJson({
          REDIS_URL: url.href,
          CCPULSE_REDIS_PREFIX: redis.prefix,
          CCPULSE_TOKEN_KEY: TOKEN_KEY_HEX,
        });
        const result = check('redis');
        assert.equal(result.status, 'fail');
        assert.match(
          result.detail,
          new RegExp(`answered PING in \\d+ ms, but refused a write under the prefix '${redis.prefix}' \\(.*NOPERM`),
        );
        assert.match(result.fix ?? '', new RegExp(`keys matching ${redis.prefix}\\*`));
        assert.ok(!run.output.includes(PASSWORD), 'a password was printed');
        assert.deepEqual(await redis.keys(), []);
      } finally {
        await admin.call('ACL', 'DELUSER', user);
      }
    });
  });

  test('Redis: PING answered; without CCPULSE_TOKEN_KEY that is a failure with the fix; nothing written', async (t) => {
    await withRedis(t, async (redis) => {
      const env = { REDIS_URL, CCPULSE_REDIS_PREFIX: redis.prefix };
      const ok = await storageJson({ ...env, CCPULSE_TOKEN_KEY: TOKEN_KEY_HEX });
      assert.equal(ok.check('redis').status, 'pass', ok.run.output);
      assert.match(
        ok.check('redis').detail,
        new RegExp(`^redis://.* answered PING in \\d+ ms; wrote and removed a key under '${redis.prefix}'$`),
      );

      const noKey = await storageJson(env);
      assert.equal(noKey.check('redis').status, 'fail');
      assert.match(noKey.check('redis').detail, /but CCPULSE_TOKEN_KEY is not set/);
      assert.match(noKey.check('redis').fix ?? '', /openssl rand -hex 32/);
      assert.deepEqual(await redis.keys(), []);
    });
  });
});
