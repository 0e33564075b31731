// The dashboard's sign-in and session security over real HTTP against the emulator: callback
// fuzzing (state, code, issuer, errors, size, shape) always ends in a 400 page and no session; the
// cookies carry the right attributes; returnTo cannot leave the site; logout needs the CSRF token
// and revokes the vendor token; sessions expire and refresh server-side; no token ever reaches the
// browser.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CONTENT_SECURITY_POLICY, safeReturnTo } from '../../src/dashboard/index.js';
import { submitLoginForm } from '../support/login-form.js';
import { BrowserTab, csrfFrom, type Exchange, type Fixture, startFixture, tokenTap } from './dashboard-fixture.js';

/** Every token the dashboard received from the vendor, read off the wire as it arrived. */
const { received, fetch: tapFetch } = tokenTap();

let f: Fixture;
const tabs: BrowserTab[] = [];
const newTab = () => {
  const tab = new BrowserTab(f.dashboard.url);
  tabs.push(tab);
  return tab;
};

before(async () => {
  f = await startFixture({ deps: { oauth: { fetch: tapFetch } } });
});
after(() => f.close());

/** Starts a login in `tab` and returns the vendor's authorization URL. */
async function startLogin(tab: BrowserTab, vendor: 'genesys' | 'cxone' = 'genesys', returnTo?: string): Promise<URL> {
  const r = await tab.get(
    `/login/${vendor}${returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(returnTo)}`}`,
  );
  assert.equal(r.status, 302);
  return new URL(r.headers.get('location') ?? '');
}

/** Callback path (+query) on the dashboard for a vendor's redirect. */
const local = (url: URL) => `${url.pathname}${url.search}`;

async function signIn(tab: BrowserTab, username: string, vendor: 'genesys' | 'cxone' = 'genesys', returnTo?: string) {
  const authorize = await startLogin(tab, vendor, returnTo);
  const callback = await submitLoginForm(authorize, username, `demo-${username}`);
  return { callback, response: await tab.get(local(callback)) };
}

const sessionCookieSet = (r: Exchange) => r.setCookies.some((c) => /^__Host-ccpulse=[^;]+/.test(c));

function assertRefused(r: Exchange, pattern: RegExp = /That sign-in link cannot be used/) {
  assert.equal(r.status, 400, r.body.slice(0, 300));
  assert.match(r.body, pattern);
  assert.equal(sessionCookieSet(r), false, `a session cookie was set: ${r.setCookies.join(' | ')}`);
}

describe('sign-in', () => {
  test('a full sign-in sets a Strict __Host- session cookie, a Lax __Host- login cookie, and shows the queues', async () => {
    const tab = newTab();
    const start = await tab.get('/login/genesys');
    const loginCookie = start.setCookies.find((c) => c.startsWith('__Host-ccpulse-login='));
    assert.ok(loginCookie);
    for (const attr of [/; Path=\//, /; HttpOnly/, /; Secure/, /; SameSite=Lax/, /; Max-Age=600/])
      assert.match(loginCookie, attr);
    assert.doesNotMatch(loginCookie, /Domain=/i);
    const authorize = new URL(start.headers.get('location') ?? '');
    assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(authorize.searchParams.get('redirect_uri'), `${f.dashboard.url}/callback/genesys`);
    // The login cookie holds an opaque id, not the state or the verifier.
    assert.ok(!loginCookie.includes(authorize.searchParams.get('state') ?? '-'));

    const callback = await submitLoginForm(authorize, 'alice', 'demo-alice');
    const done = await tab.get(local(callback));
    assert.equal(done.status, 200);
    assert.equal(done.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(done.headers.get('cache-control'), 'no-store');
    const session = done.setCookies.find((c) => c.startsWith('__Host-ccpulse='));
    assert.ok(session);
    for (const attr of [/; Path=\//, /; HttpOnly/, /; Secure/, /; SameSite=Strict/]) assert.match(session, attr);
    assert.doesNotMatch(session, /Domain=|Max-Age|Expires/i);
    assert.ok(
      done.setCookies.some((c) => /^__Host-ccpulse-login=;.*Max-Age=0/.test(c)),
      'login cookie cleared',
    );
    assert.match(done.body, /<meta http-equiv="refresh" content="0;url=\/">/);

    const page = await tab.get('/');
    assert.equal(page.status, 200);
    assert.match(page.body, /Alice Sales-Supervisor/);
    assert.match(page.body, /Sales EN/);
    assert.doesNotMatch(page.body, /Support Tier 1/);
  });

  test('a session id planted before sign-in is replaced, never adopted (fixation)', async () => {
    const tab = newTab();
    const planted = 'A'.repeat(43);
    tab.cookies.set('__Host-ccpulse', planted);
    const { response } = await signIn(tab, 'alice');
    assert.equal(response.status, 200);
    const issued = tab.cookies.get('__Host-ccpulse');
    assert.ok(issued && issued !== planted);
    const attacker = newTab();
    attacker.cookies.set('__Host-ccpulse', planted);
    assert.match((await attacker.get('/')).body, /Your session has ended/);
  });

  test('signing in again issues a new session id and ends the old one', async () => {
    const tab = newTab();
    await signIn(tab, 'alice');
    const first = tab.cookies.get('__Host-ccpulse') ?? '';
    await signIn(tab, 'alice');
    const second = tab.cookies.get('__Host-ccpulse') ?? '';
    assert.notEqual(first, second);
    const stale = newTab();
    stale.cookies.set('__Host-ccpulse', first);
    assert.equal((await stale.get('/')).status, 401);
  });

  test('the CXone login has its own redirect URI and works the same way', async () => {
    const tab = newTab();
    const authorize = await startLogin(tab, 'cxone');
    assert.equal(authorize.searchParams.get('redirect_uri'), `${f.dashboard.url}/callback/cxone`);
    assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
    const callback = await submitLoginForm(authorize, 'bob', 'demo-bob');
    assert.equal(callback.pathname, '/callback/cxone');
    assert.equal(callback.searchParams.get('iss'), f.emulator.cxoneUrl);
    const done = await tab.get(local(callback));
    assert.equal(done.status, 200, done.body.slice(0, 400));
    assert.ok(sessionCookieSet(done));
  });
});

describe('callback fuzzing: a clear 400 page and no session', () => {
  test('no login started in this browser', async () => {
    const victim = newTab();
    const callback = await submitLoginForm(await startLogin(victim), 'alice', 'demo-alice');
    // The same callback URL opened in another browser (no login cookie): refused.
    assertRefused(await newTab().get(local(callback)));
  });

  test('missing state', async () => {
    const tab = newTab();
    const callback = await submitLoginForm(await startLogin(tab), 'alice', 'demo-alice');
    callback.searchParams.delete('state');
    assertRefused(await tab.get(local(callback)), /has no state/);
  });

  test('wrong state, and the login it was aimed at is used up', async () => {
    const tab = newTab();
    const authorize = await startLogin(tab);
    const loginCookie = tab.cookies.get('__Host-ccpulse-login') ?? '';
    const callback = await submitLoginForm(authorize, 'alice', 'demo-alice');
    const forged = new URL(callback);
    forged.searchParams.set('state', 'x'.repeat(43));
    assertRefused(await tab.get(local(forged)), /does not belong to the sign-in this browser started/);
    // The genuine callback afterwards finds no pending login: one attempt per login.
    tab.cookies.set('__Host-ccpulse-login', loginCookie);
    assertRefused(await tab.get(local(callback)));
  });

  test('replayed state: the same callback twice', async () => {
    const tab = newTab();
    const authorize = await startLogin(tab);
    const loginCookie = tab.cookies.get('__Host-ccpulse-login') ?? '';
    const callback = await submitLoginForm(authorize, 'alice', 'demo-alice');
    assert.equal((await tab.get(local(callback))).status, 200);
    // Even with the old login cookie put back, the pending login is gone.
    const replay = newTab();
    replay.cookies.set('__Host-ccpulse-login', loginCookie);
    assertRefused(await replay.get(local(callback)));
  });

  test('replayed code with a fresh state: refused, and the vendor revokes what the code issued', async () => {
    const victim = newTab();
    const { callback } = await signIn(victim, 'alice');
    assert.equal((await victim.get('/')).status, 200);
    const attacker = newTab();
    const authorize = await startLogin(attacker);
    const forged = new URL(callback);
    forged.searchParams.set('state', authorize.searchParams.get('state') ?? '');
    assertRefused(await attacker.get(local(forged)), /already used or has expired/);
    // The emulator (like a careful vendor) revoked the tokens of the replayed code: the victim's session
    // ends once the live feed next asks the vendor (its minutely refresh), not on a page load, which
    // is served from memory.
    await f.clock.advance(60_000);
    await waitFor(async () => /Your session has ended/.test((await victim.get('/')).body));
  });

  test("wrong issuer: an iss from the other vendor on Genesys's callback", async () => {
    const tab = newTab();
    const callback = await submitLoginForm(await startLogin(tab), 'alice', 'demo-alice');
    callback.searchParams.set('iss', f.emulator.cxoneUrl);
    assertRefused(await tab.get(local(callback)), /different sign-in service/);
  });

  test("wrong issuer: CXone's callback carrying another issuer", async () => {
    const tab = newTab();
    const callback = await submitLoginForm(await startLogin(tab, 'cxone'), 'bob', 'demo-bob');
    callback.searchParams.set('iss', f.emulator.genesysUrl);
    assertRefused(await tab.get(local(callback)), /different sign-in service/);
  });

  test('mix-up: a Genesys response delivered to the CXone redirect URI', async () => {
    const tab = newTab();
    const callback = await submitLoginForm(await startLogin(tab, 'genesys'), 'alice', 'demo-alice');
    assertRefused(
      await tab.get(`/callback/cxone${callback.search}`),
      /started with Genesys Cloud but the response arrived for NICE CXone/,
    );
  });

  test('error=access_denied from the Deny button: the consent page', async () => {
    const tab = newTab();
    const callback = await submitLoginForm(await startLogin(tab), 'alice', '', 'deny');
    assert.equal(callback.searchParams.get('error'), 'access_denied');
    const r = await tab.get(local(callback));
    assertRefused(r, /Access was not granted/);
    assert.match(r.body, /Sign in with Genesys Cloud/);
  });

  for (const error of ['server_error', 'invalid_request', 'temporarily_unavailable', 'invalid_scope']) {
    test(`error=${error} with the right state`, async () => {
      const tab = newTab();
      const authorize = await startLogin(tab);
      const state = authorize.searchParams.get('state') ?? '';
      const r = await tab.get(`/callback/genesys?error=${error}&error_description=nope&state=${state}`);
      assertRefused(r, /could not complete the sign-in|cannot be used/);
      assert.doesNotMatch(r.body, /nope/, 'the vendor-supplied description is not echoed');
    });
  }

  const malformed: [string, (q: URLSearchParams) => void, RegExp][] = [
    ['an oversized code', (q) => q.set('code', 'a'.repeat(5000)), /far too long/],
    ['an oversized state', (q) => q.set('state', 'b'.repeat(3000)), /malformed/],
    ['a code over 1 KB', (q) => q.set('code', 'c'.repeat(2000)), /malformed/],
    ['a repeated state', (q) => q.append('state', q.get('state') ?? ''), /repeats a parameter/],
    ['a repeated code', (q) => q.append('code', 'other'), /repeats a parameter/],
    ['a code with a space and control characters', (q) => q.set('code', 'ab cd\u0001'), /malformed/],
    ['a state with markup', (q) => q.set('state', '<script>alert(1)</script>'), /malformed/],
    ['an iss that is not a URL', (q) => q.set('iss', 'javascript alert'), /malformed/],
    ['both code and error', (q) => q.set('error', 'access_denied'), /either a code or an error/],
    ['neither code nor error', (q) => q.delete('code'), /either a code or an error/],
    [
      'an error outside the OAuth character set',
      (q) => {
        q.delete('code');
        q.set('error', 'bad"quote');
      },
      /malformed/,
    ],
  ];
  for (const [name, mutate, pattern] of malformed) {
    test(name, async () => {
      const tab = newTab();
      const callback = await submitLoginForm(await startLogin(tab), 'alice', 'demo-alice');
      const query = new URLSearchParams(callback.search);
      mutate(query);
      const r = await tab.get(`/callback/genesys?${query}`);
      assertRefused(r, pattern);
      assert.doesNotMatch(r.body, /<script>alert/);
    });
  }

  test('malformed percent-encoding and an empty query', async () => {
    const tab = newTab();
    await startLogin(tab);
    assertRefused(await tab.get('/callback/genesys?code=%E0%A4%A&state=%%zz'), /malformed/);
    assertRefused(await newTab().get('/callback/genesys'), /has no state/);
  });

  test('a login that took longer than 10 minutes', async () => {
    const g = await startFixture();
    try {
      const tab = new BrowserTab(g.dashboard.url);
      const r = await tab.get('/login/genesys');
      const callback = await submitLoginForm(r.headers.get('location') ?? '', 'alice', 'demo-alice');
      await g.clock.advance(11 * 60_000);
      assertRefused(await tab.get(local(callback)));
    } finally {
      await g.close();
    }
  });

  test('an unknown vendor path is a 404, not a sign-in', async () => {
    const r = await newTab().get('/callback/evil?code=x&state=y');
    assert.equal(r.status, 404);
    assert.equal(sessionCookieSet(r), false);
  });
});

describe('returnTo', () => {
  const origin = 'https://dash.example.com';
  /** What a browser does with the emitted value in the Refresh meta tag and the link. */
  const landsOn = (returnTo: string) => new URL(returnTo, origin);
  // The payloads that normalise to a scheme-relative URL (issue #15 item 0), and their relatives.
  const normalisingToOtherHost = [
    '/.//evil.example',
    '/a/..//evil.example',
    '/%2e//evil.example',
    '/..//evil.example',
    '/%2E%2E//evil.example',
    '/./..//evil.example/x?y=1',
    '/a/b/../..//evil.example',
    '/%2e/%2e%2e//evil.example',
  ];

  test('only same-site relative paths survive', () => {
    const refused = [
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      '\\\\evil.example',
      '/\t/evil.example',
      ' /x',
      'javascript:alert(1)',
      'http:/evil.example',
      '/login/genesys',
      '/login?x=1',
      '/callback/genesys?code=1',
      `/${'a'.repeat(600)}`,
      '',
      ...normalisingToOtherHost,
    ];
    for (const value of refused) assert.equal(safeReturnTo(value, origin), '/', value);
    // Percent-encoded characters stay a path on this site; dot segments are resolved.
    for (const value of ['/?view=compact', '/api/dashboard', '/%0a/evil.example'])
      assert.equal(safeReturnTo(value, origin), value);
    assert.equal(safeReturnTo('/a/../agents?x=1', origin), '/agents?x=1');
  });

  test('fuzzed: whatever goes in, the emitted value is a path that stays on the dashboard', () => {
    // Deterministic pieces a browser treats specially: dot segments (plain and encoded), slashes,
    // encoded slashes and backslashes, userinfo and port markers, query and fragment.
    const pieces = [
      '/',
      '//',
      '.',
      '..',
      '%2e',
      '%2E',
      '%2e%2e',
      '%2f',
      '%5c',
      '\\',
      '@',
      ':',
      '?',
      '#',
      ';',
      'a',
      'evil.example',
      '%09',
      ' ',
    ];
    let seed = 15;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed;
    };
    let kept = 0;
    let traps = 0;
    for (let i = 0; i < 20_000; i++) {
      let value = next() % 4 === 0 ? '' : '/';
      for (let n = 1 + (next() % 7); n > 0; n--) value += pieces[next() % pieces.length];
      // The old check's blind spot: a plain path that a browser normalises into `//host`.
      if (/^\/[^/\\]/.test(value) && /^[\x21-\x7e]+$/.test(value) && landsOn(value).pathname.startsWith('//')) traps++;
      const out = safeReturnTo(value, origin);
      if (out === '/') continue;
      kept++;
      assert.ok(out.startsWith('/') && !out.startsWith('//'), `${value} -> ${out}`);
      assert.equal(landsOn(out).origin, origin, `${value} -> ${out}`);
      assert.equal(landsOn(out).host, 'dash.example.com', `${value} -> ${out}`);
      assert.equal(safeReturnTo(out, origin), out, `not normalised: ${value} -> ${out}`);
    }
    assert.ok(kept > 300, `only ${kept} fuzzed values were kept: the fuzzer tests nothing`);
    assert.ok(traps >= 10, `only ${traps} fuzzed values normalise to another host`);
  });

  test('an open-redirect attempt lands on the dashboard after sign-in', async () => {
    for (const target of [
      'https://evil.example/phish',
      '//evil.example',
      '/\\evil.example',
      ...normalisingToOtherHost.slice(0, 4),
    ]) {
      const tab = newTab();
      const { response } = await signIn(tab, 'alice', 'genesys', target);
      assert.equal(response.status, 200);
      assert.match(response.body, /content="0;url=\/"/, target);
      assert.doesNotMatch(response.body, /evil\.example/, target);
    }
    const tab = newTab();
    const { response } = await signIn(tab, 'alice', 'genesys', '/?view=compact');
    assert.match(response.body, /content="0;url=\/\?view=compact"/);
  });
});

describe('logout', () => {
  test('without the CSRF token, with a wrong one, or from another origin: refused, and the session stays', async () => {
    const tab = newTab();
    await signIn(tab, 'alice');
    const csrf = csrfFrom((await tab.get('/')).body);
    assert.equal((await tab.postForm('/logout', {})).status, 403);
    assert.equal((await tab.postForm('/logout', { csrf: 'x'.repeat(43) })).status, 403);
    assert.equal((await tab.postForm('/logout', { csrf }, { origin: 'https://evil.example' })).status, 403);
    assert.equal((await tab.postForm('/logout', { csrf }, { 'sec-fetch-site': 'cross-site' })).status, 403);
    assert.equal(
      (
        await tab.request('/logout', {
          method: 'POST',
          body: JSON.stringify({ csrf }),
          headers: { 'content-type': 'application/json' },
        })
      ).status,
      403,
    );
    assert.equal((await tab.request('/logout', { method: 'GET' })).status, 404);
    assert.equal((await tab.get('/')).status, 200);
  });

  test('with the token: revokes the vendor token, destroys the session, and the old cookie opens nothing', async () => {
    const tab = newTab();
    await signIn(tab, 'bob');
    const page = await tab.get('/');
    const cookie = tab.cookies.get('__Host-ccpulse') ?? '';
    const bobTokens = () =>
      [...f.emulator.context.tokens.values()].filter(
        (t) => t.user?.username === 'bob' && t.grant !== 'client_credentials',
      );
    const before = bobTokens().filter((t) => !t.revoked).length;
    assert.ok(before > 0);
    const out = await tab.postForm('/logout', { csrf: csrfFrom(page.body) }, { origin: f.dashboard.url });
    assert.equal(out.status, 303);
    assert.equal(out.headers.get('location'), '/signed-out');
    assert.ok(out.setCookies.some((c) => /^__Host-ccpulse=;.*Max-Age=0/.test(c)));
    assert.ok(bobTokens().filter((t) => !t.revoked).length < before, 'the vendor token was revoked');
    assert.match((await tab.get('/signed-out')).body, /revoked at the vendor/);
    assert.match((await tab.get('/')).body, /Sign in to see your queues/);
    const replay = newTab();
    replay.cookies.set('__Host-ccpulse', cookie);
    assert.match((await replay.get('/')).body, /Your session has ended/);
    assert.equal((await replay.get('/api/dashboard')).status, 401);
  });
});

describe('pages and headers', () => {
  test('security headers on pages, JSON, assets and errors', async () => {
    const tab = newTab();
    await signIn(tab, 'alice');
    for (const path of ['/', '/api/dashboard', '/assets/dashboard.js', '/nope', '/login/genesys']) {
      const r = await tab.get(path);
      assert.equal(r.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY, path);
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(r.headers.get('x-frame-options'), 'DENY', path);
      assert.equal(r.headers.get('referrer-policy'), path.startsWith('/login/') ? 'no-referrer' : 'same-origin', path);
      if (path === '/' || path === '/api/dashboard') {
        // These two are written straight to node's response (send-bytes.ts): the same headers, and their length.
        assert.equal(r.headers.get('cache-control'), 'no-store', path);
        assert.equal(r.headers.get('content-type'), path === '/' ? 'text/html; charset=UTF-8' : 'application/json');
        assert.equal(Number(r.headers.get('content-length')), Buffer.byteLength(r.body), path);
      }
    }
    assert.match(CONTENT_SECURITY_POLICY, /frame-ancestors 'none'/);
    assert.match(CONTENT_SECURITY_POLICY, /script-src 'self'(;|$)/);
    const page = await tab.get('/');
    assert.doesNotMatch(
      page.body,
      /<script>|<script [^>]*>[^<]|\sstyle="|\son[a-z]+="/i,
      'no inline script, style or handler',
    );
  });

  test('not signed in: a page with a sign-in button per vendor; the JSON says 401', async () => {
    const tab = newTab();
    const r = await tab.get('/');
    assert.equal(r.status, 401);
    assert.match(r.body, /href="\/login\/genesys"/);
    assert.match(r.body, /href="\/login\/cxone"/);
    assert.deepEqual(JSON.parse((await tab.get('/api/dashboard')).body), { error: 'not_signed_in' });
  });

  test('missing permission: carol gets a 403 naming what to ask the admin for', async () => {
    const tab = newTab();
    const { response } = await signIn(tab, 'carol');
    assert.equal(response.status, 200);
    const r = await tab.get('/');
    assert.equal(r.status, 403);
    assert.match(r.body, /Carol No-Analytics/);
    // The live numbers and the day's figures; the directory is no longer read (agents come from the queues).
    for (const p of ['analytics:queueObservation:view', 'analytics:conversationAggregate:view'])
      assert.match(r.body, new RegExp(`<code>${p}</code>`));
    const json = await tab.get('/api/dashboard');
    assert.equal(json.status, 403);
    assert.ok((JSON.parse(json.body) as { missing: string[] }).missing.includes('analytics:queueObservation:view'));
  });

  test('no token, code or verifier in any response the browser got', () => {
    assert.ok(received.size >= 3, `tapped ${received.size} tokens`);
    const codes = tabs
      .flatMap((t) => t.exchanges.map((e) => new URL(e.url).searchParams.get('code')))
      .filter((c): c is string => !!c);
    const everything = tabs
      .flatMap((t) => t.exchanges)
      .map((e) => `${e.body}\n${[...e.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}`)
      .join('\n');
    for (const token of received) assert.ok(!everything.includes(token), 'a vendor token reached the browser');
    for (const token of f.emulator.context.tokens.keys())
      assert.ok(!everything.includes(token), 'an access token reached the browser');
    for (const code of codes) assert.ok(!everything.includes(`code=${code}`) || code.length < 8, 'a code was echoed');
  });
});

describe('session lifetime', () => {
  test('refresh happens on the server with rotation; the page keeps working past the access token expiry', async () => {
    const g = await startFixture({ emulator: { tokenLifetimeSeconds: { genesys: 600 } } });
    try {
      const tab = new BrowserTab(g.dashboard.url);
      const r = await tab.get('/login/genesys');
      const callback = await submitLoginForm(r.headers.get('location') ?? '', 'alice', 'demo-alice');
      assert.equal((await tab.get(local(callback))).status, 200);
      assert.equal((await tab.get('/api/dashboard')).status, 200);
      const refreshes = () =>
        g.emulator.context.stats.tokenRequests.filter((t) => t.grant === 'refresh_token' && t.ok).length;
      assert.equal(refreshes(), 0);
      for (let i = 1; i <= 3; i++) {
        await g.clock.advance(11 * 60_000);
        const json = await tab.get('/api/dashboard');
        assert.equal(json.status, 200, json.body);
        assert.equal(refreshes(), i, 'one refresh per expiry, each with the rotated refresh token');
      }
      assert.equal(
        g.emulator.context.stats.tokenRequests.filter((t) => !t.ok).length,
        0,
        'no refresh token was reused',
      );
    } finally {
      await g.close();
    }
  });

  test('an idle session ends after 30 minutes; a used one lives on until the 12-hour cap', async () => {
    const g = await startFixture({ emulator: { tokenLifetimeSeconds: { genesys: 86_400 } } });
    try {
      const idle = new BrowserTab(g.dashboard.url);
      const busy = new BrowserTab(g.dashboard.url);
      for (const tab of [idle, busy]) {
        const r = await tab.get('/login/genesys');
        const callback = await submitLoginForm(r.headers.get('location') ?? '', 'alice', 'demo-alice');
        assert.equal((await tab.get(local(callback))).status, 200);
      }
      for (let minute = 0; minute < 40; minute += 5) {
        await g.clock.advance(5 * 60_000);
        assert.equal((await busy.get('/api/dashboard')).status, 200);
      }
      const expired = await idle.get('/');
      assert.equal(expired.status, 401);
      assert.match(expired.body, /Your session has ended/);
      assert.ok(expired.setCookies.some((c) => /^__Host-ccpulse=;.*Max-Age=0/.test(c)));
      for (let hour = 0; hour < 12; hour++) {
        await g.clock.advance(20 * 60_000);
        await busy.get('/api/dashboard');
        await g.clock.advance(20 * 60_000);
        await busy.get('/api/dashboard');
        await g.clock.advance(20 * 60_000);
        await busy.get('/api/dashboard');
      }
      assert.equal((await busy.get('/api/dashboard')).status, 401);
    } finally {
      await g.close();
    }
  });
});

/** Retries `check` (a few real milliseconds apart) until it holds; background work may take a moment. */
async function waitFor(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
