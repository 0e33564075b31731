// A session id is the cookie value that opens a session: no log line may carry one, at any level,
// on the paths that used to log it (a refresh at debug, a failed early refresh at warn), and the test
// run's secret scan recognises one anywhere (issue #15 item 0b).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findLeaks } from '../../scripts/secret-scan.js';
import { createLogger } from '../../src/core/index.js';
import { SESSION_COOKIE } from '../../src/dashboard/index.js';
import { BrowserTab, signInTab, startFixture } from './dashboard-fixture.js';

test('refreshes and failed refreshes of a session token log no session id', async () => {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
  const f = await startFixture({ emulator: { tokenLifetimeSeconds: { genesys: 600 } }, deps: { logger } });
  try {
    const tab = new BrowserTab(f.dashboard.url);
    await signInTab(tab, 'alice', 'genesys');
    const sessionId = tab.cookies.get(SESSION_COOKIE);
    assert.ok(sessionId, 'signed in');
    // Past expiry: the session's token manager refreshes (logged at debug).
    await f.clock.advance(11 * 60_000);
    assert.equal((await tab.get('/api/dashboard')).status, 200);
    // Into the early-refresh window with the sign-in revoked at the vendor: the refresh fails (logged
    // at warn, the default level).
    await f.clock.advance(9 * 60_000 + 20_000);
    const alices = [...f.emulator.context.tokens.values()].filter((t) => t.user?.username === 'alice');
    const latest = alices.at(-1)?.value ?? '';
    const revoked = await fetch(`${f.emulator.genesysUrl}/api/v2/tokens/me`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${latest}` },
    });
    assert.equal(revoked.status, 204);
    await tab.get('/api/dashboard');

    const log = lines.join('');
    assert.match(log, /"msg":"token obtained"/);
    assert.match(log, /"level":40,.*"msg":"early token refresh failed/);
    assert.ok(!log.includes(sessionId), 'a log line carries the session id');
    assert.ok(!log.includes(sessionId.slice(5)), 'a log line carries the random part of the session id');
    assert.deepEqual(findLeaks(log), []);
    // And the scan would have caught it.
    assert.equal(findLeaks(`{"key":"${sessionId}"}`).length, 1);
  } finally {
    await f.close();
  }
});
