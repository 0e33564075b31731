// The CLI with no configuration, or a configuration with mistakes: exit 2 and the fix, nothing created,
// warnings printed, and no URL password in anything printed (issue #15 items 1, 4, 6).
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { reportError } from '../../src/cli/run-command.js';
import { freePort, runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

const emptyFolder = () => tempDir('ccpulse-noconf-');

describe('item 1: no configuration is a failure', () => {
  for (const args of [
    ['sync', '--once'],
    ['daemon', '--metrics-port', '0'],
    ['serve', '--port', '0'],
  ]) {
    test(`${args.join(' ')} in an empty folder: exit 2 with the fix, nothing created`, async () => {
      const cwd = emptyFolder();
      const run = runCli(args, {}, cwd);
      const { code, stderr } = await run.done;
      assert.equal(code, 2, run.output());
      assert.match(stderr, /no vendor is configured/);
      assert.match(stderr, /there is no \.env in this folder/);
      assert.match(stderr, /--env FILE/);
      assert.doesNotMatch(run.output(), /unexpected failure|\(no rows\)|Dashboard:/);
      assert.deepEqual(readdirSync(cwd), [], 'the run created files');
    });
  }

  test('an --env file that does not exist: exit 2', async () => {
    const cwd = emptyFolder();
    const run = runCli(['--env', 'missing.env', 'sync', '--once'], {}, cwd);
    assert.equal((await run.done).code, 2, run.output());
    assert.ok(!existsSync(join(cwd, 'data')));
  });
});

describe('items 4 and 6 on the command line', () => {
  test('a misspelled variable is a warning on stderr with "did you mean"', async () => {
    const run = runCli(['sync', '--once', '--lookback-hours', 'x'], {
      GENESYS_CLIENT_ID: 'id',
      GENESYS_CLIENT_SECRET: 'secret',
      GENESYS_LOGIN_ULR: 'https://login.mypurecloud.de',
    });
    const { stderr } = await run.done;
    assert.match(
      stderr,
      /^warning: GENESYS_LOGIN_ULR is not a variable ccpulse reads; did you mean GENESYS_LOGIN_URL\?/m,
    );
  });

  test('an API URL with user:password@ is refused (exit 2) and the password is printed nowhere', async () => {
    const run = runCli(['token', 'genesys'], {
      GENESYS_CLIENT_ID: 'id',
      GENESYS_CLIENT_SECRET: 'secret',
      GENESYS_API_URL: `https://admin:hunter2-pw@127.0.0.1:${await freePort()}`,
    });
    const { code } = await run.done;
    assert.equal(code, 2, run.output());
    assert.match(run.output(), /GENESYS_API_URL must not contain a user name or password/);
    assert.ok(!run.output().includes('hunter2'), run.output());
  });

  test('whatever error reaches the top, URL user-info is scrubbed from what is printed', () => {
    const written: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string) => written.push(chunk) > 0) as typeof process.stderr.write;
    try {
      reportError(
        new TypeError('Request cannot be constructed from a URL that includes credentials: https://u:hunter2@host/x'),
      );
    } finally {
      process.stderr.write = write;
    }
    assert.ok(!written.join('').includes('hunter2'), written.join(''));
    assert.match(written.join(''), /https:\/\/\[redacted\]@host\/x/);
  });
});

describe('item 3 on the command line', () => {
  test('login with GENESYS_SCOPES garbage stops at once with exit 2 (it waited for a browser that never came back)', async () => {
    const started = Date.now();
    const run = runCli(['login', 'genesys', '--no-browser'], {
      GENESYS_CLIENT_ID: 'id',
      GENESYS_CLIENT_SECRET: 'secret',
      GENESYS_REDIRECT_URI: `http://127.0.0.1:${await freePort()}/callback`,
      GENESYS_SCOPES: 'analytics <script>alert(1)</script>',
    });
    const { code, stderr } = await run.done;
    assert.equal(code, 2, run.output());
    assert.match(stderr, /GENESYS_SCOPES holds .*not .*scope/);
    assert.doesNotMatch(run.output(), /Open this URL|authorize\?/);
    assert.ok(Date.now() - started < 30_000);
  });

  test('a GENESYS_LOGIN_URL with a #fragment is refused (exit 2)', async () => {
    const run = runCli(['token', 'genesys'], {
      GENESYS_CLIENT_ID: 'id',
      GENESYS_CLIENT_SECRET: 'secret',
      GENESYS_LOGIN_URL: 'https://login.mypurecloud.ie/#frag',
    });
    const { code, stderr } = await run.done;
    assert.equal(code, 2, run.output());
    assert.match(stderr, /GENESYS_LOGIN_URL must be a base URL without a \?query or #fragment/);
  });
});
