import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { submitLoginForm } from '../support/login-form.js';
import { freePort, runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

let emulator: RunningEmulator;
let env: Record<string, string>;
let redirectUri: string;

before(async () => {
  redirectUri = `http://127.0.0.1:${await freePort()}/callback`;
  emulator = await startEmulator({ seed: 6, redirectUris: { genesys: [redirectUri], cxone: [redirectUri] } });
  env = { ...emulator.env(), GENESYS_REDIRECT_URI: redirectUri, CXONE_REDIRECT_URI: redirectUri };
});
after(() => emulator.close());

/** Every token the emulator issued, and every secret it holds, must be absent from what the CLI printed. */
function assertNoSecrets(output: string) {
  for (const token of emulator.context.tokens.keys()) assert.ok(!output.includes(token), 'an access token was printed');
  for (const client of [...emulator.org.genesys.clients, ...emulator.org.cxone.clients]) {
    assert.ok(!output.includes(client.secret), `the ${client.vendor} ${client.key} client secret was printed`);
  }
  for (const key of emulator.org.cxone.accessKeys)
    assert.ok(!output.includes(key.secret), 'the access key secret was printed');
}

describe('ccpulse token / login', () => {
  for (const vendor of ['genesys', 'cxone'] as const) {
    test(`token ${vendor}: redacted prefix and expiry only, even at debug log level`, async () => {
      const run = runCli(['token', vendor], env);
      const { code, stdout } = await run.done;
      assert.equal(code, 0, run.output());
      assert.match(stdout, /token: +\S{4}…\(\d+ chars\)/);
      assert.match(stdout, /expires: +\d{4}-\d\d-\d\dT/);
      assertNoSecrets(run.output());
    });

    test(`login ${vendor}: PKCE on a loopback port, then the token is revoked`, async () => {
      const run = runCli(['login', vendor, '--no-browser'], env);
      const [, url] = await run.waitFor(/Sign in here: (\S+)/);
      const callback = await submitLoginForm(url ?? '', 'alice', 'demo-alice');
      const page = await fetch(callback);
      assert.equal(page.status, 200);
      assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
      const { code, stdout } = await run.done;
      assert.equal(code, 0, run.output());
      assert.match(stdout, /Signed in to/);
      assert.match(stdout, /Token revoked/);
      assertNoSecrets(run.output() + url);
    });
  }

  test('a bad secret exits 1 with the fix, never echoing the secret', async () => {
    const run = runCli(['token', 'genesys'], { ...env, GENESYS_CLIENT_SECRET: 'definitely-wrong-secret-value' });
    const { code, stderr } = await run.done;
    assert.equal(code, 1);
    assert.match(stderr, /fix: Check GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET/);
    assert.ok(!run.output().includes('definitely-wrong-secret-value'));
  });

  test('a malformed configuration exits 2 naming the variable', async () => {
    const run = runCli(['token', 'genesys'], {
      ...env,
      GENESYS_REGION: 'atlantis-1',
      GENESYS_LOGIN_URL: '',
      GENESYS_API_URL: '',
    });
    const { code, stderr } = await run.done;
    assert.equal(code, 2);
    assert.match(stderr, /GENESYS_REGION 'atlantis-1' is not a Genesys Cloud region/);
  });

  test('--env FILE reads the configuration from that file (--env-file too), and a missing one is named with the fix', async () => {
    const cwd = tempDir('ccpulse-env-');
    const text = Object.entries(emulator.env()).map(([k, v]) => `${k}=${v}`);
    writeFileSync(join(cwd, 'emulator.env'), `${text.join('\n')}\n`, { mode: 0o600 });
    for (const flag of ['--env', '--env-file']) {
      const run = runCli([flag, 'emulator.env', 'token', 'genesys'], {}, cwd);
      const { code, stdout } = await run.done;
      assert.equal(code, 0, `${flag}: ${run.output()}`);
      assert.match(stdout, /token: +\S{4}…\(\d+ chars\)/, flag);
      assertNoSecrets(run.output());
    }
    const missing = runCli(['token', 'genesys', '--env', 'prod.env'], {}, cwd);
    const { code, stderr } = await missing.done;
    assert.equal(code, 2, missing.output());
    assert.match(stderr, /the env file \S*prod\.env does not exist; create it or drop --env/);
  });
});
