// A bounded run (--from/--until) stays inside its range on every stream, CXone's completed contacts
// included (issue #15 item 2: they were read up to the latest update whatever --until said).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openSqliteSink, type Sink } from '../../src/store/index.js';
import { FROM, type SyncEmulator, startSyncEmulator, syncCycle } from './sync-fixture.js';

const HOUR = 3_600_000;
let env: SyncEmulator;
let sink: Sink;
before(async () => {
  env = await startSyncEmulator({ seed: 12 });
  sink = await openSqliteSink({ path: ':memory:' });
});
after(async () => {
  await sink.close();
  await env.close();
});

test('CXone contacts stop at --until, and the next run goes on from there', async () => {
  const until = FROM + 12 * HOUR;
  await syncCycle(env, sink, { backfillFrom: FROM, until });
  const updates = async () =>
    (await sink.dump()).conversations.filter((r) => r.vendor === 'cxone').map((r) => Number(r.last_updated_ms));
  const first = await updates();
  assert.ok(first.length > 0, 'contacts were synced');
  assert.ok(
    first.every((t) => t < until),
    `a contact updated at or after --until was written: ${new Date(Math.max(...first)).toISOString()}`,
  );
  await syncCycle(env, sink, { backfillFrom: FROM, until: FROM + 24 * HOUR });
  const second = await updates();
  assert.ok(second.length > first.length, 'the next, longer run read on from where the first stopped');
  assert.ok(second.some((t) => t >= until));
});
