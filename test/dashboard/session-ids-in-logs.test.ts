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
    // Past expiry: the session's live feed re-reads today's figures and its token manager refreshes
    // first (logged at debug).
    await f.clock.advance(11 * 60_000);
    assert.equal((await tab.get('/api/dashboard')).status, 200);
    await until(() => lines.join('').includes('"msg":"token obtained"'));
    // The sign-in revoked at the vendor, then into the early-refresh window: the feed's next read
    // tries to refresh and fails (logged at warn, the default level).
    const alices = [...f.emulator.context.tokens.values()].filter((t) => t.user?.username === 'alice');
    const latest = alices.at(-1)?.value ?? '';
    const revoked = await fetch(`${f.emulator.genesysUrl}/api/v2/tokens/me`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${latest}` },
    });
    assert.equal(revoked.status, 204);
    await f.clock.advance(9 * 60_000 + 20_000);
    await until(() => /"level":40,.*"msg":"early token refresh failed/.test(lines.join('')));
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

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
