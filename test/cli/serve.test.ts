import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { submitLoginForm } from '../support/login-form.js';
import { freePort, runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

let emulator: RunningEmulator;
let port: number;
before(async () => {
  port = await freePort();
  const callback = `http://127.0.0.1:${port}/callback/genesys`;
  emulator = await startEmulator({ seed: 12, redirectUris: { genesys: [callback] } });
});
after(() => emulator.close());

test('serve: the dashboard signs a supervisor in through the vendor and shows their page', async () => {
  const run = runCli(['serve', '--port', String(port)], {
    ...emulator.env(),
    CCPULSE_DATA_DIR: tempDir('ccpulse-serve-'),
  });
  try {
    const [, url] = await run.waitFor(/Dashboard: (\S+)/);
    const login = await fetch(`${url}/login/genesys`, { redirect: 'manual' });
    assert.equal(login.status, 302);
    const authorize = new URL(login.headers.get('location') ?? '');
    assert.equal(authorize.origin, emulator.genesysUrl);
    assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
    const loginCookie = login.headers.getSetCookie()[0]?.split(';')[0] ?? '';
    const callback = await submitLoginForm(authorize, 'alice', 'demo-alice');
    const done = await fetch(callback, { redirect: 'manual', headers: { cookie: loginCookie } });
    // A page, not a redirect: the next navigation is same-site and carries the Strict cookie.
    assert.equal(done.status, 200);
    const session =
      done.headers
        .getSetCookie()
        .find((c) => c.startsWith('__Host-ccpulse='))
        ?.split(';')[0] ?? '';
    assert.match(session, /^__Host-ccpulse=[^;]+$/);
    const page = await fetch(`${url}/`, { headers: { cookie: session } });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Sales EN/);
  } finally {
    run.child.kill('SIGTERM');
    await run.done;
  }
});
