import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setCxoneLimits } from '../../src/emulator/index.js';
import { clientFor } from '../support/connect-client.js';
import { cxoneSuite, DAY_START } from '../support/cxone-suite.js';

const suite = cxoneSuite(12, 1200);

describe('CXone completed contacts beyond the per-query cap', () => {
  test('the emulator really cuts a query off at the cap and says how many matched', async () => {
    setCxoneLimits(suite.emulator.context, { completedContactsCap: 500 });
    try {
      const client = await clientFor(suite.cxone, { clock: suite.clock });
      const { data } = await client.request<{
        totalRecords: number;
        completedContacts: unknown[];
        _links: { next: string | null };
      }>({
        method: 'GET',
        path: 'contacts/completed',
        query: { updatedSince: new Date(DAY_START).toISOString(), top: 10_000 },
      });
      assert.equal(data.completedContacts.length, 500);
      assert.ok(data.totalRecords > 1500, `${data.totalRecords} matched`);
      assert.equal(data._links.next, null, 'no page past the cap');
    } finally {
      setCxoneLimits(suite.emulator.context, { completedContactsCap: 10_000 });
    }
  });

  test('with a 500-record cap the client narrows updatedSince until done: every contact exactly once, in update order', async () => {
    const whole = await suite.contactsSince(DAY_START);
    assert.ok(whole.length > 1500, `${whole.length} contacts in the window`);
    setCxoneLimits(suite.emulator.context, { completedContactsCap: 500 });
    try {
      const mark = suite.emulator.context.stats.apiRequests.length;
      const split = await suite.contactsSince(DAY_START, 200);
      const calls = suite.emulator.context.stats.apiRequests
        .slice(mark)
        .filter((r) => r.path.endsWith('/contacts/completed')).length;
      // One uncut query would need ceil(n / 200) pages; cut at 500 (pages of 200, 200, 100) it takes more.
      assert.ok(calls > Math.ceil(whole.length / 200), `${calls} requests for ${whole.length} contacts`);
      const ids = split.map((c) => c.id);
      // Each new query starts 1 ms before the last update seen, so it returns that contact again.
      assert.equal(new Set(ids).size, ids.length, 'no contact twice');
      assert.deepEqual([...ids].sort(), whole.map((c) => c.id).sort(), 'no contact lost');
      const updates = split.map((c) => c.lastUpdated ?? 0);
      assert.deepEqual(
        updates,
        [...updates].sort((a, b) => a - b),
      );
      assert.deepEqual(split, whole, 'the same records as one uncut query');
    } finally {
      setCxoneLimits(suite.emulator.context, { completedContactsCap: 10_000 });
    }
  });
});
