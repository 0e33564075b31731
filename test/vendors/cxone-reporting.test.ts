import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type CxoneConfig, findOrg, parseConfig } from '../../src/config/index.js';
import { createManualClock, Secret } from '../../src/core/index.js';
import { type RunningEmulator, seedClient, startEmulator } from '../../src/emulator/index.js';
import { ForbiddenError } from '../../src/http/index.js';
import type { Conversation } from '../../src/model/index.js';
import { CxoneDiscoveryError, completedContactPages, skillSummaryIntervals } from '../../src/vendors/cxone/index.js';
import { clientFor } from '../support/connect-client.js';
import { runCli } from '../support/run-cli.js';

const NOW = Date.UTC(2026, 10, 20, 15);
const DAY_START = Date.UTC(2026, 10, 19);
const DAY_END = Date.UTC(2026, 10, 20);
const clock = createManualClock(NOW);
let emulator: RunningEmulator;
let cxone: CxoneConfig;

before(async () => {
  emulator = await startEmulator({ seed: 10, clock, conversationsPerDay: 1200 });
  cxone = findOrg(parseConfig(emulator.env()), 'cxone');
});
after(() => emulator.close());

async function contactsSince(since: number, top?: number): Promise<Conversation[]> {
  const out: Conversation[] = [];
  for await (const page of completedContactPages(await clientFor(cxone, { clock }), 'default', since, { top }))
    out.push(...page);
  return out;
}

describe('CXone reporting through the emulator', () => {
  test('skill summaries for a day agree with the completed contacts of that day', async () => {
    const client = await clientFor(cxone, { clock });
    const intervals = await skillSummaryIntervals(client, 'default', DAY_START, DAY_END);
    assert.equal(intervals.length, emulator.org.queues.length);
    const contacts = (await contactsSince(DAY_START - 7 * 86_400_000)).filter(
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
    const all = await contactsSince(DAY_START, 10_000);
    const paged = await contactsSince(DAY_START, 250);
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
    const before = new Set((await contactsSince(watermark)).map((c) => c.id));
    await clock.advance(6 * 3600_000);
    const later = await contactsSince(watermark);
    const lateOnes = later.filter((c) => c.start < watermark - 3600_000);
    assert.ok(lateOnes.length > 0, 'some older contacts changed after the watermark');
    assert.ok(later.length > before.size);
    await clock.set(NOW);
  });

  test('a client without the reporting permission gets ForbiddenError', async () => {
    const limited = seedClient(emulator.org, 'cxone', 'limited');
    const org: CxoneConfig = {
      ...cxone,
      clientId: limited.id,
      clientSecret: new Secret(limited.secret),
      daemonGrant: 'client-credentials',
    };
    const error = await skillSummaryIntervals(await clientFor(org, { clock }), 'default', DAY_START, DAY_END).catch(
      (e: unknown) => e,
    );
    assert.ok(error instanceof ForbiddenError, String(error));
  });

  test('an unknown tenant fails discovery with a hint naming CXONE_TENANT_ID', async () => {
    await assert.rejects(
      clientFor({ ...cxone, tenantId: 'no-such-tenant' }),
      (e) => e instanceof CxoneDiscoveryError && /CXONE_TENANT_ID/.test(e.hint),
    );
  });

  test('query cxone queue-intervals prints one row per skill', async () => {
    const run = runCli(
      ['query', 'cxone', 'queue-intervals', '--from', '2026-11-19', '--format', 'json'],
      emulator.env(),
    );
    const { code, stdout } = await run.done;
    assert.equal(code, 0, run.output());
    const rows = JSON.parse(stdout) as { skill: string; offered: number }[];
    assert.deepEqual(rows.map((r) => r.skill).sort(), emulator.org.queues.map((q) => String(q.skillId)).sort());
  });
});
