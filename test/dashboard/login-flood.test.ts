// Starting a sign-in is unauthenticated and stores a pending login: a flood of them must not grow the
// store without bound, and real people must still be able to sign in while it goes on (issue #15
// item 0c). Over real HTTP against the emulator.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createManualClock } from '../../src/core/index.js';
import { LOGIN_COOKIE, MemorySessionStore } from '../../src/dashboard/index.js';
import { submitLoginForm } from '../support/login-form.js';
import { BrowserTab, FIXTURE_START, type Fixture, startFixture } from './dashboard-fixture.js';

/** `count` requests to /login/genesys, `parallel` at a time; `from(i)` is the i-th request's X-Forwarded-For. */
async function flood(base: string, count: number, from: (i: number) => string | undefined, parallel = 16) {
  const statuses = new Map<number, number>();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const forwarded = from(i);
      const r = await fetch(`${base}/login/genesys`, {
        redirect: 'manual',
        headers: forwarded ? { 'x-forwarded-for': forwarded } : {},
      });
      await r.arrayBuffer();
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return statuses;
}

/** A whole sign-in as `username` from `address` (the proxy's X-Forwarded-For), split so a flood can run in between. */
async function startSignIn(tab: BrowserTab, address: string) {
  const headers = { 'x-forwarded-for': address };
  const start = await tab.request('/login/genesys', { headers });
  assert.equal(start.status, 302, `the sign-in did not start (${start.status})`);
  return async (username: string) => {
    const callback = await submitLoginForm(start.headers.get('location') ?? '', username, `demo-${username}`);
    return tab.request(`${callback.pathname}${callback.search}`, { headers });
  };
}

describe('behind a proxy (X-Forwarded-For trusted)', () => {
  let f: Fixture;
  let store: MemorySessionStore;
  before(async () => {
    const clock = createManualClock(FIXTURE_START);
    store = new MemorySessionStore(clock);
    f = await startFixture({
      clock,
      deps: { trustProxy: true, store, sessions: { maxPendingLogins: 500 }, loginRate: {} },
    });
  });
  after(() => f.close());

  test('one client flooding is refused after its burst; another signs in during the flood', async () => {
    const alice = new BrowserTab(f.dashboard.url);
    const finish = await startSignIn(alice, '198.51.100.7');
    const statuses = await flood(f.dashboard.url, 2000, () => '203.0.113.9');
    assert.equal(statuses.get(302), 20, `allowed: ${JSON.stringify([...statuses])}`);
    assert.equal(statuses.get(429), 1980);
    assert.ok(store.size <= 21, `${store.size} records stored for one client`);
    const done = await finish('alice');
    assert.equal(done.status, 200, done.body.slice(0, 200));
    assert.match(done.body, /Signed in/);
    // The flooder regains sign-ins at the configured pace, not at once.
    await f.clock.advance(60_000);
    const later = await flood(f.dashboard.url, 30, () => '203.0.113.9', 1);
    assert.equal(later.get(302), 10);
  });

  test('a flood from many addresses stays within the cap, and a sign-in started during it completes', async () => {
    const bob = new BrowserTab(f.dashboard.url);
    const statuses = await flood(f.dashboard.url, 1500, (i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    assert.equal(statuses.get(302), 1500);
    assert.ok(store.size <= 500 + 5, `${store.size} records: the cap of 500 pending logins did not hold`);
    const finish = await startSignIn(bob, '198.51.100.8');
    await flood(f.dashboard.url, 400, (i) => `10.200.${(i >> 8) & 255}.${i & 255}`);
    assert.ok(store.size <= 500 + 5, `${store.size} records`);
    const done = await finish('bob');
    assert.equal(done.status, 200, done.body.slice(0, 200));
  });

  test('an IPv6 client is one client for its whole /64', async () => {
    const statuses = await flood(f.dashboard.url, 40, (i) => `2001:db8:1:2::${i.toString(16)}`, 4);
    assert.equal(statuses.get(302), 20);
  });
});

describe('without a trusted proxy', () => {
  let f: Fixture;
  before(async () => {
    f = await startFixture({ deps: { loginRate: {} } });
  });
  after(() => f.close());

  test('X-Forwarded-For is ignored: the socket address is the client', async () => {
    const statuses = await flood(f.dashboard.url, 60, (i) => `192.0.2.${i}`);
    assert.equal(statuses.get(302), 20);
    assert.equal(statuses.get(429), 40);
    const refused = await fetch(`${f.dashboard.url}/login/genesys`, { redirect: 'manual' });
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), '60');
    assert.match(await refused.text(), /Too many sign-ins started/);
    assert.ok(
      !refused.headers.getSetCookie().some((c) => c.startsWith(LOGIN_COOKIE)),
      'a refused start set a login cookie',
    );
  });
});
