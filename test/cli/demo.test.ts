import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { nextRunLine } from '../../src/cli/commands/demo.js';
import { writeEnvFile } from '../../src/cli/emulator-env-file.js';
import { DEFAULT_SCHEDULE } from '../../src/daemon/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import { submitLoginForm } from '../support/login-form.js';
import { runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

const DAY = 86_400_000;

describe('ccpulse demo', () => {
  test('--once: emulators, a full daemon sync of both vendors into SQLite, yesterday from the database; a running emulator keeps its .env.emulator', async () => {
    const cwd = tempDir('ccpulse-demo-');
    // Another terminal's `ccpulse emulate`, still running, wrote .env.emulator here.
    const other = await startEmulator({ seed: 9 });
    writeEnvFile(join(cwd, '.env.emulator'), other.env(), 'ccpulse emulator (seed 9)');
    const theirs = readFileSync(join(cwd, '.env.emulator'), 'utf8');
    const startedBefore = Date.now();
    const run = runCli(['demo', '--once', '--port', '0'], { CCPULSE_TIMEZONE: 'UTC' }, cwd);
    const { code, stdout } = await run.done;
    const endedAfter = Date.now();
    await other.close();
    assert.equal(code, 0, run.output());
    assert.equal(
      readFileSync(join(cwd, '.env.emulator'), 'utf8'),
      theirs,
      'the running emulator’s file was overwritten',
    );
    assert.match(stdout, /\.env\.demo \(0600\) +use it with --env \.env\.demo/);
    assert.match(
      stdout,
      /\.env\.emulator was left alone: the emulator it points at, http:\/\/127\.0\.0\.1:\d+, is still running/,
    );
    for (const stream of ['directory', 'queue-intervals', 'conversations'])
      assert.match(stdout, new RegExp(`genesys:default:${stream} +[\\d,]+ rows`));
    for (const stream of ['skill-intervals', 'contacts'])
      assert.match(stdout, new RegExp(`cxone:default:${stream} +[\\d,]+ rows`));
    // The dashboard stopped with the command: no URL to a page that is gone.
    assert.doesNotMatch(stdout, /Dashboard: http/);
    assert.match(stdout, /Dashboard: stopped with the rest \(--once\)/);
    assert.equal(statSync(join(cwd, '.env.demo')).mode & 0o777, 0o600);

    // Yesterday as of the demo's start, which it syncs from and reports: a run across midnight must
    // not report the day it started (synced only up to then), nor may this test reckon from its end.
    const yesterday = Date.parse(/Daemon: syncing both vendors from (\S+)/.exec(stdout)?.[1] ?? '');
    assert.ok(
      [startedBefore, endedAfter].some((t) => Math.floor(t / DAY) * DAY - DAY === yesterday),
      `the demo synced from ${new Date(yesterday).toISOString()}, not yesterday`,
    );
    // Its Genesys rows add up to the emulator's own traffic for that day (same seed), as far as the
    // sync reached: in the first minutes after midnight the day's last half hour is not synced yet,
    // and the report says so.
    const synced = Date.parse(/genesys:default:queue-intervals: synced until ([^;,\s]+)/.exec(stdout)?.[1] ?? '');
    assert.ok(synced > yesterday, `queue intervals synced until ${synced}`);
    const reached = Math.min(synced, yesterday + DAY);
    if (reached < yesterday + DAY)
      assert.match(run.output(), /genesys:default:queue-intervals is synced until .* later figures are missing/);
    const emulator = await startEmulator({ seed: 1 });
    const expected = emulator.context.traffic.conversationsStarting(yesterday, reached).length;
    await emulator.close();
    // Printed through `ccpulse report`: its title, table and freshness, and the same rows it gives later.
    const from = new Date(yesterday).toISOString().replace('.000Z', 'Z');
    const to = new Date(yesterday + DAY).toISOString().replace('.000Z', 'Z');
    assert.match(
      stdout,
      new RegExp(
        `Queues, ${from} to ${to} \\(UTC\\), by day:\\nperiod_start +period_end +vendor +org +queue_id +queue_name +offered`,
      ),
    );
    assert.match(stdout, /\nData:\n {2}cxone:default:skill-intervals: synced until/);
    const again = await runCli(
      // That day by date: by now `--period yesterday` may be the next one.
      ['report', 'queues', '--from', from.slice(0, 10), '--tz', 'UTC', '--vendor', 'genesys', '--format', 'json'],
      { CCPULSE_DATA_DIR: join(cwd, 'data/demo') },
      cwd,
    ).done;
    assert.equal(again.code, 0, again.stderr);
    const rows = JSON.parse(again.stdout) as { offered: number; queue_name: string }[];
    assert.equal(
      rows.reduce((sum, r) => sum + r.offered, 0),
      expected,
    );
    for (const r of rows) assert.match(stdout, new RegExp(`genesys +default +\\S+ +${r.queue_name} +${r.offered} `));
    assert.ok(statSync(join(cwd, 'data/demo/ccpulse.db')).size > 0);
  });

  test('runs until Ctrl-C: a seeded supervisor signs in to the dashboard it printed, then everything stops cleanly', async () => {
    const cwd = tempDir('ccpulse-demo-');
    const run = runCli(['demo', '--port', '0'], {}, cwd);
    try {
      const [, url] = await run.waitFor(/Dashboard: (\S+)/, 60_000);
      await run.waitFor(/Press Ctrl-C/);
      // Not silent until the next run: it says when that is.
      await run.waitFor(/Press Ctrl-C[^\n]*\n +\d\d:\d\d:\d\d +next: \S+ at \d\d:\d\d:\d\d \(in \d+ min\)/);
      const login = await fetch(`${url}/login/genesys`, { redirect: 'manual' });
      assert.equal(login.status, 302);
      const loginCookie = login.headers.getSetCookie()[0]?.split(';')[0] ?? '';
      const callback = await submitLoginForm(login.headers.get('location') ?? '', 'bob', 'demo-bob');
      const done = await fetch(callback, { redirect: 'manual', headers: { cookie: loginCookie } });
      const session = done.headers
        .getSetCookie()
        .find((c) => c.startsWith('__Host-ccpulse='))
        ?.split(';')[0];
      assert.ok(session, `no session after the callback (${done.status})`);
      const page = await fetch(`${url}/`, { headers: { cookie: session } });
      assert.equal(page.status, 200);
      assert.match(await page.text(), /Support Tier 1/);
    } finally {
      run.child.kill('SIGINT');
    }
    const { code } = await run.done;
    assert.equal(code, 0, run.output());
    assert.match(run.output(), /Stopping/);
  });
});

test('the idle line names the stream due next by the schedule', () => {
  const at = Date.UTC(2026, 10, 25, 12, 0, 0);
  const line = nextRunLine(
    [
      { stream: 'genesys:default:directory', lastRunAt: at, consecutiveFailures: 0 },
      { stream: 'genesys:default:conversations', lastRunAt: at - 60_000, consecutiveFailures: 0 },
    ],
    DEFAULT_SCHEDULE,
    at,
  );
  assert.equal(line, 'next: genesys:default:conversations at 12:04:00 (in 4 min); the dashboard stays up meanwhile');
  assert.equal(nextRunLine([], DEFAULT_SCHEDULE, at), 'waiting for the first runs to finish');
});
