// Operator mistakes and broken local state end in one clear error with the fix — exit 2 when the
// configuration or the command line is at fault — never "unexpected failure" (issue #15 item 5).
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openSqliteSink } from '../../src/store/index.js';
import { queues } from '../store/sample-records.js';
import { freePort, runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

/** A Genesys configuration that fails only if something reaches the network (nothing should). */
const env = (extra: Record<string, string> = {}) => ({
  GENESYS_CLIENT_ID: 'id',
  GENESYS_CLIENT_SECRET: 'secret',
  GENESYS_LOGIN_URL: 'http://127.0.0.1:9',
  GENESYS_API_URL: 'http://127.0.0.1:9',
  ...extra,
});
const folder = () => tempDir('ccpulse-errors-');

async function expectError(
  args: string[],
  vars: Record<string, string>,
  code: number,
  pattern: RegExp,
  cwd = folder(),
): Promise<void> {
  const run = runCli(args, vars, cwd);
  const result = await run.done;
  assert.equal(result.code, code, run.output());
  assert.match(result.stderr, pattern);
  assert.match(result.stderr, /\n {2}fix: \S/);
  assert.doesNotMatch(run.output(), /unexpected failure|hunter2/);
}

describe('ports and URLs', () => {
  let busy: Server;
  let busyPort: number;
  before(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    busyPort = (busy.address() as { port: number }).port;
  });
  after(() => new Promise<void>((resolve) => busy.close(() => resolve())));

  for (const port of ['abc', '70000', '-1', '8080.5']) {
    test(`serve --port ${port}`, () =>
      expectError(['serve', '--port', port], env(), 2, new RegExp(`--port '${port}' is not a port`)));
  }
  test('serve on a port in use', () =>
    expectError(
      ['serve', '--port', String(busyPort)],
      env(),
      2,
      new RegExp(`127\\.0\\.0\\.1:${busyPort} is already in use`),
    ));
  test('daemon --metrics-port in use', () =>
    expectError(['daemon', '--metrics-port', String(busyPort)], env(), 2, /is already in use/));
  test('serve --public-url that is not a URL', () =>
    expectError(
      ['serve', '--port', '0', '--public-url', 'dashboard.example'],
      env(),
      2,
      /--public-url 'dashboard\.example' is not an absolute http\(s\) URL/,
    ));
  test('serve --public-url with a password is refused without echoing it', async () => {
    await expectError(
      ['serve', '--port', '0', '--public-url', 'https://u:hunter2@x.example'],
      env(),
      2,
      /must not contain a user name or password/,
    );
  });
  test('emulate --genesys-port abc', () =>
    expectError(['emulate', '--genesys-port', 'abc'], {}, 2, /--genesys-port 'abc' is not a port/));
  test('emulate --seed x', () => expectError(['emulate', '--seed', 'x'], {}, 2, /--seed 'x' is not a whole number/));
  test('serve --host that is not an address of this machine', async () => {
    await expectError(
      ['serve', '--port', String(await freePort()), '--host', '203.0.113.7'],
      env(),
      2,
      /cannot listen on 203\.0\.113\.7/,
    );
  });
});

describe('the SQLite file and its folder', () => {
  test('a file that is not a database', async () => {
    const cwd = folder();
    mkdirSync(join(cwd, 'data'));
    writeFileSync(join(cwd, 'data', 'ccpulse.db'), 'these are not the bytes of a SQLite database, '.repeat(200));
    const before = readFileSync(join(cwd, 'data', 'ccpulse.db'));
    await expectError(
      ['sync', '--once'],
      env(),
      1,
      /data\/ccpulse\.db is not a usable SQLite database \(file is not a database\)/,
      cwd,
    );
    assert.deepEqual(readFileSync(join(cwd, 'data', 'ccpulse.db')), before, 'the damaged file was changed');
  });

  test('a truncated database', async () => {
    const cwd = folder();
    const path = join(cwd, 'data', 'ccpulse.db');
    const sink = await openSqliteSink({ path });
    for (let i = 0; i < 50; i++) await sink.writeBatch({ queues: queues().map((q) => ({ ...q, id: `${q.id}-${i}` })) });
    await sink.close();
    truncateSync(path, Math.floor(statSync(path).size / 3));
    await expectError(
      ['sync', '--once'],
      env(),
      1,
      /is not a usable SQLite database \(database disk image is malformed\)[\s\S]*mv /,
      cwd,
    );
  });

  // As root every folder is writable: run the CLI as an unprivileged user, as a service would run.
  const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;
  for (const existing of [false, true]) {
    test(`a data folder the service user cannot write${existing ? ', database inside' : ''}`, async () => {
      const cwd = folder();
      const data = join(cwd, 'data');
      if (existing) {
        const sink = await openSqliteSink({ path: join(data, 'ccpulse.db') });
        await sink.close();
      } else mkdirSync(data);
      chmodSync(cwd, 0o755);
      chmodSync(data, asUser ? 0o755 : 0o555);
      try {
        const run = runCli(['sync', '--once'], env({ CCPULSE_DATA_DIR: data }), cwd, asUser);
        const { code, stderr } = await run.done;
        assert.equal(code, 2, run.output());
        assert.match(
          stderr,
          /cannot write the SQLite database .*data\/ccpulse\.db \(.*(permission denied|readonly|unable to open)/i,
        );
        assert.match(stderr, /fix: Make its folder and the file writable by the user running ccpulse/);
        assert.doesNotMatch(run.output(), /unexpected failure/);
      } finally {
        chmodSync(data, 0o755);
      }
    });
  }
});
