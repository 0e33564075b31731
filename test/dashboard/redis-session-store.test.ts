// The dashboard's sessions in Redis: the SessionStore contract against a real server (expiry on the
// injected clock, one-time take under concurrency, delete, a typed error when Redis is gone), two
// dashboard processes sharing sign-ins and sign-outs through one Redis, and nothing in Redis that
// holds a vendor token in the clear; `ccpulse serve` wired to REDIS_URL; a token refreshed by one
// process is adopted by the other. Every key it writes is under its own random prefix, and only
// those keys are deleted afterwards; every test that needs Redis is marked skipped, visibly, when there is none.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, type TestContext, test } from 'node:test';
import { Redis } from 'ioredis';
import { parseConfig } from '../../src/config/index.js';
import { createManualClock, type ManualClock, silentLogger } from '../../src/core/index.js';
import {
  type DashboardDeps,
  openRedisSessionStore,
  RedisSessionStore,
  type RunningDashboard,
  SessionStoreUnavailableError,
  startDashboard,
} from '../../src/dashboard/index.js';
import { type EmulatorOptions, type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import {
  keysUnder,
  plantSentinels,
  REDIS_URL,
  redisReachable,
  TOKEN_KEY,
  TOKEN_KEY_HEX,
} from '../scale/redis-support.js';
import { submitLoginForm } from '../support/login-form.js';
import { freePort, runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';
import { BrowserTab, csrfFrom, FIXTURE_START, signInTab, startWithEmulator, tokenTap } from './dashboard-fixture.js';

// Every key this file writes starts with its own random prefix; only those keys are deleted after.
const PREFIX = `ccpulse-test:${process.pid}:${randomBytes(4).toString('hex')}:`;

const connections: Redis[] = [];
/** A connection of its own, as another process would have. */
function connect(): Redis {
  const redis = new Redis(REDIS_URL);
  connections.push(redis);
  return redis;
}

let admin: Redis | undefined;
// Keys of "someone else" in databases 0, 11 and 13 around this file (the dashboard and `serve` with
// REDIS_URL write here): the file fails if any is gone or changed afterwards.
let checkSentinels: (() => Promise<void>) | undefined;
before(async () => {
  if (!(await redisReachable())) return;
  admin = connect();
  checkSentinels = await plantSentinels();
});
after(async () => {
  try {
    await checkSentinels?.();
  } finally {
    if (admin) {
      const left = await allKeys(admin);
      if (left.length > 0) await admin.del(...left);
    }
    await Promise.all(connections.map((r) => r.quit().catch(() => r.disconnect())));
  }
});

/** Whether Redis is there; when it is not, the test is marked skipped with the reason. */
async function needRedis(t: TestContext): Promise<Redis | undefined> {
  if (!(await redisReachable()) || !admin) {
    t.skip(`skipped: no Redis at ${REDIS_URL} (set CCPULSE_TEST_REDIS_URL)`);
    return undefined;
  }
  return admin;
}

const allKeys = (redis: Redis) => keysUnder(redis, PREFIX);

describe('RedisSessionStore', () => {
  test('get and set share values between connections and expire on the injected clock, like memory', async (t) => {
    const raw = await needRedis(t);
    if (!raw) return;
    const clock = createManualClock(FIXTURE_START);
    const one = new RedisSessionStore({ redis: connect(), clock, prefix: `${PREFIX}contract-1:` });
    const other = new RedisSessionStore({ redis: connect(), clock, prefix: `${PREFIX}contract-1:` });

    assert.equal(await one.get('ccpulse:session:a'), undefined);
    await one.set('ccpulse:session:a', 'sealed-a', clock.now() + 60_000);
    assert.equal(await other.get('ccpulse:session:a'), 'sealed-a');
    // Redis drops the key after the same time to live (real time, the manual clock stands still).
    const ttl = await raw.pttl(`${PREFIX}contract-1:ccpulse:session:a`);
    assert.ok(ttl > 50_000 && ttl <= 60_000, 'the time to live is expiresAt - now');

    await one.set('ccpulse:session:a', 'sealed-a2', clock.now() + 120_000);
    assert.equal(await other.get('ccpulse:session:a'), 'sealed-a2');
    await clock.advance(119_999);
    assert.equal(await other.get('ccpulse:session:a'), 'sealed-a2');
    await clock.advance(1);
    assert.equal(await other.get('ccpulse:session:a'), undefined, 'expired at expiresAt on the injected clock');
    assert.equal(await other.take('ccpulse:session:a'), undefined, 'an expired record cannot be taken either');

    // An expiry already past stores nothing (and removes what was there).
    await one.set('ccpulse:session:b', 'sealed-b', clock.now() + 1000);
    await one.set('ccpulse:session:b', 'sealed-b2', clock.now());
    assert.equal(await raw.exists(`${PREFIX}contract-1:ccpulse:session:b`), 0);
    assert.equal(await one.get('ccpulse:session:b'), undefined);

    // A damaged record reads as absent.
    await raw.set(`${PREFIX}contract-1:ccpulse:session:c`, 'not-a-record');
    assert.equal(await one.get('ccpulse:session:c'), undefined);
  });

  test('take is one-time: of 50 concurrent takes from 10 connections exactly one gets the value', async (t) => {
    const raw = await needRedis(t);
    if (!raw) return;
    const clock = createManualClock(FIXTURE_START);
    const stores = Array.from(
      { length: 10 },
      () => new RedisSessionStore({ redis: connect(), clock, prefix: `${PREFIX}contract-2:` }),
    );
    for (let round = 0; round < 5; round++) {
      const key = `ccpulse:login:round-${round}`;
      await stores[0]?.set(key, `pending-${round}`, clock.now() + 600_000);
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => stores[i % stores.length]?.take(key) as Promise<string | undefined>),
      );
      assert.deepEqual(
        results.filter((r) => r !== undefined),
        [`pending-${round}`],
      );
      assert.equal(await raw.exists(`${PREFIX}contract-2:${key}`), 0, 'taken means gone');
    }
  });

  test('delete removes the value, and deleting a missing key is fine', async (t) => {
    const raw = await needRedis(t);
    if (!raw) return;
    const clock = createManualClock(FIXTURE_START);
    const store = new RedisSessionStore({ redis: connect(), clock, prefix: `${PREFIX}contract-3:` });
    await store.set('ccpulse:session:d', 'sealed-d', clock.now() + 60_000);
    await store.delete('ccpulse:session:d');
    assert.equal(await store.get('ccpulse:session:d'), undefined);
    assert.equal(await raw.exists(`${PREFIX}contract-3:ccpulse:session:d`), 0);
    await store.delete('ccpulse:session:never-there');
  });
});

describe('Redis unreachable', () => {
  test('opening fails with a typed error whose hint names REDIS_URL', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    await assert.rejects(openRedisSessionStore(url), (error: unknown) => {
      assert.ok(error instanceof SessionStoreUnavailableError);
      assert.equal(error.code, 'SESSION_STORE_UNAVAILABLE');
      assert.match(error.hint, /REDIS_URL/);
      return true;
    });
  });

  test('a command that fails says so without the key or the value', async () => {
    const redis = new Redis(`redis://127.0.0.1:${await freePort()}`, {
      lazyConnect: true,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
    });
    redis.on('error', () => undefined);
    const store = new RedisSessionStore({ redis });
    try {
      for (const attempt of [
        () => store.set('ccpulse:session:key-secret-part', 'sealed-value-part', Date.now() + 60_000),
        () => store.get('ccpulse:session:key-secret-part'),
        () => store.take('ccpulse:login:key-secret-part'),
        () => store.delete('ccpulse:session:key-secret-part'),
      ])
        await assert.rejects(attempt(), (error: unknown) => {
          assert.ok(error instanceof SessionStoreUnavailableError);
          const text = `${error.message} ${error.hint} ${JSON.stringify(error)}`;
          assert.ok(!text.includes('secret-part') && !text.includes('value-part'), 'a key or value in the error');
          assert.equal(error.cause, undefined);
          return true;
        });
    } finally {
      redis.disconnect();
    }
  });
});

/** Every token the dashboard received from the vendor, read off the wire as it arrived. */
const { received, fetch: tapFetch } = tokenTap();

interface Pair {
  emulator: RunningEmulator;
  a: RunningDashboard;
  b: RunningDashboard;
  close(): Promise<void>;
}

/**
 * Two dashboards as two processes would be: each its own Redis connection, the same sealing key
 * (CCPULSE_TOKEN_KEY) and the same public address (a load balancer in front), so the vendor knows
 * one redirect URI.
 */
async function startPair(
  clock: ManualClock,
  emulatorOptions: Partial<EmulatorOptions> = {},
  options: { liveRefreshMs?: number; bWithoutLock?: boolean; bFetch?: typeof fetch } = {},
): Promise<Pair> {
  const deps = (running: RunningEmulator, publicUrl: string, b = false): DashboardDeps => {
    const withoutLock = b && options.bWithoutLock;
    const store = new RedisSessionStore({ redis: connect(), clock, prefix: PREFIX });
    return {
      orgs: parseConfig(running.env()).orgs,
      publicUrl,
      sessionKey: TOKEN_KEY,
      // Without the lock: a process whose hold ran out (or an older version), refreshing unserialised.
      store: withoutLock
        ? {
            get: (k) => store.get(k),
            set: (k, v, e) => store.set(k, v, e),
            take: (k) => store.take(k),
            delete: (k) => store.delete(k),
          }
        : store,
      clock,
      logger: silentLogger,
      oauth: { fetch: (b && options.bFetch) || tapFetch },
      ...(options.liveRefreshMs ? { live: { refreshMs: options.liveRefreshMs } } : {}),
    };
  };
  const { emulator: started, dashboard: a } = await startWithEmulator(clock, emulatorOptions, deps);
  const b = await startDashboard({ port: 0, deps: deps(started, a.publicUrl, true) });
  return {
    emulator: started,
    a,
    b,
    close: async () => {
      await b.close();
      await a.close();
      await started.close();
    },
  };
}

/** A tab on `dashboard` holding the cookies `from` holds (the browser does not know which process answers). */
function sameBrowser(from: BrowserTab, dashboard: RunningDashboard): BrowserTab {
  const tab = new BrowserTab(dashboard.url);
  for (const [name, value] of from.cookies) tab.cookies.set(name, value);
  return tab;
}

/** alice signed in on A, and the same browser (its cookies) pointed at B. */
async function aliceOnBoth(pair: Pair): Promise<{ onA: BrowserTab; onB: BrowserTab }> {
  const onA = new BrowserTab(pair.a.url);
  await signInTab(onA, 'alice', 'genesys');
  return { onA, onB: sameBrowser(onA, pair.b) };
}

/**
 * A pair whose Genesys tokens live 10 minutes, with alice signed in and served by both processes;
 * closed after `body`, whatever it did.
 */
async function withSignedInPair(
  body: (pair: Pair, clock: ManualClock, tabs: { onA: BrowserTab; onB: BrowserTab }) => Promise<void>,
): Promise<void> {
  const clock = createManualClock(FIXTURE_START);
  const pair = await startPair(clock, { tokenLifetimeSeconds: { genesys: 600 } });
  try {
    const tabs = await aliceOnBoth(pair);
    assert.equal((await tabs.onA.get('/api/dashboard')).status, 200);
    assert.equal((await tabs.onB.get('/api/dashboard')).status, 200);
    await body(pair, clock, tabs);
  } finally {
    await pair.close();
  }
}

describe('two dashboard processes sharing one Redis', () => {
  let pair: Pair | undefined;
  before(async () => {
    if (await redisReachable()) pair = await startPair(createManualClock(FIXTURE_START));
  });
  after(() => pair?.close());

  test('signed in through A, B serves the page; sign-out on B ends the session on A; Redis holds no token in the clear', async (t) => {
    const raw = await needRedis(t);
    if (!raw || !pair) return;
    const { a, b, emulator } = pair;
    const onA = new BrowserTab(a.url);
    await signInTab(onA, 'alice', 'genesys');
    const cookie = onA.cookies.get('__Host-ccpulse');
    assert.ok(cookie, 'A set a session cookie');
    assert.match((await onA.get('/')).body, /Alice Sales-Supervisor/);

    const onB = sameBrowser(onA, b);
    const page = await onB.get('/');
    assert.equal(page.status, 200);
    assert.match(page.body, /Alice Sales-Supervisor/);
    assert.match(page.body, /Sales EN/);
    assert.equal((await onB.get('/api/dashboard')).status, 200);

    // What Redis holds: sealed records under hashed ids, living as long as the session's idle timeout.
    const keys = await allKeys(raw);
    const sessionKeys = keys.filter((k) => k.startsWith(`${PREFIX}session:`));
    assert.equal(sessionKeys.length, 1);
    for (const key of sessionKeys) {
      assert.ok(!key.includes(cookie), 'the store key is the cookie value');
      // Real seconds pass in Redis between sign-in and here (more on a loaded machine); the manual clock does not move.
      const ttl = await raw.pttl(key);
      assert.ok(ttl > 29 * 60_000 && ttl <= 30 * 60_000, 'the key lives as long as the idle timeout');
    }
    assert.ok(received.size >= 2, 'the tap saw the vendor tokens');
    assert.ok(emulator.context.tokens.size >= 1);
    const tokens = [...received, ...emulator.context.tokens.keys()];
    for (const key of keys) {
      const value = (await raw.get(key)) ?? '';
      for (const token of tokens) assert.ok(!value.includes(token), `${key} holds a vendor token in the clear`);
      assert.ok(!value.includes(cookie), `${key} holds the session cookie value`);
    }

    const signOut = await onB.postForm('/logout', { csrf: csrfFrom(page.body) });
    assert.equal(signOut.status, 303);
    assert.match(signOut.headers.get('location') ?? '', /^\/signed-out/);
    const refused = await onA.get('/');
    assert.equal(refused.status, 401);
    assert.match(refused.body, /Your session has ended/);
    assert.ok(
      refused.setCookies.some((c) => /^__Host-ccpulse=;.*Max-Age=0/.test(c)),
      'A clears the cookie',
    );
    assert.deepEqual(
      (await allKeys(raw)).filter((k) => k.startsWith(`${PREFIX}session:`)),
      [],
      'the session is gone from Redis',
    );
  });

  test('a sign-in started on B completes on A, once', async (t) => {
    const raw = await needRedis(t);
    if (!raw || !pair) return;
    const { a, b } = pair;
    const onB = new BrowserTab(b.url);
    const start = await onB.get('/login/genesys');
    assert.equal(start.status, 302);
    const callback = await submitLoginForm(start.headers.get('location') ?? '', 'alice', 'demo-alice');
    const onA = sameBrowser(onB, a);
    const done = await onA.get(`${callback.pathname}${callback.search}`);
    assert.equal(done.status, 200);
    assert.match((await onA.get('/')).body, /Alice Sales-Supervisor/);
    // The pending login was taken: replaying the callback on B is refused.
    const replay = await onB.get(`${callback.pathname}${callback.search}`);
    assert.equal(replay.status, 400);
  });
});

describe('token refresh across dashboard processes', () => {
  // Each process keeps its own TokenManager per session; before refreshing, it re-reads the session
  // from the shared store, so after B rotated the refresh token A adopts B's set instead of spending
  // the dead one. Both processes now also keep the user's live feed, whose minutely re-reads refresh
  // in both at the same instant of this test's clock: without a cross-process lock one of them spends
  // the rotated-away refresh token. The session refresh lock in Redis (issue #17) removes that race.
  test('after B refreshes the tokens, A keeps serving with the rotated set', async (t) => {
    if (!(await needRedis(t))) return;
    await withSignedInPair(async (pair, clock, { onA, onB }) => {
      for (let i = 0; i < 2; i++) {
        await clock.advance(11 * 60_000);
        assert.equal((await onB.get('/api/dashboard')).status, 200, 'B after expiry');
        await clock.advance(11 * 60_000);
        assert.equal((await onA.get('/api/dashboard')).status, 200, 'A after B refreshed');
      }
      const refused = pair.emulator.context.stats.tokenRequests.filter((r) => r.grant === 'refresh_token' && !r.ok);
      assert.equal(refused.length, 0, 'no spent refresh token was sent');
    });
  });
});

describe('one session, two processes, an expired access token (issue #17 item 6c)', () => {
  const refreshGrants = (emulator: RunningEmulator) =>
    emulator.context.stats.tokenRequests.filter((r) => r.grant === 'refresh_token');

  test('10 concurrent requests over both processes: one refresh (under the Redis lock), no 401, still signed in', async (t) => {
    const raw = await needRedis(t);
    if (!raw) return;
    await withSignedInPair(async (pair, clock, { onA, onB }) => {
      const before = refreshGrants(pair.emulator).length;
      for (let round = 0; round < 3; round++) {
        // Past expiry, so each process must have a new token before it can answer.
        await clock.advance(11 * 60_000);
        const statuses = await Promise.all(
          Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? onA : onB).get('/api/dashboard').then((r) => r.status)),
        );
        assert.deepEqual(statuses, Array(10).fill(200), `round ${round}`);
      }
      const grants = refreshGrants(pair.emulator).slice(before);
      assert.deepEqual(
        grants.map((g) => g.ok),
        [true, true, true],
        'one refresh per expiry across both processes, none refused',
      );
      assert.equal((await onA.get('/')).status, 200, 'still signed in on A');
      assert.equal((await onB.get('/')).status, 200, 'still signed in on B');
      assert.deepEqual(
        (await allKeys(raw)).filter((k) => k.startsWith(`${PREFIX}lock:`)),
        [],
        'every lock was released',
      );
    });
  });

  test('a process that refreshes without the lock and gets invalid_grant adopts the set the other stored', async (t) => {
    if (!(await needRedis(t))) return;
    const clock = createManualClock(FIXTURE_START);
    // B's refresh request waits until A has refreshed (B has read the session already, holds no lock
    // and so sends the spent refresh token); the live feeds' re-reads stay quiet meanwhile.
    let beforeBRefreshes: (() => Promise<unknown>) | undefined;
    const bFetch: typeof fetch = async (input, init) => {
      const hook = beforeBRefreshes;
      if (hook && new URLSearchParams(String(init?.body ?? '')).get('grant_type') === 'refresh_token') {
        beforeBRefreshes = undefined;
        await hook();
      }
      return tapFetch(input, init);
    };
    const pair = await startPair(
      clock,
      { tokenLifetimeSeconds: { genesys: 600 } },
      { liveRefreshMs: 24 * 3600_000, bWithoutLock: true, bFetch },
    );
    try {
      const { onA, onB } = await aliceOnBoth(pair);
      assert.equal((await onB.get('/api/dashboard')).status, 200, 'B holds the first set');
      await clock.advance(11 * 60_000);
      // Whatever in B needs the token first (a page, or its live feed in the background) refreshes.
      const aRefreshed = new Promise<number>((resolve) => {
        beforeBRefreshes = async () => resolve((await onA.get('/api/dashboard')).status);
      });
      assert.equal((await onB.get('/api/dashboard')).status, 200);
      assert.equal(await aRefreshed, 200, 'A refreshed first: the refresh token rotated');
      for (let i = 0; refreshGrants(pair.emulator).length < 2; i++) {
        assert.ok(i < 500, 'B never sent its refresh');
        await new Promise((r) => setTimeout(r, 10));
      }
      assert.deepEqual(
        refreshGrants(pair.emulator).map((g) => g.ok),
        [true, false],
        "B's refresh was refused as invalid_grant",
      );
      await new Promise((r) => setTimeout(r, 100));
      const page = await onB.get('/api/dashboard');
      assert.equal(page.status, 200, 'B adopted the rotated set instead of signing the user out');
      assert.equal((await onA.get('/api/dashboard')).status, 200, 'A still signed in');
    } finally {
      await pair.close();
    }
  });
});

describe('ccpulse serve with REDIS_URL', () => {
  const dataDir = () => tempDir('ccpulse-serve-redis-');

  test('keeps sessions in Redis and closes the connection on Ctrl-C', async (t) => {
    const raw = await needRedis(t);
    if (!raw) return;
    const port = await freePort();
    const emulator = await startEmulator({
      seed: 12,
      redirectUris: { genesys: [`http://127.0.0.1:${port}/callback/genesys`] },
    });
    const run = runCli(['serve', '--port', String(port)], {
      ...emulator.env(),
      REDIS_URL,
      CCPULSE_REDIS_PREFIX: PREFIX,
      CCPULSE_TOKEN_KEY: TOKEN_KEY_HEX,
      CCPULSE_DATA_DIR: dataDir(),
    });
    try {
      const [, url = ''] = await run.waitFor(/Dashboard: (\S+)/);
      await run.waitFor(/Sessions are kept in Redis/);
      const before = (await allKeys(raw)).filter((k) => k.startsWith(`${PREFIX}session:`)).length;
      const tab = new BrowserTab(url);
      await signInTab(tab, 'alice', 'genesys');
      assert.match((await tab.get('/')).body, /Sales EN/);
      const after = (await allKeys(raw)).filter((k) => k.startsWith(`${PREFIX}session:`)).length;
      assert.equal(after, before + 1, 'the session is in Redis');
    } finally {
      run.child.kill('SIGTERM');
      const { code } = await run.done;
      await emulator.close();
      assert.equal(code, 0, 'serve exits once stopped (the Redis connection does not hold it open)');
    }
  });

  test('refuses to start without CCPULSE_TOKEN_KEY, or when Redis cannot be reached', async () => {
    const emulator = await startEmulator({ seed: 12 });
    try {
      const port = String(await freePort());
      const noKey = await runCli(['serve', '--port', port], {
        ...emulator.env(),
        REDIS_URL,
        CCPULSE_REDIS_PREFIX: PREFIX,
        CCPULSE_DATA_DIR: dataDir(),
      }).done;
      assert.equal(noKey.code, 2, 'a missing key is configuration: exit 2');
      assert.match(noKey.stderr, /CCPULSE_TOKEN_KEY/);
      assert.doesNotMatch(noKey.stdout, /Dashboard:/);

      const dead = await runCli(['serve', '--port', port], {
        ...emulator.env(),
        REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
        CCPULSE_TOKEN_KEY: TOKEN_KEY_HEX,
        CCPULSE_DATA_DIR: dataDir(),
      }).done;
      assert.equal(dead.code, 1);
      assert.match(dead.stderr, /session store in Redis cannot be used[\s\S]*fix: .*REDIS_URL/);
      assert.doesNotMatch(dead.stdout, /Dashboard:/);
    } finally {
      await emulator.close();
    }
  });
});
