import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ForbiddenError } from '../../src/http/index.js';
import { CxoneDiscoveryError, skillSummaryIntervals } from '../../src/vendors/cxone/index.js';
import { clientFor } from '../support/connect-client.js';
import { cxoneSuite, DAY_END, DAY_START, NOW } from '../support/cxone-suite.js';
import { runCli } from '../support/run-cli.js';

const suite = cxoneSuite(10, 1200);

describe('CXone reporting through the emulator', () => {
  test('skill summaries for a day agree with the completed contacts of that day', async () => {
    const client = await clientFor(suite.cxone, { clock: suite.clock });
    const intervals = await skillSummaryIntervals(client, 'default', DAY_START, DAY_END);
    assert.equal(intervals.length, suite.emulator.org.queues.length);
    const contacts = (await suite.contactsSince(DAY_START - 7 * 86_400_000)).filter(
      (c) => c.start >= DAY_START && c.start < DAY_END,
    );
    assert.equal(
      intervals.reduce((s, i) => s + i.offered, 0),
      contacts.length,
    );
    for (const i of intervals) {
      const mine = contacts.filter((c) => c.queueIds[0] === i.queueId);
      assert.equal(i.offered, mine.length);
      assert.equal(i.abandoned, mine.filter((c) => c.abandoned).length);
    }
  });

  test('completed contacts page through _links.next past `top`, each once, in update order', async () => {
    const all = await suite.contactsSince(DAY_START, 10_000);
    const paged = await suite.contactsSince(DAY_START, 250);
    assert.ok(all.length > 500);
    assert.deepEqual(
      paged.map((c) => c.id),
      all.map((c) => c.id),
    );
    const updates = paged.map((c) => c.lastUpdated ?? 0);
    assert.deepEqual(
      updates,
      [...updates].sort((a, b) => a - b),
    );
  });

  test('late changes show up after the watermark: a later wrap-up is a new update', async () => {
    const watermark = NOW - 3600_000;
    const before = new Set((await suite.contactsSince(watermark)).map((c) => c.id));
    await suite.clock.advance(6 * 3600_000);
    const later = await suite.contactsSince(watermark);
    const lateOnes = later.filter((c) => c.start < watermark - 3600_000);
    assert.ok(lateOnes.length > 0, 'some older contacts changed after the watermark');
    assert.ok(later.length > before.size);
    await suite.clock.set(NOW);
  });

  test('a client without the reporting permission gets ForbiddenError', async () => {
    const error = await skillSummaryIntervals(await suite.limitedClient(), 'default', DAY_START, DAY_END).catch(
      (e: unknown) => e,
    );
    assert.ok(error instanceof ForbiddenError, String(error));
  });

  test('an unknown tenant fails discovery with a hint naming CXONE_TENANT_ID', async () => {
    await assert.rejects(
      clientFor({ ...suite.cxone, tenantId: 'no-such-tenant' }),
      (e) => e instanceof CxoneDiscoveryError && /CXONE_TENANT_ID/.test(e.hint),
    );
  });

  test('query cxone queue-intervals prints one row per skill', async () => {
    const run = runCli(
      ['query', 'cxone', 'queue-intervals', '--from', '2026-11-19', '--format', 'json'],
      suite.emulator.env(),
    );
    const { code, stdout } = await run.done;
    assert.equal(code, 0, run.output());
    // Report's columns (issue #14): a CXone skill is a queue, by id and name.
    const rows = JSON.parse(stdout) as { queue_id: string; queue_name: string; offered: number }[];
    assert.ok(rows.every((r) => r.queue_name && typeof r.offered === 'number'));
    assert.deepEqual(
      rows.map((r) => r.queue_id).sort(),
      suite.emulator.org.queues.map((q) => String(q.skillId)).sort(),
    );
  });
});
