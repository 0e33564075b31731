// A several-day backfill into SQLite and into PostgreSQL equals the emulator's own records row for
// row; a second cycle changes nothing; a late change in the emulator is in the database after the
// next cycle. History windows go through async jobs, recent ones through the details query.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Dump } from '../../src/store/index.js';
import { type SinkKind, withDatabase } from '../store/test-sinks.js';
import {
  actualConversations,
  actualIntervals,
  dataTables,
  expectedAgentIntervals,
  expectedCxoneContacts,
  expectedGenesysConversations,
  expectedQueueIntervals,
  FROM,
  moveTo,
  type SyncEmulator,
  startSyncEmulator,
  syncCycle,
  UNTIL,
} from './sync-fixture.js';

/** `contactsAsOf`: when CXone contacts were last read within the bounded range (updates after UNTIL are the next unbounded run's). */
function assertMatchesEmulator(env: SyncEmulator, dump: Dump, contactsAsOf = env.now) {
  const traffic = env.emulator.context.traffic;
  const conversations = expectedGenesysConversations(traffic, FROM, UNTIL, env.now);
  assert.ok(conversations.length > 700, `${conversations.length} conversations: several days of traffic`);
  assert.deepEqual(actualConversations(dump, 'genesys'), conversations, 'Genesys conversations');
  assert.deepEqual(actualIntervals(dump, 'queue_intervals'), expectedQueueIntervals(env, FROM, UNTIL, env.now));
  assert.deepEqual(actualIntervals(dump, 'agent_intervals'), expectedAgentIntervals(env, FROM, UNTIL, env.now));
  assert.deepEqual(
    actualConversations(dump, 'cxone').map((r) => ({ id: r.id, wrap_up_code: r.wrap_up_code })),
    expectedCxoneContacts(traffic, FROM, contactsAsOf, UNTIL),
    'CXone completed contacts',
  );
  const offered = dump.queue_intervals.filter((r) => r.vendor === 'cxone').reduce((n, r) => n + Number(r.offered), 0);
  assert.equal(offered, conversations.length, 'CXone skill intervals count every contact of the range once');
  const cxoneAgents = dump.agent_intervals.filter((r) => r.vendor === 'cxone');
  assert.deepEqual(
    hourly(cxoneAgents.map((r) => [Number(r.interval_start_ms), Number(r.handled)])),
    hourly(conversations.filter((c) => c.answered).map((c) => [Number(c.start_ms), 1])),
    'CXone agent intervals: every answered contact handled once, in its hour',
  );
  assert.equal(dump.queues.filter((r) => r.vendor === 'genesys').length, env.emulator.org.queues.length);
  assert.equal(
    dump.agents.filter((r) => r.vendor === 'genesys').length,
    env.emulator.org.users.length,
    'every Genesys user',
  );
}

const jobSubmissions = (env: SyncEmulator) =>
  env.emulator.context.stats.apiRequests.filter(
    (r) => r.method === 'POST' && r.path === '/api/v2/analytics/conversations/details/jobs',
  ).length;

for (const kind of ['sqlite', 'postgres'] as SinkKind[]) {
  describe(`sync into ${kind}`, () => {
    test('a 3-day backfill equals the emulator data row for row; a second cycle changes nothing', async (t) => {
      const env = await startSyncEmulator();
      try {
        await withDatabase(t, kind, async (db) => {
          const sink = await db.open();
          await syncCycle(env, sink);
          const dump = await sink.dump();
          assertMatchesEmulator(env, dump);
          const jobs = jobSubmissions(env);
          assert.ok(jobs >= 6, `${jobs} async jobs: the windows older than a day went through jobs`);

          await syncCycle(env, sink);
          const again = await sink.dump();
          assert.deepEqual(dataTables(again), dataTables(dump), 'idempotent: the second cycle changed no row');
          assert.deepEqual(watermarks(again), watermarks(dump));
        });
      } finally {
        await env.close();
      }
    });

    test('late changes in the emulator appear after the next cycle (lookback)', async (t) => {
      const env = await startSyncEmulator();
      try {
        await withDatabase(t, kind, async (db) => {
          const sink = await db.open();
          await syncCycle(env, sink);
          const firstRead = env.now;
          const late = env.emulator.context.traffic
            .conversationsStarting(FROM, UNTIL)
            .filter((c) => c.end <= env.now && c.wrapUpAt > env.now && c.wrapUpAt < env.now + 48 * 3600_000);
          assert.ok(late.length > 0, 'the traffic has conversations whose wrap-up arrives later');
          const stored = actualConversations(await sink.dump(), 'genesys');
          for (const c of late) assert.equal(stored.find((r) => r.id === c.id)?.wrap_up_code, null);

          await moveTo(env, Math.max(...late.map((c) => c.wrapUpAt)) + 1);
          await syncCycle(env, sink);
          const dump = await sink.dump();
          const updated = actualConversations(dump, 'genesys');
          for (const c of late) assert.equal(updated.find((r) => r.id === c.id)?.wrap_up_code, c.wrapUpCode, c.id);
          // A wrap-up that arrives after UNTIL is a CXone update after the bounded range: not this run's.
          assertMatchesEmulator(env, dump, firstRead);
        });
      } finally {
        await env.close();
      }
    });
  });
}

/** Sums per UTC hour, e.g. handled contacts by the hour they started. */
function hourly(entries: [number, number][]): [number, number][] {
  const sums = new Map<number, number>();
  for (const [at, n] of entries) {
    const hour = Math.floor(at / 3600_000) * 3600_000;
    sums.set(hour, (sums.get(hour) ?? 0) + n);
  }
  return [...sums.entries()].sort(([a], [b]) => a - b);
}

function watermarks(dump: Dump) {
  return dump.checkpoints.map((r) => ({ stream: r.stream, watermark: JSON.parse(String(r.value)).watermark }));
}
