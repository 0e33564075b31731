// The Genesys Cloud emulator's OAuth server and identity API over raw HTTP: every grant, every error
// body a client must handle, PKCE, one-time codes, rotation, revocation and scope-filtered access.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Hono } from 'hono';
import { createManualClock } from '../../src/core/index.js';
import {
  authenticateBearer,
  type EmulatorContext,
  GENESYS_PERMISSIONS,
  type RunningEmulator,
  requirePermission,
  type SeedOAuthClient,
  seedClient,
  seedUser,
  startEmulator,
} from '../../src/emulator/index.js';
import { submitLoginForm } from '../support/login-form.js';
import { authorizeUrl, basicAuth, getJson, pkcePair, postForm } from './oauth-wire.js';

const REDIRECT = 'http://127.0.0.1:9/genesys-test-callback';
const clock = createManualClock(Date.UTC(2026, 2, 1, 12));
let emulator: RunningEmulator;
let tokenUrl: string;
let web: SeedOAuthClient;
let daemon: SeedOAuthClient;

// A route the data side would add, to check mounts get the same auth, headers and counting.
const mountProbe = (app: Hono, ctx: EmulatorContext) => {
  app.get('/api/v2/probe', (c) => {
    const auth = authenticateBearer(ctx, 'genesys', c.req.header('authorization'));
    if (!auth.ok) return c.json(auth.body, auth.status);
    return c.json({ queues: auth.principal.visibleQueueIds.size });
  });
};

before(async () => {
  emulator = await startEmulator({
    seed: 11,
    clock,
    redirectUris: { genesys: [REDIRECT] },
    mounts: { genesys: [mountProbe] },
  });
  tokenUrl = `${emulator.genesysUrl}/oauth/token`;
  web = seedClient(emulator.org, 'genesys', 'web');
  daemon = seedClient(emulator.org, 'genesys', 'daemon');
});
after(() => emulator.close());

const clientCredentials = async () => {
  const res = await postForm(tokenUrl, { grant_type: 'client_credentials' }, basicAuth(daemon.id, daemon.secret));
  assert.equal(res.status, 200);
  return String(res.body.access_token);
};

/** Runs the browser part of a code login and returns the code (and the verifier when PKCE is used). */
async function codeFor(
  username: string,
  options: { scope?: string; pkce?: boolean; state?: string } = {},
): Promise<{ code: string; verifier: string | undefined; redirect: URL }> {
  const pair = options.pkce === false ? undefined : pkcePair();
  const url = authorizeUrl(emulator.genesysUrl, '/oauth/authorize', {
    response_type: 'code',
    client_id: web.id,
    redirect_uri: REDIRECT,
    state: options.state ?? 'st-1',
    ...(options.scope ? { scope: options.scope } : {}),
    ...(pair ? { code_challenge: pair.challenge, code_challenge_method: 'S256' } : {}),
  });
  const user = seedUser(emulator.org, username);
  const redirect = await submitLoginForm(url, user.username, user.password);
  const code = redirect.searchParams.get('code');
  assert.ok(code, `no code in ${redirect.search}`);
  return { code, verifier: pair?.verifier, redirect };
}

/** What the emulator lets alice's token do when she signed in asking for `scope`. */
async function aliceWithScope(scope: string) {
  const { code, verifier } = await codeFor('alice', { scope });
  const token = (await exchange(code, verifier)).body.access_token;
  return authenticateBearer(emulator.context, 'genesys', `Bearer ${token}`);
}

/** A refresh-token grant for the web client. */
const refreshWith = (refreshToken: unknown) =>
  postForm(
    tokenUrl,
    { grant_type: 'refresh_token', refresh_token: String(refreshToken) },
    basicAuth(web.id, web.secret),
  );

const exchange = (code: string, verifier: string | undefined, extra: Record<string, string> = {}) =>
  postForm(
    tokenUrl,
    {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      ...(verifier ? { code_verifier: verifier } : {}),
      ...extra,
    },
    basicAuth(web.id, web.secret),
  );

function assertOAuthError(res: { status: number; body: Record<string, unknown> }, status: number, error: string) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.deepEqual(Object.keys(res.body).sort(), ['description', 'error', 'error_description']);
  assert.equal(res.body.error, error);
  assert.equal(typeof res.body.description, 'string');
  assert.equal(res.body.description, res.body.error_description);
}

describe('Genesys token endpoint', () => {
  test('client credentials: bearer token for the configured lifetime, no refresh token, counted', async () => {
    const before = emulator.context.stats.tokenRequests.length;
    const res = await postForm(tokenUrl, { grant_type: 'client_credentials' }, basicAuth(daemon.id, daemon.secret));
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body).sort(), ['access_token', 'expires_in', 'token_type']);
    assert.equal(res.body.token_type, 'bearer');
    assert.equal(res.body.expires_in, 86_400);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const recorded = emulator.context.stats.tokenRequests.slice(before);
    assert.deepEqual(
      recorded.map((r) => [r.vendor, r.grant, r.clientId, r.ok]),
      [['genesys', 'client_credentials', daemon.id, true]],
    );
  });

  test('client_secret_post is accepted as well as Basic', async () => {
    const res = await postForm(tokenUrl, {
      grant_type: 'client_credentials',
      client_id: daemon.id,
      client_secret: daemon.secret,
    });
    assert.equal(res.status, 200);
  });

  test('Basic credentials are form-urlencoded before base64 (RFC 6749 §2.3.1)', async () => {
    // A client whose id and secret need encoding: a colon, a plus, a space, a percent sign.
    const odd = { ...daemon, key: 'odd', id: 'odd:client id', secret: 'p+ss w%rd:/' };
    emulator.org.genesys.clients.push(odd);
    try {
      assert.equal(
        (await postForm(tokenUrl, { grant_type: 'client_credentials' }, basicAuth(odd.id, odd.secret))).status,
        200,
      );
      // The raw, unencoded form decodes to something else and must fail.
      const raw = `Basic ${Buffer.from(`${odd.id}:${odd.secret}`).toString('base64')}`;
      assertOAuthError(await postForm(tokenUrl, { grant_type: 'client_credentials' }, raw), 401, 'invalid_client');
    } finally {
      emulator.org.genesys.clients.splice(emulator.org.genesys.clients.indexOf(odd), 1);
    }
  });

  test('wrong secret, unknown client and no client authentication are invalid_client', async () => {
    const wrong = await postForm(tokenUrl, { grant_type: 'client_credentials' }, basicAuth(daemon.id, 'nope'));
    assertOAuthError(wrong, 401, 'invalid_client');
    assert.ok(!JSON.stringify(wrong.body).includes(daemon.secret));
    assertOAuthError(
      await postForm(tokenUrl, { grant_type: 'client_credentials' }, basicAuth('unknown', 'x')),
      401,
      'invalid_client',
    );
    assertOAuthError(await postForm(tokenUrl, { grant_type: 'client_credentials' }), 401, 'invalid_client');
    const failed = emulator.context.stats.tokenRequests.filter((r) => r.vendor === 'genesys' && !r.ok);
    assert.ok(failed.length >= 3);
  });

  test('a grant the client does not have is unauthorized_client', async () => {
    const res = await postForm(tokenUrl, { grant_type: 'client_credentials' }, basicAuth(web.id, web.secret));
    assertOAuthError(res, 400, 'unauthorized_client');
    const refresh = await postForm(
      tokenUrl,
      { grant_type: 'refresh_token', refresh_token: 'x' },
      basicAuth(daemon.id, daemon.secret),
    );
    assertOAuthError(refresh, 400, 'unauthorized_client');
  });

  test('an unknown grant type is unsupported_grant_type', async () => {
    const res = await postForm(tokenUrl, { grant_type: 'implicit' }, basicAuth(daemon.id, daemon.secret));
    assertOAuthError(res, 400, 'unsupported_grant_type');
  });
});

describe('Genesys authorization code + PKCE', () => {
  test('the login page is an accessible form with Sign in and Deny', async () => {
    const { challenge } = pkcePair();
    const url = authorizeUrl(emulator.genesysUrl, '/oauth/authorize', {
      response_type: 'code',
      client_id: web.id,
      redirect_uri: REDIRECT,
      state: 's',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const res = await fetch(url, { redirect: 'manual' });
    const html = await res.text();
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.match(html, /<label for="username">/);
    assert.match(html, /<input id="username" name="username"/);
    assert.match(html, /<label for="password">/);
    assert.match(html, /<input id="password" name="password" type="password"/);
    assert.match(html, /<button[^>]*>Sign in<\/button>/);
    assert.match(html, /<button[^>]*>Deny<\/button>/);
    assert.ok(!html.includes(challenge), 'the pending request stays on the server');
  });

  test('sign in -> code + state -> tokens with a refresh token and the granted scope', async () => {
    const { code, verifier, redirect } = await codeFor('alice', { state: 'state-42' });
    assert.equal(`${redirect.origin}${redirect.pathname}`, REDIRECT);
    assert.equal(redirect.searchParams.get('state'), 'state-42');
    const res = await exchange(code, verifier);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.token_type, 'bearer');
    assert.equal(res.body.expires_in, 86_400);
    assert.equal(typeof res.body.refresh_token, 'string');
    assert.equal(res.body.scope, web.allowedScopes.join(' '), 'no scope requested = all the client allows');
    const me = await getJson(`${emulator.genesysUrl}/api/v2/users/me`, String(res.body.access_token));
    assert.equal(me.status, 200);
    assert.equal(me.body.id, seedUser(emulator.org, 'alice').id);
    assert.equal(me.body.email, 'alice@example.com');
  });

  test('a wrong code_verifier is invalid_grant, and so is a missing one', async () => {
    const first = await codeFor('alice');
    assertOAuthError(await exchange(first.code, pkcePair().verifier), 400, 'invalid_grant');
    const second = await codeFor('alice');
    const missing = await exchange(second.code, undefined);
    assertOAuthError(missing, 400, 'invalid_grant');
    assert.match(String(missing.body.description), /code_verifier/);
  });

  test('without a challenge the code grant works and a stray verifier is refused', async () => {
    const plain = await codeFor('alice', { pkce: false });
    assert.equal((await exchange(plain.code, undefined)).status, 200);
    const stray = await codeFor('alice', { pkce: false });
    assertOAuthError(await exchange(stray.code, 'unexpected-verifier'), 400, 'invalid_grant');
  });

  test('only S256: a plain challenge is sent back to the client as invalid_request', async () => {
    const url = authorizeUrl(emulator.genesysUrl, '/oauth/authorize', {
      response_type: 'code',
      client_id: web.id,
      redirect_uri: REDIRECT,
      state: 'p',
      code_challenge: 'abc',
      code_challenge_method: 'plain',
    });
    const res = await fetch(url, { redirect: 'manual' });
    assert.equal(res.status, 302);
    const location = new URL(res.headers.get('location') ?? '');
    assert.equal(location.searchParams.get('error'), 'invalid_request');
    assert.equal(location.searchParams.get('state'), 'p');
  });

  test('a redirect_uri different from the authorize one is invalid_grant', async () => {
    const { code, verifier } = await codeFor('alice');
    const res = await exchange(code, verifier, { redirect_uri: `${REDIRECT}/other` });
    assertOAuthError(res, 400, 'invalid_grant');
  });

  test('a code is one-time: the replay is invalid_grant and revokes what the code issued', async () => {
    const { code, verifier } = await codeFor('alice');
    const first = await exchange(code, verifier);
    assert.equal(first.status, 200);
    const access = String(first.body.access_token);
    assert.equal((await getJson(`${emulator.genesysUrl}/api/v2/tokens/me`, access)).status, 200);
    assertOAuthError(await exchange(code, verifier), 400, 'invalid_grant');
    assert.equal((await getJson(`${emulator.genesysUrl}/api/v2/tokens/me`, access)).status, 401);
    assertOAuthError(await refreshWith(first.body.refresh_token), 400, 'invalid_grant');
  });

  test('a code expires after its lifetime (300 s by default)', async () => {
    const { code, verifier } = await codeFor('alice');
    await clock.advance(301_000);
    const res = await exchange(code, verifier);
    assertOAuthError(res, 400, 'invalid_grant');
    assert.match(String(res.body.description), /expired/);
  });

  test('a code issued to one client cannot be redeemed by another', async () => {
    const { code, verifier } = await codeFor('alice');
    const res = await postForm(
      tokenUrl,
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier ?? '' },
      basicAuth(daemon.id, daemon.secret),
    );
    assertOAuthError(res, 400, 'unauthorized_client');
  });

  test('bad credentials show the form again with an error; Deny returns access_denied with the state', async () => {
    const url = authorizeUrl(emulator.genesysUrl, '/oauth/authorize', {
      response_type: 'code',
      client_id: web.id,
      redirect_uri: REDIRECT,
      state: 'deny-me',
    });
    const page = await (await fetch(url)).text();
    const requestId = /name="request_id" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const post = (fields: Record<string, string>) =>
      fetch(new URL('/oauth/authorize/login', emulator.genesysUrl), {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ request_id: requestId, ...fields }),
      });
    const wrong = await post({ username: 'alice', password: 'wrong', action: 'login' });
    assert.equal(wrong.status, 200);
    const html = await wrong.text();
    assert.match(html, /role="alert"[^>]*>Wrong username or password/);
    assert.match(html, /name="username"/);
    const denied = await post({ username: '', password: '', action: 'deny' });
    assert.equal(denied.status, 302);
    const location = new URL(denied.headers.get('location') ?? '');
    assert.equal(`${location.origin}${location.pathname}`, REDIRECT);
    assert.equal(location.searchParams.get('error'), 'access_denied');
    assert.equal(location.searchParams.get('state'), 'deny-me');
    assert.equal(location.searchParams.get('code'), null);
    // The request is finished: it cannot be replayed.
    const again = await post({ username: 'alice', password: seedUser(emulator.org, 'alice').password });
    assert.equal(again.status, 400);
  });

  test('an unregistered redirect_uri gets an error page, never a redirect; JSON when asked', async () => {
    const evil = 'http://127.0.0.1:9/genesys-test-callback/'; // a trailing slash is a different URI
    const url = authorizeUrl(emulator.genesysUrl, '/oauth/authorize', {
      response_type: 'code',
      client_id: web.id,
      redirect_uri: evil,
      state: 's',
    });
    const page = await fetch(url, { redirect: 'manual' });
    assert.equal(page.status, 400);
    assert.equal(page.headers.get('location'), null);
    assert.match(await page.text(), /redirect_uri_mismatch/);
    const json = await fetch(url, { redirect: 'manual', headers: { accept: 'application/json' } });
    assert.equal(json.status, 400);
    const body = (await json.json()) as Record<string, unknown>;
    assert.equal(body.error, 'redirect_uri_mismatch');
    assert.equal(typeof body.error_description, 'string');
  });

  test('an unknown client_id gets an invalid_client page', async () => {
    const url = authorizeUrl(emulator.genesysUrl, '/oauth/authorize', {
      response_type: 'code',
      client_id: 'no-such-client',
      redirect_uri: REDIRECT,
    });
    const page = await fetch(url, { redirect: 'manual' });
    assert.equal(page.status, 400);
    assert.equal(page.headers.get('location'), null);
    assert.match(await page.text(), /invalid_client/);
  });

  test('a scope the client may not request is invalid_scope at the redirect URI', async () => {
    const url = authorizeUrl(emulator.genesysUrl, '/oauth/authorize', {
      response_type: 'code',
      client_id: web.id,
      redirect_uri: REDIRECT,
      scope: 'analytics admin',
      state: 'sc',
    });
    const res = await fetch(url, { redirect: 'manual' });
    assert.equal(res.status, 302);
    assert.equal(new URL(res.headers.get('location') ?? '').searchParams.get('error'), 'invalid_scope');
  });
});

describe('Genesys refresh and revocation', () => {
  test('refresh returns a new access token and a new refresh token; the old refresh token is dead', async () => {
    const { code, verifier } = await codeFor('bob');
    const first = await exchange(code, verifier);
    const second = await refreshWith(first.body.refresh_token);
    assert.equal(second.status, 200, JSON.stringify(second.body));
    assert.notEqual(second.body.access_token, first.body.access_token);
    assert.notEqual(second.body.refresh_token, first.body.refresh_token);
    assertOAuthError(await refreshWith(first.body.refresh_token), 400, 'invalid_grant');
    const third = await refreshWith(second.body.refresh_token);
    assert.equal(third.status, 200);
    const me = await getJson(`${emulator.genesysUrl}/api/v2/users/me`, String(third.body.access_token));
    assert.equal(me.body.id, seedUser(emulator.org, 'bob').id);
  });

  test('DELETE /api/v2/tokens/me revokes the token and its refresh token', async () => {
    const { code, verifier } = await codeFor('bob');
    const tokens = await exchange(code, verifier);
    const access = String(tokens.body.access_token);
    const revoked = await fetch(`${emulator.genesysUrl}/api/v2/tokens/me`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${access}` },
    });
    assert.equal(revoked.status, 204);
    assert.ok(revoked.headers.get('inin-correlation-id'));
    const after = await getJson(`${emulator.genesysUrl}/api/v2/tokens/me`, access);
    assert.equal(after.status, 401);
    assert.equal(after.body.code, 'bad.credentials');
    assertOAuthError(await refreshWith(tokens.body.refresh_token), 400, 'invalid_grant');
  });

  test('a client-credentials token can be revoked the same way', async () => {
    const token = await clientCredentials();
    assert.equal((await getJson(`${emulator.genesysUrl}/api/v2/tokens/me`, token, 'DELETE')).status, 204);
    assert.equal((await getJson(`${emulator.genesysUrl}/api/v2/tokens/me`, token)).status, 401);
  });

  test('an access token stops working when it expires', async () => {
    const token = await clientCredentials();
    assert.equal((await getJson(`${emulator.genesysUrl}/api/v2/tokens/me`, token)).status, 200);
    await clock.advance(86_400_000);
    const expired = await getJson(`${emulator.genesysUrl}/api/v2/tokens/me`, token);
    assert.equal(expired.status, 401);
    assert.equal(expired.body.code, 'bad.credentials');
  });
});

describe('Genesys identity API and bearer authentication', () => {
  test('401 bodies: authentication.required without a token, bad.credentials for an unknown one', async () => {
    const none = await getJson(`${emulator.genesysUrl}/api/v2/tokens/me`);
    assert.equal(none.status, 401);
    assert.deepEqual(Object.keys(none.body).sort(), [
      'code',
      'contextId',
      'details',
      'errors',
      'message',
      'messageParams',
      'status',
    ]);
    assert.equal(none.body.code, 'authentication.required');
    assert.equal(none.body.status, 401);
    assert.equal(none.body.contextId, none.headers.get('inin-correlation-id'));
    const unknown = await getJson(`${emulator.genesysUrl}/api/v2/tokens/me`, 'not-a-token');
    assert.equal(unknown.status, 401);
    assert.equal(unknown.body.code, 'bad.credentials');
    assert.equal(unknown.body.message, 'Invalid login credentials.');
  });

  test('tokens/me for a client-credentials token names the org and the OAuth client', async () => {
    const res = await getJson(`${emulator.genesysUrl}/api/v2/tokens/me`, await clientCredentials());
    assert.equal(res.status, 200);
    assert.ok(res.headers.get('inin-correlation-id'));
    const organization = res.body.organization as { id: string; name: string };
    assert.equal(organization.id, emulator.org.genesys.orgId);
    assert.deepEqual(res.body.homeOrganization, res.body.organization);
    const client = res.body.OAuthClient as Record<string, unknown>;
    assert.equal(client.id, daemon.id);
    assert.equal(client.authorizedGrantType, 'CLIENT-CREDENTIALS');
    assert.ok(Array.isArray(res.body.authorizedScope));
  });

  test('tokens/me for a user token lists the scopes granted', async () => {
    const { code, verifier } = await codeFor('alice', { scope: 'analytics:readonly routing:readonly' });
    const tokens = await exchange(code, verifier);
    const res = await getJson(`${emulator.genesysUrl}/api/v2/tokens/me`, String(tokens.body.access_token));
    assert.deepEqual(res.body.authorizedScope, ['analytics:readonly', 'routing:readonly']);
    assert.equal((res.body.OAuthClient as Record<string, unknown>).authorizedGrantType, 'CODE');
  });

  test('users/me needs a user: a client-credentials token gets the real 400', async () => {
    const res = await getJson(`${emulator.genesysUrl}/api/v2/users/me`, await clientCredentials());
    assert.equal(res.status, 400);
    assert.equal(res.body.status, 400);
    assert.match(String(res.body.message), /^This request requires a user context\. Client credentials cannot be used/);
    assert.equal(res.body.contextId, res.headers.get('inin-correlation-id'));
  });

  test('user permissions are filtered by the granted scopes; client tokens carry the client roles', async () => {
    const { code, verifier } = await codeFor('alice', { scope: 'routing:readonly' });
    const user = String((await exchange(code, verifier)).body.access_token);
    const auth = authenticateBearer(emulator.context, 'genesys', `Bearer ${user}`);
    assert.ok(auth.ok);
    assert.deepEqual([...auth.principal.permissions], [GENESYS_PERMISSIONS.queueView]);
    assert.deepEqual([...auth.principal.visibleQueueIds].sort(), [...seedUser(emulator.org, 'alice').queueIds].sort());

    const denied = requirePermission(auth.principal, GENESYS_PERMISSIONS.conversationAggregate) as Record<
      string,
      unknown
    >;
    assert.equal(denied.code, 'missing.permissions');
    assert.equal(denied.status, 403);
    assert.match(
      String(denied.message),
      /You are missing the following permission\(s\): \[analytics:conversationAggregate:view\]/,
    );
    assert.equal(requirePermission(auth.principal, GENESYS_PERMISSIONS.queueView), undefined);

    // Over the wire: queues are readable, analytics are refused naming the permission.
    assert.equal((await getJson(`${emulator.genesysUrl}/api/v2/routing/queues`, user)).status, 200);
    const aggregate = await fetch(`${emulator.genesysUrl}/api/v2/analytics/conversations/aggregates/query`, {
      method: 'POST',
      headers: { authorization: `Bearer ${user}`, 'content-type': 'application/json' },
      body: JSON.stringify({ interval: '2026-02-01T00:00:00Z/2026-02-02T00:00:00Z', metrics: ['nOffered'] }),
    });
    assert.equal(aggregate.status, 403);
    const body = (await aggregate.json()) as Record<string, unknown>;
    assert.equal(body.code, 'missing.permissions');
    assert.match(String(body.message), /analytics:conversationAggregate:view/);

    const scoped = await aliceWithScope('analytics');
    assert.ok(scoped.ok);
    assert.ok([...scoped.principal.permissions].every((p) => p.startsWith('analytics:')));
    assert.ok(scoped.principal.permissions.has(GENESYS_PERMISSIONS.conversationAggregate));

    const directory = await aliceWithScope('users:readonly');
    assert.ok(directory.ok);
    assert.deepEqual([...directory.principal.permissions], [GENESYS_PERMISSIONS.userView]);

    const client = authenticateBearer(emulator.context, 'genesys', `Bearer ${await clientCredentials()}`);
    assert.ok(client.ok);
    assert.deepEqual([...client.principal.permissions].sort(), [...daemon.permissions].sort());
    assert.equal(client.principal.visibleQueueIds.size, emulator.org.queues.length);
  });

  test('a user without a permission does not get it from a scope', async () => {
    const { code, verifier } = await codeFor('carol', { scope: 'analytics routing' });
    const token = String((await exchange(code, verifier)).body.access_token);
    const auth = authenticateBearer(emulator.context, 'genesys', `Bearer ${token}`);
    assert.ok(auth.ok);
    assert.deepEqual([...auth.principal.permissions], [GENESYS_PERMISSIONS.queueView]);
  });

  test('mounted routes share auth, the correlation header and the request log', async () => {
    const before = emulator.context.stats.apiRequests.length;
    const ok = await getJson(`${emulator.genesysUrl}/api/v2/probe`, await clientCredentials());
    assert.equal(ok.status, 200);
    assert.equal(ok.body.queues, emulator.org.queues.length);
    assert.ok(ok.headers.get('inin-correlation-id'));
    const unauthorized = await getJson(`${emulator.genesysUrl}/api/v2/probe`);
    assert.equal(unauthorized.status, 401);
    const missing = await getJson(`${emulator.genesysUrl}/api/v2/no-such-thing`);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.contextId, missing.headers.get('inin-correlation-id'));
    assert.deepEqual(
      emulator.context.stats.apiRequests.slice(before).map((r) => [r.vendor, r.method, r.path, r.status]),
      [
        ['genesys', 'GET', '/api/v2/probe', 200],
        ['genesys', 'GET', '/api/v2/probe', 401],
        ['genesys', 'GET', '/api/v2/no-such-thing', 404],
      ],
    );
  });
});
