import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type CxoneConfig, findOrg, parseConfig } from '../../src/config/index.js';
import { createManualClock } from '../../src/core/index.js';
import { type RunningEmulator, setCxoneLimits, startEmulator } from '../../src/emulator/index.js';
import type { Conversation } from '../../src/model/index.js';
import { completedContactPages } from '../../src/vendors/cxone/index.js';
import { clientFor } from '../support/connect-client.js';

const NOW = Date.UTC(2026, 10, 20, 15);
const SINCE = Date.UTC(2026, 10, 19);
const clock = createManualClock(NOW);
let emulator: RunningEmulator;
let cxone: CxoneConfig;

before(async () => {
  emulator = await startEmulator({ seed: 12, clock, conversationsPerDay: 1200 });
  cxone = findOrg(parseConfig(emulator.env()), 'cxone');
});
after(() => emulator.close());

async function contactsSince(since: number, top?: number): Promise<Conversation[]> {
  const out: Conversation[] = [];
  for await (const page of completedContactPages(await clientFor(cxone, { clock }), 'default', since, { top }))
    out.push(...page);
  return out;
}

describe('CXone completed contacts beyond the per-query cap', () => {
  test('the emulator really cuts a query off at the cap and says how many matched', async () => {
    setCxoneLimits(emulator.context, { completedContactsCap: 500 });
    try {
      const client = await clientFor(cxone, { clock });
      const { data } = await client.request<{
        totalRecords: number;
        completedContacts: unknown[];
        _links: { next: string | null };
      }>({
        method: 'GET',
        path: 'contacts/completed',
        query: { updatedSince: new Date(SINCE).toISOString(), top: 10_000 },
      });
      assert.equal(data.completedContacts.length, 500);
      assert.ok(data.totalRecords > 1500, `${data.totalRecords} matched`);
      assert.equal(data._links.next, null, 'no page past the cap');
    } finally {
      setCxoneLimits(emulator.context, { completedContactsCap: 10_000 });
    }
  });

  test('with a 500-record cap the client narrows updatedSince until done: every contact exactly once, in update order', async () => {
    const whole = await contactsSince(SINCE);
    assert.ok(whole.length > 1500, `${whole.length} contacts in the window`);
    setCxoneLimits(emulator.context, { completedContactsCap: 500 });
    try {
      const mark = emulator.context.stats.apiRequests.length;
      const split = await contactsSince(SINCE, 200);
      const calls = emulator.context.stats.apiRequests
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
      setCxoneLimits(emulator.context, { completedContactsCap: 10_000 });
    }
  });
});
