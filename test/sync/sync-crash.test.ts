// Crash safety: `ccpulse sync --once` killed with SIGKILL at random points of a backfill and started
// again, 20 times, ends with a database identical to an uninterrupted run — history windows go
// through async jobs, whose ids and cursors the restarts resume.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { openSqliteSink } from '../../src/store/index.js';
import { runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';
import { assertSettledAlike, dataTables, startTickingEmulator } from './sync-fixture.js';

test('SIGKILL at 20 random points of a backfill, restart each time: the database equals an uninterrupted run', async () => {
  const emulator = await startTickingEmulator();
  try {
    const env = (dir: string) => ({ ...emulator.emulator.env(), CCPULSE_DATA_DIR: dir, CCPULSE_LOG_LEVEL: 'silent' });
    const args = [
      'sync',
      '--once',
      '--from',
      new Date(emulator.from).toISOString(),
      '--until',
      new Date(emulator.until).toISOString(),
    ];

    const cleanDir = tempDir('ccpulse-clean-');
    const clean = runCli(args, env(cleanDir));
    assert.equal((await clean.done).code, 0, clean.output());

    const crashDir = tempDir('ccpulse-crash-');
    const requests = emulator.emulator.context.stats.apiRequests;
    let kills = 0;
    for (let i = 0; i < 20; i++) {
      const run = runCli(args, env(crashDir));
      // Restarts resume where the last one stopped, so a kill is timed by the run's own progress:
      // 0-60 ms after its n-th API request, n in 0..15 (0: while starting and reading checkpoints),
      // landing while it waits for an answer, maps it, or commits it.
      const after = Math.floor(Math.random() * 16);
      const jitter = Math.random() * 60;
      const seen = requests.length;
      let reached = after === 0 ? Date.now() + Math.random() * 800 : undefined;
      const watch = setInterval(() => {
        if (reached === undefined && requests.length - seen >= after) reached = Date.now();
        if (reached !== undefined && Date.now() >= reached + jitter) run.child.kill('SIGKILL');
      }, 2);
      const { code } = await run.done;
      clearInterval(watch);
      if (code === null) kills++;
    }
    const finish = runCli(args, env(crashDir));
    assert.equal((await finish.done).code, 0, finish.output());
    assert.ok(kills >= 10, `only ${kills} of 20 runs were killed mid-way`);
    emulator.assertStillQuiet();

    const a = await openSqliteSink({ path: join(cleanDir, 'ccpulse.db') });
    const b = await openSqliteSink({ path: join(crashDir, 'ccpulse.db') });
    const [da, db] = [await a.dump(), await b.dump()];
    await a.close();
    await b.close();
    assert.ok(da.conversations.length > 500);
    assert.ok(da.agent_intervals.length > 100);
    assert.deepEqual(dataTables(db), dataTables(da));
    // Each stream ends at the same watermark (--until) with no window left under way; how far each is
    // settled depends on the wall clock (the last run came after the uninterrupted one).
    const progress = (d: typeof da) =>
      d.checkpoints.map((r) => {
        const { settledUntil: _, ...rest } = JSON.parse(String(r.value));
        return { stream: r.stream, ...rest };
      });
    assert.deepEqual(progress(db), progress(da));
    assertSettledAlike(db, da);
  } finally {
    await emulator.close();
  }
});
