// Faults during a sync — 5xx, 429, reset connections, slow answers, malformed JSON and tokens revoked
// mid-run, on every API of both vendors — make the sync slower, never different: the database ends
// equal to a fault-free run, no row lost, none duplicated. On SQLite and on PostgreSQL.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setFaults } from '../../src/emulator/faults.js';
import { type SinkKind, withDatabase } from '../store/test-sinks.js';
import { dataTables, startSyncEmulator, syncCycle } from './sync-fixture.js';

const FAULTS = {
  serverErrorRate: 0.05,
  rateLimitRate: 0.05,
  resetRate: 0.03,
  slowRate: 0.05,
  slowMs: 300,
  malformedRate: 0.03,
  revokeRate: 0.02,
};

for (const kind of ['sqlite', 'postgres'] as SinkKind[]) {
  describe(`faults during a sync into ${kind}`, () => {
    test('the faulted backfill ends equal to the fault-free one, row for row', async (t) => {
      const env = await startSyncEmulator();
      const stats = env.emulator.context.stats;
      try {
        await withDatabase(t, kind, async (cleanDb) => {
          await withDatabase(t, kind, async (faultedDb) => {
            const [clean, faulted] = [await cleanDb.open(), await faultedDb.open()];

            let since = stats.apiRequests.length;
            let started = env.clock.now();
            await syncCycle(env, clean);
            const cleanRun = { requests: stats.apiRequests.length - since, ms: env.clock.now() - started };

            setFaults(env.emulator.context, FAULTS);
            since = stats.apiRequests.length;
            const tokensBefore = stats.tokenRequests.length;
            started = env.clock.now();
            await syncCycle(env, faulted);
            setFaults(env.emulator.context, {}, true);
            const answers = stats.apiRequests.slice(since);
            const faultedRun = { requests: answers.length, ms: env.clock.now() - started };
            const count = (status: number) => answers.filter((r) => r.status === status).length;
            const injected = { '5xx': count(503), '429': count(429), reset: count(500), '401': count(401) };
            t.diagnostic(
              `fault-free: ${cleanRun.requests} requests in ${cleanRun.ms / 1000} s of sync time; ` +
                `faulted: ${faultedRun.requests} requests in ${faultedRun.ms / 1000} s; injected ${JSON.stringify(injected)}, ` +
                `${stats.tokenRequests.length - tokensBefore} new tokens`,
            );
            for (const [fault, n] of Object.entries(injected)) assert.ok(n > 0, `some ${fault} answers were injected`);
            assert.ok(faultedRun.requests > cleanRun.requests, 'the faults cost requests');
            assert.ok(faultedRun.ms > cleanRun.ms, 'and time');

            const [a, b] = [await clean.dump(), await faulted.dump()];
            assert.ok(a.conversations.length > 1500, 'both vendors, several days');
            assert.deepEqual(dataTables(b), dataTables(a), 'no row lost, none duplicated, none different');
            const watermarks = (d: typeof a) =>
              d.checkpoints.map((r) => [r.stream, JSON.parse(String(r.value)).watermark]);
            assert.deepEqual(watermarks(b), watermarks(a));
          });
        });
      } finally {
        await env.close();
      }
    });
  });
}
