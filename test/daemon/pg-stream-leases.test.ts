// Stream leases in PostgreSQL: replicas starting together, exclusive claims, heartbeats, expiry
// takeover and release with the next due time.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, type TestContext, test } from 'node:test';
import pg from 'pg';
import { openPgStreamLeases } from '../../src/daemon/index.js';
import { openPostgresSink } from '../../src/store/index.js';
import { PG_URL, postgresReachable } from '../store/test-sinks.js';

const STREAMS = ['genesys:main:conversations', 'genesys:main:queue-intervals', 'cxone:main:contacts'];

/** A fresh schema for the test (dropped after), or undefined with a visible skip when PostgreSQL is absent. */
async function freshSchema(t: TestContext): Promise<string | undefined> {
  if (!(await postgresReachable())) {
    t.skip(`skipped: no PostgreSQL at ${PG_URL} (set CCPULSE_TEST_DATABASE_URL)`);
    return undefined;
  }
  const schema = `leases_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  t.after(async () => {
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  });
  return schema;
}

describe('PostgreSQL stream leases', () => {
  test('8 replicas starting at once all create the table, and each due stream goes to exactly one', async (t) => {
    const schema = await freshSchema(t);
    if (!schema) return;
    const replicas = await Promise.all(
      Array.from({ length: 8 }, (_, i) => openPgStreamLeases({ url: PG_URL, schema, holder: `r${i}` })),
    );
    t.after(() => Promise.all(replicas.map((r) => r.close())));
    await Promise.all(replicas.map((r) => r.register(STREAMS, 1000)));

    const claims = await Promise.all(replicas.map((r) => r.claim(STREAMS, 1000)));
    const claimed = claims.filter((c) => c !== undefined);
    assert.deepEqual([...claimed].sort(), [...STREAMS].sort(), 'every stream claimed once, none twice');
  });

  test('a stream is not due before its time, is renewed by its holder only, and comes back after release', async (t) => {
    const schema = await freshSchema(t);
    if (!schema) return;
    const a = await openPgStreamLeases({ url: PG_URL, schema, holder: 'a', leaseMs: 10_000 });
    const b = await openPgStreamLeases({ url: PG_URL, schema, holder: 'b', leaseMs: 10_000 });
    t.after(() => Promise.all([a.close(), b.close()]));
    await a.register(['s'], 5000);

    assert.equal(await a.claim(['s'], 4999), undefined, 'not due yet');
    assert.equal(await b.nextWake(['s'], 0), 5000);
    assert.equal(await a.claim(['s'], 5000), 's');
    assert.equal(await b.claim(['s'], 6000), undefined, 'leased to a');
    assert.equal(await b.renew('s', 6000), false, 'b does not hold it');
    assert.equal(await a.renew('s', 6000), true);
    assert.equal(await b.nextWake(['s'], 6000), 16_000, 'b wakes when the renewed lease would run out');

    await a.release('s', 20_000);
    assert.equal(await b.claim(['s'], 19_999), undefined);
    assert.equal(await b.claim(['s'], 20_000), 's');
  });

  test('a lease that is not renewed expires, another replica takes the stream over, the old holder learns it lost it', async (t) => {
    const schema = await freshSchema(t);
    if (!schema) return;
    const dead = await openPgStreamLeases({ url: PG_URL, schema, holder: 'dead', leaseMs: 1000 });
    const alive = await openPgStreamLeases({ url: PG_URL, schema, holder: 'alive', leaseMs: 1000 });
    t.after(() => Promise.all([dead.close(), alive.close()]));
    await dead.register(['s'], 0);
    assert.equal(await dead.claim(['s'], 0), 's');
    assert.equal(await alive.claim(['s'], 1000), undefined, 'still leased at its last millisecond');
    assert.equal(await alive.claim(['s'], 1001), 's', 'taken over after expiry');
    assert.equal(await dead.renew('s', 1002), false);
    await dead.release('s', 99_000); // a late release from the old holder changes nothing
    assert.equal(await alive.renew('s', 1002), true);
  });

  test('the leases and the synced rows can share one schema with the store’s migrations, started together', async (t) => {
    const schema = await freshSchema(t);
    if (!schema) return;
    const opened = await Promise.all([
      ...Array.from({ length: 3 }, () => openPostgresSink({ url: PG_URL, schema })),
      ...Array.from({ length: 3 }, () => openPgStreamLeases({ url: PG_URL, schema })),
    ]);
    t.after(() => Promise.all(opened.map((o) => o.close())));
    assert.equal(opened.length, 6);
  });

  test('an unreachable database is a LeaseStoreError naming DATABASE_URL', async () => {
    await assert.rejects(
      openPgStreamLeases({ url: 'postgres://postgres@127.0.0.1:1/none' }),
      (error: Error & { hint?: string }) =>
        /stream leases/.test(error.message) && /DATABASE_URL/.test(error.hint ?? ''),
    );
  });
});
