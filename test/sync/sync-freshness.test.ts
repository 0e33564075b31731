// Freshness: a cycle brings today's data up to a few minutes ago, not up to the end of the last whole
// window. Conversations land up to the last minute before the safety margin, Genesys intervals up to
// the last whole half hour, CXone's up to the last whole hour; a frequent cycle reads only the window
// in progress again, and what it stores equals the emulator's data.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Sink } from '../../src/store/index.js';
import { DETAILS_SAFETY_MARGIN_MS } from '../../src/vendors/genesys/index.js';
import {
  actualConversations,
  actualIntervals,
  expectedGenesysConversations,
  expectedQueueIntervals,
  moveTo,
  syncCycle,
  syncSuite,
  UNTIL,
} from './sync-fixture.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const floorTo = (t: number, step: number) => Math.floor(t / step) * step;

// The afternoon after the fixture's backfill (18:07 and 19:20 are its quiet moments): hours of traffic today.
const suite = syncSuite({ notBefore: UNTIL + 14 * HOUR + 10 * MIN });

const today = () => floorTo(suite.env.now, 24 * HOUR);

function assertFresh(label: string) {
  const dump = sinkDump;
  const conversationsUntil = floorTo(suite.env.now - DETAILS_SAFETY_MARGIN_MS, MIN);
  const expected = expectedGenesysConversations(
    suite.env.emulator.context.traffic,
    today(),
    conversationsUntil,
    suite.env.now,
  );
  assert.ok(expected.length > 100, `${expected.length} conversations today so far`);
  assert.deepEqual(
    actualConversations(dump, 'genesys'),
    expected,
    `${label}: today's conversations up to ${new Date(conversationsUntil).toISOString()}`,
  );

  const intervalsUntil = floorTo(suite.env.now - DETAILS_SAFETY_MARGIN_MS, 30 * MIN);
  assert.deepEqual(
    actualIntervals(dump, 'queue_intervals'),
    expectedQueueIntervals(suite.env, today(), intervalsUntil, suite.env.now),
    `${label}: Genesys half hours up to the last whole one`,
  );
  const cxoneHours = dump.queue_intervals.filter((r) => r.vendor === 'cxone').map((r) => Number(r.interval_start_ms));
  assert.equal(
    Math.max(...cxoneHours),
    floorTo(suite.env.now - DETAILS_SAFETY_MARGIN_MS, HOUR) - HOUR,
    `${label}: CXone hours up to the last whole one`,
  );
}

let sinkDump: Awaited<ReturnType<Sink['dump']>>;

describe('sync freshness', () => {
  test("a first cycle brings today's conversations up to minutes ago and the intervals up to the last whole one", async () => {
    await syncCycle(suite.env, suite.sink, { backfillFrom: today(), until: undefined });
    sinkDump = await suite.sink.dump();
    assertFresh('first cycle');
  });

  test('a frequent cycle (re-reading 2 h, not the whole lookback) reads only the recent windows again and catches up with the emulator', async () => {
    await moveTo(suite.env, suite.env.now + 40 * MIN);
    const planned = new Map<string, number>();
    await syncCycle(
      suite.env,
      suite.sink,
      { backfillFrom: today(), until: undefined, rereadMs: 2 * HOUR },
      { onProgress: (p) => planned.set(p.stream.replace(/:default:/, ':'), p.windowsTotal) },
    );
    sinkDump = await suite.sink.dump();
    assertFresh('40 minutes later');
    assert.deepEqual(Object.fromEntries(planned), {
      'genesys:directory': 1,
      'genesys:queue-intervals': 1,
      'genesys:agent-intervals': 1,
      'genesys:conversations': 2, // [12:00, 18:00) again, for conversations under way at 18:07
      'cxone:directory': 1,
      'cxone:skill-intervals': 3, // 16:00, 17:00 again and the 18:00 hour, now whole
      'cxone:agent-intervals': 3,
      'cxone:contacts': 1,
    });
  });
});
