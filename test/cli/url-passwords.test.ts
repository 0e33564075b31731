// A password in a URL is never printed (issue #15 item 4), whichever command meets it and however it
// fails: DATABASE_URL and REDIS_URL may carry one (PostgreSQL and Redis need it) and are described
// without it; vendor URLs and --public-url must not carry one and are refused without echoing it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { freePort, runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

const PASSWORD = 'Pw-9c1f-never-printed';
let emulator: RunningEmulator;
let dead: number;
before(async () => {
  emulator = await startEmulator({ seed: 4, conversationsPerDay: 20 });
  dead = await freePort();
});
after(() => emulator.close());

async function run(args: string[], env: Record<string, string>) {
  const cli = runCli(args, { ...emulator.env(), ...env }, tempDir('ccpulse-url-pw-'));
  const { code } = await cli.done;
  const output = cli.output();
  assert.ok(!output.includes(PASSWORD), `${args.join(' ')} printed the password:\n${output}`);
  assert.doesNotMatch(output, /unexpected failure/);
  return { code, output };
}

describe('a password in DATABASE_URL or REDIS_URL is never printed', () => {
  test('sync --once with an unreachable PostgreSQL', async () => {
    const { code, output } = await run(['sync', '--once'], {
      DATABASE_URL: `postgres://ccpulse:${PASSWORD}@127.0.0.1:${dead}/ccpulse`,
    });
    assert.notEqual(code, 0);
    assert.match(output, /cannot open the database at postgres:\/\/\[redacted\]@127\.0\.0\.1:\d+\/ccpulse/);
  });

  test('daemon with an unreachable Redis', async () => {
    const { code, output } = await run(['daemon', '--metrics-port', '0'], {
      REDIS_URL: `redis://:${PASSWORD}@127.0.0.1:${dead}`,
      CCPULSE_TOKEN_KEY: 'ab'.repeat(32),
    });
    assert.notEqual(code, 0);
    assert.match(output, /Redis/);
  });

  test('serve with an unreachable Redis', async () => {
    const { code, output } = await run(['serve', '--port', '0'], {
      REDIS_URL: `redis://default:${PASSWORD}@127.0.0.1:${dead}/3`,
      CCPULSE_TOKEN_KEY: 'ab'.repeat(32),
    });
    assert.notEqual(code, 0);
    assert.match(output, /session store in Redis cannot be used/);
  });

  test('a DATABASE_URL that is not postgres:// is refused without echoing it', async () => {
    const { code, output } = await run(['sync', '--once'], {
      DATABASE_URL: `mysql://root:${PASSWORD}@127.0.0.1/db`,
    });
    assert.equal(code, 2);
    assert.match(output, /DATABASE_URL must be a postgres:\/\/ URL/);
  });
});

describe('a URL that must not carry a password is refused without echoing it', () => {
  for (const [args, variable] of [
    [['login', 'genesys', '--no-browser'], 'GENESYS_LOGIN_URL'],
    [['query', 'genesys', 'queues'], 'GENESYS_API_URL'],
    [['token', 'cxone'], 'CXONE_ISSUER'],
    [['doctor', 'genesys'], 'GENESYS_REDIRECT_URI'],
  ] as const) {
    test(`${args.join(' ')} with ${variable}`, async () => {
      const url = new URL(emulator.env()[variable] ?? `http://127.0.0.1:${dead}/callback/genesys`);
      url.username = 'admin';
      url.password = PASSWORD;
      const { code, output } = await run([...args], { [variable]: url.href });
      assert.notEqual(code, 0);
      assert.match(output, new RegExp(`${variable} must not contain a user name or password`));
    });
  }

  test('serve --public-url and doctor --public-url', async () => {
    for (const args of [
      ['serve', '--port', '0'],
      ['doctor', 'genesys'],
    ]) {
      const { code, output } = await run([...args, '--public-url', `https://ops:${PASSWORD}@reports.example.com`], {});
      assert.equal(code, 2, output);
      assert.match(output, /--public-url must not contain a user name or password/);
    }
  });
});
