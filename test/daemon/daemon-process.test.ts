import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createManualClock } from '../../src/core/index.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { dumpOf } from '../support/data-folder.js';
import { type CliRun, runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';
import { assertSettledAlike, dataTables } from '../sync/sync-fixture.js';

// The emulator's world is frozen at a whole hour at least an hour ago, so every daemon process (each
// with the real clock, syncing up to minutes ago) sees the same data however long the test takes:
// the windows a later run reads in addition all lie after the frozen moment and hold nothing.
const HOUR = 3600_000;
const NOW = Math.floor(Date.now() / HOUR) * HOUR - HOUR;
const FROM = new Date(NOW - 24 * HOUR).toISOString();
let emulator: RunningEmulator;

before(async () => {
  emulator = await startEmulator({ seed: 23, clock: createManualClock(NOW), conversationsPerDay: 400 });
});
after(() => emulator.close());

function startDaemon(dir: string): CliRun {
  return runCli(['daemon', '--from', FROM, '--metrics-port', '0'], {
    ...emulator.env(),
    CCPULSE_DATA_DIR: dir,
    CCPULSE_LOG_LEVEL: 'info',
  });
}

/** Polls /healthz until every stream has run once. */
async function waitUntilSynced(run: CliRun): Promise<void> {
  const [, url] = (await run.waitFor(/Health: (\S+)/)) as RegExpMatchArray;
  for (const until = Date.now() + 60_000; Date.now() < until; ) {
    const health = (await (await fetch(url as string)).json()) as { status: string; firstCycleDone: boolean };
    assert.notEqual(health.status, 'degraded', run.output());
    if (health.firstCycleDone) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`the daemon did not finish its first cycle:\n${run.output()}`);
}

function syncedStreams(output: string): Set<string> {
  return new Set([...output.matchAll(/"stream":"([^"]+)".*"msg":"stream synced"/g)].map((m) => m[1] as string));
}

describe('daemon process', () => {
  test('SIGTERM stops it cleanly: exit 0 after the batch in progress, nothing half-written', async () => {
    const dir = tempDir('ccpulse-daemon-term-');
    const run = startDaemon(dir);
    await waitUntilSynced(run);
    run.child.kill('SIGTERM');
    const { code } = await run.done;
    assert.equal(code, 0, run.output());
    assert.match(run.output(), /stopping: finishing the batch in progress/);
    assert.match(run.output(), /daemon stopped/);
    const dump = await dumpOf(dir);
    assert.ok(dump.conversations.length > 100, `${dump.conversations.length} conversations`);
  });

  test('SIGKILL at 20 random points of a backfill, restart each time: the database equals an uninterrupted run', async () => {
    const cleanDir = tempDir('ccpulse-daemon-clean-');
    const clean = startDaemon(cleanDir);
    await clean.waitFor(/Health: /);
    const started = performance.now();
    await waitUntilSynced(clean);
    // How long a backfill takes here and now (each restart re-reads the same lookback, as long again).
    const backfillMs = performance.now() - started;
    clean.child.kill('SIGTERM');
    assert.equal((await clean.done).code, 0, clean.output());

    const crashDir = tempDir('ccpulse-daemon-crash-');
    let killedMidway = 0;
    for (let i = 0; i < 20; i++) {
      const run = startDaemon(crashDir);
      await run.waitFor(/Health: /);
      // Anywhere from before the first write to late in the backfill, timed by the clean run's own
      // length on this machine at this moment (a fixed delay fell after the end once the backfill got
      // faster; a delay after all-but-one streams did too, once the streams ran side by side).
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 0.8 * backfillMs)));
      // Each start re-reads its 72 h lookback, so every run until all streams are done is mid-way.
      if (syncedStreams(run.output()).size < syncedStreams(clean.output()).size) killedMidway++;
      run.child.kill('SIGKILL');
      assert.equal((await run.done).code, null);
    }
    assert.ok(killedMidway >= 10, `only ${killedMidway} of 20 kills landed before the backfill ended`);
    const finish = startDaemon(crashDir);
    await waitUntilSynced(finish);
    finish.child.kill('SIGTERM');
    assert.equal((await finish.done).code, 0, finish.output());

    const [expected, actual] = [await dumpOf(cleanDir), await dumpOf(crashDir)];
    assert.ok(expected.conversations.length > 100);
    assert.deepEqual(dataTables(actual), dataTables(expected));
    assertSettledAlike(actual, expected);
  });
});
