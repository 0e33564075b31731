import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { startEmulator } from '../../src/emulator/index.js';
import { submitLoginForm } from '../support/login-form.js';
import { runCli } from '../support/run-cli.js';

const DAY = 86_400_000;

describe('ccpulse demo', () => {
  test('--once: emulators, a full daemon sync of both vendors into SQLite, yesterday from the database, the dashboard and its users', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ccpulse-demo-'));
    const run = runCli(['demo', '--once', '--port', '0'], {}, cwd);
    const { code, stdout } = await run.done;
    assert.equal(code, 0, run.output());
    for (const stream of ['directory', 'queue-intervals', 'conversations'])
      assert.match(stdout, new RegExp(`genesys:default:${stream} +[\\d,]+ rows`));
    for (const stream of ['skill-intervals', 'contacts'])
      assert.match(stdout, new RegExp(`cxone:default:${stream} +[\\d,]+ rows`));
    assert.match(stdout, /Dashboard: http:\/\/127\.0\.0\.1:\d+/);
    for (const user of ['alice', 'bob', 'carol', 'dana']) assert.match(stdout, new RegExp(`^ +${user} +\\w`, 'm'));

    // Yesterday's Genesys rows add up to the emulator's own traffic for that day (same seed).
    const emulator = await startEmulator({ seed: 1 });
    const yesterday = Math.floor(Date.now() / DAY) * DAY - DAY;
    const expected = emulator.context.traffic.conversationsStarting(yesterday, yesterday + DAY).length;
    await emulator.close();
    const offered = stdout
      .split('\n')
      .filter((line) => line.startsWith('genesys '))
      .reduce((sum, line) => sum + Number(line.split(/ {2,}/)[2]), 0);
    assert.equal(offered, expected);
    assert.equal(statSync(join(cwd, '.env.emulator')).mode & 0o777, 0o600);
    assert.ok(statSync(join(cwd, 'data/demo/ccpulse.db')).size > 0);
  });

  test('runs until Ctrl-C: a seeded supervisor signs in to the dashboard it printed, then everything stops cleanly', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ccpulse-demo-'));
    const run = runCli(['demo', '--port', '0'], {}, cwd);
    try {
      const [, url] = await run.waitFor(/Dashboard: (\S+)/, 60_000);
      await run.waitFor(/Press Ctrl-C/);
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
