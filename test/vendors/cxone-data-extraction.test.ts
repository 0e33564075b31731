import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { seedUser, setCxoneLimits } from '../../src/emulator/index.js';
import { ForbiddenError } from '../../src/http/index.js';
import type { Conversation } from '../../src/model/index.js';
import {
  completedContactPages,
  downloadExtraction,
  ExtractionJobBusyError,
  ExtractionJobFailedError,
  ExtractionUrlExpiredError,
  extractInteractions,
  INTERACTION_METADATA,
  startExtractionJob,
  waitForExtractionJob,
} from '../../src/vendors/cxone/index.js';
import { clientFor } from '../support/connect-client.js';
import { cxoneSuite, DAY_END, DAY_START } from '../support/cxone-suite.js';
import { driveClock, recordingClock } from '../support/drive-clock.js';

const suite = cxoneSuite(13, 1000);
// Each test starts past the tenant's 30 s spacing and any job of the test before.
beforeEach(async () => {
  await suite.clock.advance(15 * 60_000);
  setCxoneLimits(suite.emulator.context, { extractionJobMs: 20_000 });
});

const day = { ...INTERACTION_METADATA, from: DAY_START, to: DAY_END };
const statuses = (mark: number, suffix: string) =>
  suite.emulator.context.stats.apiRequests
    .slice(mark)
    .filter((r) => r.path.includes(suffix))
    .map((r) => r.status);

async function answeredContactsOfDay(): Promise<Conversation[]> {
  const out: Conversation[] = [];
  for await (const page of completedContactPages(
    await clientFor(suite.cxone, { clock: suite.clock }),
    'default',
    DAY_START - 7 * 86_400_000,
    { now: suite.clock.now() },
  ))
    out.push(...page.filter((c) => c.answered && c.start >= DAY_START && c.start < DAY_END));
  return out;
}

describe('CXone Data Extraction jobs through the emulator', () => {
  test('a whole job: start, poll, download, parse — the same contacts as the completed-contacts report', async () => {
    const contacts = await answeredContactsOfDay();
    const client = await clientFor(suite.cxone, { clock: suite.clock });
    const mark = suite.emulator.context.stats.apiRequests.length;
    const rows = await driveClock(
      suite.clock,
      extractInteractions(client, 'default', DAY_START, DAY_END, { clock: suite.clock }),
    );
    assert.ok(rows.length > 300, `${rows.length} interactions`);
    assert.deepEqual(rows.map((r) => r.contactId).sort(), contacts.map((c) => c.id).sort());
    const byId = new Map(contacts.map((c) => [c.id, c]));
    for (const r of rows) {
      const c = byId.get(r.contactId);
      assert.equal(r.start, c?.start);
      assert.equal(r.agentId, c?.agentIds[0]);
      assert.ok(r.agentName && r.teamName && r.skillName);
    }
    const calls = statuses(mark, '/data-extraction/v1/jobs');
    assert.equal(calls[0], 202, 'the start');
    assert.ok(calls.length >= 3 && calls.slice(1).every((s) => s === 200), 'polled while RUNNING, then SUCCEEDED');
  });

  test('two jobs through one client are spaced 30 s apart by the client: no 429', async () => {
    setCxoneLimits(suite.emulator.context, { extractionJobMs: 1 });
    const client = await clientFor(suite.cxone, { clock: suite.clock });
    const timed = recordingClock(suite.clock);
    const mark = suite.emulator.context.stats.apiRequests.length;
    await driveClock(suite.clock, extractInteractions(client, 'default', DAY_START, DAY_END, { clock: timed }));
    const firstDone = suite.clock.now();
    await driveClock(suite.clock, extractInteractions(client, 'default', DAY_START, DAY_END, { clock: timed }));
    assert.ok(!statuses(mark, '/data-extraction/').includes(429));
    const [first = 0, second = 0] = suite.emulator.context.stats.apiRequests
      .slice(mark)
      .filter((r) => r.method === 'POST' && r.path.endsWith('/data-extraction/v1/jobs'))
      .map((r) => r.at);
    assert.equal(second - first, 30_000);
    // The first job was done after one 1 s poll; the client slept the rest of the 30 s itself.
    assert.ok(timed.sleeps.includes(first + 30_000 - firstDone), String(timed.sleeps));
    assert.ok(first + 30_000 - firstDone > 0);
  });

  test('a start by another process less than 30 s after one: the 429 Retry-After is waited out', async () => {
    const other = await clientFor(suite.cxone, { clock: suite.clock });
    await startExtractionJob(other, day, { clock: suite.clock });
    const client = await clientFor(suite.cxone, { clock: suite.clock });
    const mark = suite.emulator.context.stats.apiRequests.length;
    const startedAt = suite.clock.now();
    const jobId = await driveClock(suite.clock, startExtractionJob(client, day, { clock: suite.clock }));
    assert.ok(jobId);
    assert.deepEqual(statuses(mark, '/data-extraction/v1/jobs'), [429, 202]);
    assert.ok(suite.clock.now() - startedAt >= 30_000);
  });

  test('one active job per tenant: a start while another process runs one is ExtractionJobBusyError', async () => {
    setCxoneLimits(suite.emulator.context, { extractionJobMs: 10 * 60_000 });
    const other = await clientFor(suite.cxone, { clock: suite.clock });
    await startExtractionJob(other, day, { clock: suite.clock });
    await suite.clock.advance(31_000);
    const client = await clientFor(suite.cxone, { clock: suite.clock });
    const error = await startExtractionJob(client, day, { clock: suite.clock }).catch((e: unknown) => e);
    assert.ok(error instanceof ExtractionJobBusyError, String(error));
    assert.match(error.message, /still running/);
    assert.match(error.hint, /one Data Extraction job per tenant/);
  });

  test('a download link used after 30 s is ExtractionUrlExpiredError; the whole flow asks once for a fresh one', async () => {
    const client = await clientFor(suite.cxone, { clock: suite.clock });
    const jobId = await startExtractionJob(client, day, { clock: suite.clock });
    const url = await driveClock(suite.clock, waitForExtractionJob(client, jobId, { clock: suite.clock }));
    assert.ok((await downloadExtraction(url)).startsWith('ACD Call ID,'));
    await suite.clock.advance(30_000);
    await assert.rejects(downloadExtraction(url), (e) => e instanceof ExtractionUrlExpiredError);
    // A tampered link is refused too, without the signature in the error.
    const tampered = url.replace(/signature=[0-9a-f]{4}/, 'signature=0000');
    await assert.rejects(
      downloadExtraction(tampered),
      (e) => e instanceof Error && /SignatureDoesNotMatch/.test(e.message) && !e.message.includes('signature='),
    );

    // A host that stalls 31 s before its first download: the first link expires, the second works.
    let downloads = 0;
    const stalling: typeof fetch = async (input, init) => {
      if (downloads++ === 0) await suite.clock.advance(31_000);
      return fetch(input, init);
    };
    await suite.clock.advance(31_000);
    const mark = suite.emulator.context.stats.apiRequests.length;
    const rows = await driveClock(
      suite.clock,
      extractInteractions(client, 'default', DAY_START, DAY_END, { clock: suite.clock, fetch: stalling }),
    );
    assert.equal(downloads, 2);
    assert.ok(rows.length > 300);
    const polls = statuses(mark, '/data-extraction/v1/jobs/');
    assert.ok(polls.length >= 3, 'polled, then asked once more for a fresh link');
  });

  test('FAILED and EXPIRED jobs end in ExtractionJobFailedError with their status', async () => {
    const client = await clientFor(suite.cxone, { clock: suite.clock });
    suite.emulator.context.faults.failNextJobs = 1;
    const failed = await driveClock(
      suite.clock,
      extractInteractions(client, 'default', DAY_START, DAY_END, { clock: suite.clock }),
    ).catch((e: unknown) => e);
    assert.ok(failed instanceof ExtractionJobFailedError && failed.status === 'FAILED', String(failed));
    assert.match(failed.message, /internal error/);

    const jobId = await driveClock(suite.clock, startExtractionJob(client, day, { clock: suite.clock }));
    await suite.clock.advance(25 * 3600_000);
    const expired = await waitForExtractionJob(client, jobId, { clock: suite.clock }).catch((e: unknown) => e);
    assert.ok(expired instanceof ExtractionJobFailedError && expired.status === 'EXPIRED', String(expired));
    assert.match(expired.hint, /24 hours/);
  });

  test('without the data extraction permission: ForbiddenError naming it', async () => {
    const error = await startExtractionJob(await suite.limitedClient(), day, {
      clock: suite.clock,
    }).catch((e: unknown) => e);
    assert.ok(error instanceof ForbiddenError, String(error));
    assert.match(error.message, /data-extraction:use/);
  });

  test("a supervisor's own job holds only the contacts of their skills", async () => {
    const alice = seedUser(suite.emulator.org, 'alice');
    const client = await suite.userClient('alice');
    const rows = await driveClock(
      suite.clock,
      extractInteractions(client, 'default', DAY_START, DAY_END, { clock: suite.clock }),
    );
    const mine = new Set(suite.emulator.org.queues.filter((q) => alice.queueIds.includes(q.id)).map((q) => q.name));
    assert.ok(rows.length > 100);
    assert.ok(rows.every((r) => r.skillName !== undefined && mine.has(r.skillName)));
    const all = await answeredContactsOfDay();
    const skillName = new Map(suite.emulator.org.queues.map((q) => [String(q.skillId), q.name]));
    assert.equal(rows.length, all.filter((c) => mine.has(skillName.get(c.queueIds[0] ?? '') ?? '')).length);
  });
});
