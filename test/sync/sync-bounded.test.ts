// A bounded run (--from/--until) stays inside its range on every stream, CXone's completed contacts
// included (issue #15 item 2: they were read up to the latest update whatever --until said).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FROM, syncCycle, syncSuite } from './sync-fixture.js';

const HOUR = 3_600_000;
const suite = syncSuite({ seed: 12 });

test('CXone contacts stop at --until, and the next run goes on from there', async () => {
  const until = FROM + 12 * HOUR;
  await syncCycle(suite.env, suite.sink, { backfillFrom: FROM, until });
  const updates = async () =>
    (await suite.sink.dump()).conversations.filter((r) => r.vendor === 'cxone').map((r) => Number(r.last_updated_ms));
  const first = await updates();
  assert.ok(first.length > 0, 'contacts were synced');
  assert.ok(
    first.every((t) => t < until),
    `a contact updated at or after --until was written: ${new Date(Math.max(...first)).toISOString()}`,
  );
  await syncCycle(suite.env, suite.sink, { backfillFrom: FROM, until: FROM + 24 * HOUR });
  const second = await updates();
  assert.ok(second.length > first.length, 'the next, longer run read on from where the first stopped');
  assert.ok(second.some((t) => t >= until));
});
