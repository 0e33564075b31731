// Issue #17 item 7: with 20 % 429s, two conversations' wrap_up_code differed from a clean run read
// afterwards. Late data in the comparison, or an update the retries lost? Retries move time: a run
// slowed by 429s reads each window at another moment than a clean run does, and Genesys changes a
// conversation after it ends (wrap-up codes up to ~60 h later). The proof, on one clock shared by
// the emulator and the sync:
//  - while no record changes, the run under 20 % 429s stores exactly what a clean run stores;
//  - while records change, every row the faulted run stored is the vendor's record as of a moment
//    inside the run (never older than its start): rows differ from a clean run read at its end only
//    where the vendor changed the record after the faulted run had read it, and the next cycle's
//    lookback re-read makes the two equal row for row. A lost update would be a row older than the
//    run, or one the re-read did not repair.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseConfig } from '../../src/config/index.js';
import { syncOnce } from '../../src/connect/index.js';
import { createManualClock } from '../../src/core/index.js';
import { setFaults } from '../../src/emulator/faults.js';
import { startEmulator } from '../../src/emulator/index.js';
import { openSqliteSink, type Sink } from '../../src/store/index.js';
import type { SyncOptions } from '../../src/sync/index.js';
import { driveClock } from '../support/drive-clock.js';
import { tempDir } from '../support/temp-dir.js';
import {
  actualConversations,
  dataTables,
  expectedGenesysConversations,
  startSyncEmulator,
  syncCycle,
  UNTIL,
} from './sync-fixture.js';

const HOUR = 3600_000;
const RATE_LIMITED = { rateLimitRate: 0.2 };

const tempSink = (): Promise<Sink> => openSqliteSink({ path: join(tempDir('ccpulse-late-'), 'ccpulse.db') });

test('while nothing changes at the vendor, 20 % 429s store exactly what a clean run stores', async () => {
  const env = await startSyncEmulator({ seed: 23 });
  const [clean, faulted] = [await tempSink(), await tempSink()];
  try {
    await syncCycle(env, clean);
    setFaults(env.emulator.context, RATE_LIMITED);
    // A request that meets six 429s in a row (0.2^6 each, about one run in six) gives up and fails its
    // stream, as it would at the vendor; the daemon's next cycle resumes from the checkpoints. The
    // faulted run is therefore the cycles until one ends clean, each failure a rate-limit give-up only.
    for (let cycle = 1; ; cycle++) {
      const failed = (await syncCycle(env, faulted, {}, {}, { allowErrors: true })).filter((o) => o.error);
      if (failed.length === 0) break;
      for (const o of failed)
        assert.equal((o.error as { code?: string }).code, 'RATE_LIMITED', `${o.stream}: ${o.error?.message}`);
      assert.ok(cycle < 4, `four cycles in a row each had a request meet six 429s in a row`);
    }
    const injected = env.emulator.context.stats.apiRequests.filter((r) => r.status === 429).length;
    assert.ok(injected > 20, `429s were injected (${injected})`);
    assert.deepEqual(dataTables(await faulted.dump()), dataTables(await clean.dump()));
  } finally {
    await Promise.all([clean.close(), faulted.close()]);
    await env.close();
  }
});

test('while records change, the 429-slowed run stores each record as the vendor had it during the run, and the next re-read repairs the rest', async (t) => {
  // Busy enough that records change every few seconds (no quiet moment to hide in).
  const clock = createManualClock(0);
  const emulator = await startEmulator({ seed: 29, clock, conversationsPerDay: 20_000 });
  const env = { emulator, clock, now: UNTIL + 2 * HOUR };
  const traffic = emulator.context.traffic;
  // A moment 30 s before a late wrap-up of a conversation near the end of the run's first window of
  // conversations: the faulted run reads that window before the change and ends after it.
  // Six-hour aligned, as the conversation windows are: the first window is [from, from + 6 h).
  const base = Math.floor((env.now + 2 * HOUR) / (6 * HOUR)) * 6 * HOUR;
  const from = base - 24 * HOUR;
  const first = traffic
    .conversationsStarting(from + 5 * HOUR, from + 6 * HOUR)
    .filter((c) => c.wrapUpAt > base && c.wrapUpAt < base + HOUR)
    .sort((a, b) => a.wrapUpAt - b.wrapUpAt)[0];
  assert.ok(first, 'a conversation of the first window gets its wrap-up code within the hour');
  const t0 = first.wrapUpAt - 30_000;
  await env.clock.set(t0);
  const until = Math.floor((t0 - 5 * 60_000) / 60_000) * 60_000;
  const options: SyncOptions = { backfillFrom: from, until, asyncJobAgeMs: Number.POSITIVE_INFINITY };
  const config = parseConfig(
    Object.fromEntries(Object.entries(env.emulator.env()).filter(([k]) => !k.startsWith('CXONE_'))),
  );
  const run = async (sink: Sink) => {
    const outcomes = await driveClock(env.clock, syncOnce({ config, sink, clock: env.clock }, options));
    for (const o of outcomes) assert.equal(o.error, undefined, `${o.stream}: ${o.error?.message}`);
  };

  const [faulted, clean] = [await tempSink(), await tempSink()];
  try {
    setFaults(env.emulator.context, RATE_LIMITED);
    await run(faulted);
    setFaults(env.emulator.context, {}, true);
    const t1 = env.clock.now();
    await run(clean);
    assert.equal(env.clock.now(), t1, 'the clean run reads everything at one moment, the faulted run’s end');

    const atStart = new Map(expectedGenesysConversations(traffic, from, until, t0).map((r) => [r.id, r]));
    const atEnd = new Map(expectedGenesysConversations(traffic, from, until, t1).map((r) => [r.id, r]));
    const stored = actualConversations(await faulted.dump(), 'genesys');
    const reference = new Map(actualConversations(await clean.dump(), 'genesys').map((r) => [r.id, r]));
    const missing = [...atEnd.keys()].filter((id) => !reference.has(id));
    const extra = [...reference.keys()].filter((id) => !atEnd.has(id));
    assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, 'the clean run holds the vendor’s conversations');
    assert.deepEqual([...reference.values()], [...atEnd.values()], 'the clean run is the vendor at its moment');
    // A record the vendor shows only from a moment inside the run (absent at its start) may be missing
    // when its window was read before that moment: late data as well, which the re-read below brings.
    const storedIds = new Set(stored.map((r) => r.id));
    const absent = [...atEnd.keys()].filter((id) => !storedIds.has(id));
    assert.deepEqual(
      absent.filter((id) => atStart.has(id)),
      [],
      'no conversation the vendor showed at the start is missing',
    );
    assert.deepEqual(
      stored.filter((r) => !atEnd.has(r.id)).map((r) => r.id),
      [],
      'no conversation extra',
    );

    const differing = stored.filter((row) => JSON.stringify(row) !== JSON.stringify(reference.get(row.id)));
    for (const row of stored) {
      const before = atStart.get(row.id);
      const after = atEnd.get(row.id);
      // Each record changes at most once (its late wrap-up): as of any moment of the run it is one of these.
      assert.ok(
        JSON.stringify(row) === JSON.stringify(before) || JSON.stringify(row) === JSON.stringify(after),
        `conversation ${row.id} is the vendor's record as of a moment inside the run`,
      );
    }
    for (const row of differing) {
      const c = traffic
        .conversationsStarting(Number(row.start_ms), Number(row.start_ms) + 1)
        .find((x) => x.id === row.id);
      assert.ok(
        c && c.wrapUpAt > t0 && c.wrapUpAt <= t1,
        `conversation ${row.id} changed at the vendor during the run`,
      );
    }
    t.diagnostic(
      `faulted run ${((t1 - t0) / 1000).toFixed(0)} s of clock; ${differing.length} of ${stored.length} conversations differ from a clean run read at its end (${differing.map((r) => `${r.id}: ${r.wrap_up_code} -> ${reference.get(r.id)?.wrap_up_code}`).join(', ')}), each changed at the vendor after the faulted run read it`,
    );
    assert.ok(differing.length > 0, 'the comparison shows the artefact the issue saw (else move t0)');

    // The next cycle's lookback reads the same windows again: the late changes arrive, nothing is lost.
    await run(faulted);
    assert.deepEqual(dataTables(await faulted.dump()), dataTables(await clean.dump()), 'equal after the re-read');
  } finally {
    await Promise.all([faulted.close(), clean.close()]);
    await emulator.close();
  }
});
