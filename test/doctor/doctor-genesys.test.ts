// `ccpulse doctor genesys` as a user runs it, against the emulator: every failure is the real one
// (a wrong secret, a client without the grant, the seeded 'limited' client's missing roles, a
// redirect URI off by a slash, a closed port, a name that does not resolve, a skewed vendor clock,
// a .env without its values), and the report says what to fix.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemClock } from '../../src/core/index.js';
import { GENESYS_PERMISSIONS, type RunningEmulator, seedClient, startEmulator } from '../../src/emulator/index.js';
import { freePort } from '../support/run-cli.js';
import { assertNoSecrets, doctorJson, runDoctorCli, withStatus } from './doctor-run.js';

let emulator: RunningEmulator;
let env: Record<string, string>;
const started: RunningEmulator[] = [];

before(async () => {
  emulator = await startEmulator({ seed: 11 });
  started.push(emulator);
  env = emulator.env();
});
after(() => Promise.all(started.map((e) => e.close())));

const genesysOnly = (vars: Record<string, string>) =>
  Object.fromEntries(Object.entries(vars).filter(([k]) => k.startsWith('GENESYS_')));

/** `doctor genesys` with the daemon's id and secret those of the seeded OAuth client `key`. */
const doctorAsClient = (key: string) => {
  const client = seedClient(emulator.org, 'genesys', key);
  return doctorJson('genesys', {
    ...genesysOnly(env),
    GENESYS_CLIENT_ID: client.id,
    GENESYS_CLIENT_SECRET: client.secret,
  });
};

// Each test runs its own doctor process (own folder, own .env): they can run side by side.
describe('ccpulse doctor genesys', { concurrency: 4 }, () => {
  test('all pass: one line per check, the dashboard redirect URI too, exit 0, no secret printed', async () => {
    const run = await runDoctorCli(['genesys', '--public-url', 'http://localhost:8080'], env);
    assert.equal(run.code, 0, run.output);
    // The vendor's block; the storage block (DATABASE_URL, REDIS_URL) follows it.
    const [vendorBlock = '', storageBlock = ''] = run.stdout.split('\n\n');
    assert.match(storageBlock, /^ccpulse doctor: storage/);
    const lines = vendorBlock.trim().split('\n');
    assert.equal(lines[0], 'ccpulse doctor: genesys (org default)');
    const checks = lines.slice(1, -1);
    assert.ok(
      checks.every((l) => l.startsWith('PASS  ')),
      run.stdout,
    );
    for (const title of [
      '.env file',
      'variables',
      'DNS',
      'token endpoint',
      'client id/secret',
      'grant type',
      'permission: queues',
      'permission: users',
      'permission: queue intervals',
      'permission: agent intervals',
      'permission: conversations',
      'redirect URI (login)',
      'redirect URI (dashboard)',
      'login client',
      'rate-limit headroom',
      'clock skew',
    ])
      assert.ok(
        checks.some((l) => l.startsWith(`PASS  ${title} `)),
        `no passing '${title}' line:\n${run.stdout}`,
      );
    assert.match(run.stdout, /rate-limit headroom +29\d of 300 requests left in this minute/);
    assert.equal(lines.at(-1), `All ${checks.length} checks passed.`);
    assertNoSecrets(run.output, [emulator]);
  });

  test('missing .env values: names each missing variable; nothing is tried with half a config', async () => {
    const { GENESYS_CLIENT_SECRET: _dropped, ...rest } = genesysOnly(env);
    const { report, check, run } = await doctorJson('genesys', rest);
    assert.equal(check('env-file').status, 'pass');
    const variables = check('variables');
    assert.equal(variables.status, 'fail');
    assert.deepEqual(
      variables.evidence?.map((p) => p.split('.')[0]),
      ['GENESYS_CLIENT_SECRET is missing'],
    );
    assert.deepEqual(withStatus(report, 'fail'), ['variables']);
    assert.equal(report.checks.filter((c) => c.status === 'pass').length, 1);
    assertNoSecrets(run.output, [emulator]);
  });

  test('no .env and no variables: says so, and names the required ones', async () => {
    const { check } = await doctorJson('genesys', undefined);
    assert.equal(check('env-file').status, 'fail');
    assert.match(check('env-file').detail, /^no \.env in \S+ and no GENESYS_\* variables in the environment$/);
    assert.deepEqual(
      check('variables').evidence?.map((p) => p.split('.')[0]),
      ['GENESYS_CLIENT_ID is missing', 'GENESYS_CLIENT_SECRET is missing'],
    );
  });

  test('unresolvable host: the DNS check fails on the region-derived host and points at GENESYS_REGION', async () => {
    const { GENESYS_LOGIN_URL: _l, GENESYS_API_URL: _a, ...rest } = genesysOnly(env);
    const { report, check } = await doctorJson('genesys', { ...rest, GENESYS_REGION: 'mypurecloud.invalid' });
    const dns = check('dns');
    assert.equal(dns.status, 'fail');
    assert.match(dns.detail, /^login\.mypurecloud\.invalid does not resolve \((ENOTFOUND|EAI_AGAIN)\)$/);
    assert.match(dns.fix ?? '', /GENESYS_REGION/);
    assert.deepEqual(withStatus(report, 'fail'), ['dns']);
    assert.equal(check('token-endpoint').status, 'skip');
  });

  test('unreachable host: the token endpoint check fails with the connection error', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const { report, check } = await doctorJson('genesys', { ...genesysOnly(env), GENESYS_LOGIN_URL: closed });
    assert.equal(check('dns').status, 'pass');
    const reach = check('token-endpoint');
    assert.equal(reach.status, 'fail');
    assert.match(reach.detail, new RegExp(`^${closed}/oauth/token did not answer \\(ECONNREFUSED`));
    assert.match(reach.fix ?? '', /GENESYS_REGION \/ GENESYS_LOGIN_URL/);
    assert.deepEqual(withStatus(report, 'fail'), ['token-endpoint']);
    assert.equal(check('clock').status, 'skip');
  });

  test('wrong secret: invalid_client, and the fix names the secret (the authorize endpoint knows the id)', async () => {
    const { report, check, run } = await doctorJson('genesys', {
      ...genesysOnly(env),
      GENESYS_CLIENT_SECRET: 'not-the-secret',
    });
    const client = check('client');
    assert.equal(client.status, 'fail');
    assert.match(client.detail, /rejected the OAuth client \(invalid_client/);
    assert.match(
      client.fix ?? '',
      /^Check GENESYS_CLIENT_SECRET: the client id GENESYS_CLIENT_ID \(\S{4}…\(36 chars\)\) exists/,
    );
    assert.deepEqual(withStatus(report, 'fail'), ['client']);
    assert.equal(check('grant').status, 'skip');
    assertNoSecrets(run.output, [emulator]);

    const unknownId = await doctorJson('genesys', {
      ...genesysOnly(env),
      GENESYS_CLIENT_ID: '00000000-0000-4000-8000-000000000000',
    });
    assert.match(
      unknownId.check('client').fix ?? '',
      /^Check GENESYS_CLIENT_ID \(0000…\(36 chars\)\): the vendor does not know this client id/,
    );
  });

  test('grant not enabled: a Code Authorization client as the daemon gets unauthorized_client', async () => {
    const { report, check } = await doctorAsClient('web');
    assert.equal(check('client').status, 'pass');
    const grant = check('grant');
    assert.equal(grant.status, 'fail');
    assert.match(grant.detail, /not allowed to use the client credentials grant \(unauthorized_client/);
    assert.match(grant.fix ?? '', /Grant Type is "Client Credentials"/);
    assert.deepEqual(withStatus(report, 'fail'), ['grant']);
  });

  test("missing role: the seeded 'limited' client may list queues, and each other report names its permission", async () => {
    const { report, check } = await doctorAsClient('limited');
    assert.equal(check('permission:directory:queues').status, 'pass');
    const expected: [string, string][] = [
      ['permission:directory:users', GENESYS_PERMISSIONS.userView],
      ['permission:queue-intervals:queue intervals', GENESYS_PERMISSIONS.conversationAggregate],
      ['permission:agent-intervals:agent intervals', GENESYS_PERMISSIONS.conversationAggregate],
      ['permission:conversations:conversations', GENESYS_PERMISSIONS.conversationDetail],
    ];
    for (const [id, permission] of expected) {
      const c = check(id);
      assert.equal(c.status, 'fail', id);
      assert.match(c.detail, /failed with HTTP 403 missing\.permissions/);
      assert.deepEqual(c.data?.missingPermissions, [permission]);
      assert.ok(
        c.fix?.startsWith(`Add a role with the permission ${permission} to the OAuth client GENESYS_CLIENT_ID`),
        c.fix,
      );
    }
    assert.deepEqual(
      withStatus(report, 'fail'),
      expected.map(([id]) => id),
    );
  });

  test('wrong redirect URI: the configured and the registered one side by side, first difference marked', async () => {
    const run = await runDoctorCli(['genesys', '--public-url', 'http://127.0.0.1:9'], {
      ...genesysOnly(env),
      GENESYS_REDIRECT_URI: 'http://127.0.0.1:8765/callback/',
    });
    assert.equal(run.code, 1, run.output);
    const lines = run.stdout.split('\n');
    const at = lines.findIndex((l) => l.startsWith('FAIL  redirect URI (login)'));
    assert.ok(at > 0, run.stdout);
    assert.match(
      lines[at] ?? '',
      /http:\/\/127\.0\.0\.1:8765\/callback\/ is not registered on GENESYS_AUTH_CODE_CLIENT_ID \(\S{4}…\(36 chars\)\) \(redirect_uri_mismatch/,
    );
    assert.deepEqual(lines.slice(at + 1, at + 5), [
      '      configured  http://127.0.0.1:8765/callback/',
      '      registered  http://127.0.0.1:8765/callback',
      `      ${' '.repeat(12 + 'http://127.0.0.1:8765/callback'.length)}^ first difference`,
      "      fix: Set GENESYS_REDIRECT_URI=http://127.0.0.1:8765/callback, or register exactly 'http://127.0.0.1:8765/callback/' on GENESYS_AUTH_CODE_CLIENT_ID (" +
        `${seedClient(emulator.org, 'genesys', 'web').id.slice(0, 4)}…(36 chars)).`,
    ]);
    const dashboard = lines.findIndex((l) => l.startsWith('FAIL  redirect URI (dashboard)'));
    assert.deepEqual(lines.slice(dashboard + 1, dashboard + 3), [
      '      configured  http://127.0.0.1:9/callback/genesys',
      '      registered  (none of the near misses either: trailing slash, localhost/127.0.0.1, http/https)',
    ]);
    assert.match(
      lines[dashboard + 3] ?? '',
      /fix: Register exactly 'http:\/\/127\.0\.0\.1:9\/callback\/genesys' on GENESYS_AUTH_CODE_CLIENT_ID .* or set --public-url/,
    );
    assert.equal(run.stdout.match(/^FAIL/gm)?.length, 2, run.stdout);
    assertNoSecrets(run.output, [emulator]);
  });

  test('a scope the login client lacks: the authorize endpoint answers invalid_scope', async () => {
    const { report, check } = await doctorJson('genesys', {
      ...genesysOnly(env),
      GENESYS_SCOPES: 'analytics conversations',
    });
    assert.equal(check('redirect:login').status, 'pass');
    const client = check('login-client');
    assert.equal(client.status, 'fail');
    assert.match(
      client.detail,
      /refused the requested scopes \(invalid_scope: Scope\(s\) not allowed for this client: conversations\)/,
    );
    assert.match(client.fix ?? '', /GENESYS_SCOPES/);
    assert.deepEqual(withStatus(report, 'fail'), ['login-client']);
  });

  test('rate limit: a 429 from the API, or no requests left in the minute, fails the headroom check', async () => {
    // The doctor makes five API requests; the emulator's per-token limit is set just under and at that.
    for (const [limit, expected] of [
      [4, /^POST \/api\/v2\/analytics\/conversations\/details\/query failed with HTTP 429 too\.many\.requests/],
      [5, /^0 of 5 requests left in this minute for the token \(resets in \d+ s\): the next request would get 429$/],
    ] as const) {
      const limited = await startEmulator({ seed: 11, rateLimits: { clientPerMinute: limit } });
      started.push(limited);
      const { report, check } = await doctorJson('genesys', genesysOnly(limited.env()));
      const rate = check('rate-limit');
      assert.equal(rate.status, 'fail', `limit ${limit}`);
      assert.match(rate.detail, expected);
      assert.deepEqual(withStatus(report, 'fail'), ['rate-limit']);
      if (limit === 4) assert.equal(check('permission:conversations:conversations').status, 'skip');
    }
  });

  test('clock skew: an emulator five minutes ahead fails the check; ours agrees with itself', async () => {
    const ahead = await startEmulator({
      seed: 11,
      clock: { now: () => Date.now() + 300_000, sleep: systemClock.sleep },
    });
    started.push(ahead);
    const { report, check } = await doctorJson('genesys', genesysOnly(ahead.env()));
    const clock = check('clock');
    assert.equal(clock.status, 'fail');
    // The figure is exact to within the uncertainty the check states (half a second plus half the
    // round trip, which a loaded machine stretches): 300 s, give or take that.
    const said = /^this machine's clock is (\d+) s behind 127\.0\.0\.1:\d+ \(±(\d+) s\); more than 30 s$/.exec(
      clock.detail,
    );
    assert.ok(said, clock.detail);
    assert.ok(Math.abs(Number(said[1]) - 300) <= Number(said[2]), clock.detail);
    const uncertaintyMs = clock.data?.uncertaintyMs as number;
    assert.ok(Math.abs((clock.data?.skewMs as number) - 300_000) <= uncertaintyMs, String(clock.data?.skewMs));
    assert.match(clock.fix ?? '', /NTP/);
    assert.deepEqual(withStatus(report, 'fail'), ['clock']);

    const same = await doctorJson('genesys', genesysOnly(env));
    const agrees = same.check('clock').data;
    assert.ok(Math.abs(agrees?.skewMs as number) <= (agrees?.uncertaintyMs as number));
  });
});
