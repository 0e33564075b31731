import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseConfig } from '../../src/config/index.js';
import { createManualClock } from '../../src/core/index.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { openSqliteSink, type Sink } from '../../src/store/index.js';
import { syncOnce } from '../../src/sync/index.js';
import { driveClock } from '../support/drive-clock.js';
import { runCli } from '../support/run-cli.js';

const NOW = Date.UTC(2026, 10, 20, 12);
const FROM = Date.UTC(2026, 10, 17);
const UNTIL = Date.UTC(2026, 10, 20);
// The emulator's "now" stays put unless a test moves it; the sync's clock is driven separately
// (its rate budget sleeps on it), so waiting never changes the data.
const emulatorClock = createManualClock(NOW);
const clock = createManualClock(NOW);
let emulator: RunningEmulator;

before(async () => {
  emulator = await startEmulator({ seed: 11, clock: emulatorClock, conversationsPerDay: 300 });
});
after(() => emulator.close());

const tempDb = (): Promise<Sink> =>
  openSqliteSink({ path: join(mkdtempSync(join(tmpdir(), 'ccpulse-sync-')), 'ccpulse.db') });

async function sync(sink: Sink, until = UNTIL) {
  const config = parseConfig(emulator.env());
  const outcomes = await driveClock(clock, syncOnce({ config, sink, clock }, { backfillFrom: FROM, until }));
  for (const o of outcomes) assert.equal(o.error, undefined, `${o.stream}: ${o.error?.message}`);
  return outcomes;
}

describe('sync into SQLite', () => {
  test('a 3-day backfill equals the emulator data row for row; a second run changes nothing', async () => {
    const sink = await tempDb();
    await sync(sink);
    const expected = emulator.context.traffic.conversationsStarting(FROM, UNTIL).filter((c) => c.end <= NOW);
    const dump = await sink.dump();
    const genesysConversations = dump.conversations.filter((r) => r.vendor === 'genesys');
    assert.deepEqual(genesysConversations.map((r) => r.id).sort(), expected.map((c) => c.id).sort());
    const cxone = dump.conversations.filter((r) => r.vendor === 'cxone');
    assert.ok(cxone.length >= expected.length, 'CXone contacts of the window and after it');
    const intervals = await sink.queueIntervals({ vendor: 'genesys', org: 'default', from: FROM, to: UNTIL });
    assert.equal(
      intervals.reduce((s, i) => s + i.offered, 0),
      expected.length,
      'aggregates cover every conversation',
    );
    assert.equal(dump.queues.length, emulator.org.queues.length);

    await sync(sink);
    assert.deepEqual(await sink.dump(), dump, 'idempotent: a second run leaves the database identical');
    await sink.close();
  });

  test('late changes in the emulator appear after the next cycle (lookback)', async () => {
    const sink = await tempDb();
    await sync(sink);
    const late = emulator.context.traffic
      .conversationsStarting(FROM, UNTIL)
      .find((c) => c.end <= NOW && c.wrapUpAt > NOW && c.wrapUpAt < NOW + 48 * 3600_000);
    assert.ok(late, 'the traffic has a conversation whose wrap-up arrives later');
    const row = async () => (await sink.dump()).conversations.find((r) => r.vendor === 'genesys' && r.id === late.id);
    assert.equal((await row())?.wrap_up_code ?? null, null);
    await emulatorClock.set(late.wrapUpAt + 1);
    await sync(sink, UNTIL);
    assert.equal((await row())?.wrap_up_code, late.wrapUpCode);
    await emulatorClock.set(NOW);
    await sink.close();
  });
});

describe('crash safety', () => {
  test('SIGKILL at 20 random points of a backfill, restart each time: the database equals an uninterrupted run', async () => {
    const env = (dir: string) => ({ ...emulator.env(), CCPULSE_DATA_DIR: dir, CCPULSE_LOG_LEVEL: 'silent' });
    const args = ['sync', '--once', '--from', new Date(FROM).toISOString(), '--until', new Date(UNTIL).toISOString()];

    const cleanDir = mkdtempSync(join(tmpdir(), 'ccpulse-clean-'));
    const clean = runCli(args, env(cleanDir));
    const cleanResult = await clean.done;
    assert.equal(cleanResult.code, 0, clean.output());

    const crashDir = mkdtempSync(join(tmpdir(), 'ccpulse-crash-'));
    let kills = 0;
    for (let i = 0; i < 20; i++) {
      const run = runCli(args, env(crashDir));
      // Startup takes ~0.6 s; kill anywhere from before the first write to late in the run.
      const delay = 500 + Math.floor(Math.random() * 2500);
      const timer = setTimeout(() => run.child.kill('SIGKILL'), delay);
      const { code } = await run.done;
      clearTimeout(timer);
      if (code === null) kills++;
    }
    const finish = runCli(args, env(crashDir));
    assert.equal((await finish.done).code, 0, finish.output());
    assert.ok(kills >= 10, `only ${kills} of 20 runs were killed mid-way`);

    const a = await openSqliteSink({ path: join(cleanDir, 'ccpulse.db') });
    const b = await openSqliteSink({ path: join(crashDir, 'ccpulse.db') });
    const [da, db] = [await a.dump(), await b.dump()];
    await a.close();
    await b.close();
    assert.ok(da.conversations.length > 500);
    assert.deepEqual(db, da);
  });
});
