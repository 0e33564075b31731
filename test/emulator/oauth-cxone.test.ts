// The CXone emulator as an OpenID Connect issuer over raw HTTP: discovery, tenant discovery, every
// grant (client credentials, access key via password, code + PKCE with an id_token, refresh with
// rotation), RFC 7009 revocation, the access-key endpoint, and JWTs verifiable against the JWKS.
import assert from 'node:assert/strict';
import { createPublicKey, type JsonWebKey, verify } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import * as oauth from 'oauth4webapi';
import { createManualClock } from '../../src/core/index.js';
import {
  authenticateBearer,
  CXONE_PERMISSIONS,
  type RunningEmulator,
  type SeedOAuthClient,
  seedClient,
  seedUser,
  startEmulator,
} from '../../src/emulator/index.js';
import { submitLoginForm } from '../support/login-form.js';
import { authorizeUrl, basicAuth, getJson, jwtClaims, pkcePair, postForm } from './oauth-wire.js';

const REDIRECT = 'http://127.0.0.1:9/cxone-test-callback';
// Near real time: oauth4webapi checks id_token exp/iat against the system clock.
const clock = createManualClock(Date.now());
let emulator: RunningEmulator;
let issuer: string;
let tokenUrl: string;
let daemon: SeedOAuthClient;
let web: SeedOAuthClient;
let limited: SeedOAuthClient;

before(async () => {
  emulator = await startEmulator({ seed: 12, clock, redirectUris: { cxone: [REDIRECT] } });
  issuer = emulator.cxoneUrl;
  tokenUrl = `${issuer}/auth/token`;
  daemon = seedClient(emulator.org, 'cxone', 'daemon');
  web = seedClient(emulator.org, 'cxone', 'web');
  limited = seedClient(emulator.org, 'cxone', 'limited');
});
after(() => emulator.close());

const apiUrl = () => {
  const from = new Date(clock.now() - 3_600_000).toISOString();
  const to = new Date(clock.now()).toISOString();
  return `${issuer}/inContactAPI/services/v30.0/skills/summary?startDate=${from}&endDate=${to}`;
};

function assertOAuthError(res: { status: number; body: Record<string, unknown> }, status: number, error: string) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.equal(res.body.error, error);
  assert.equal(typeof res.body.error_description, 'string');
}

/** Verifies an RS256 JWT's signature against the issuer's published JWKS. */
async function verifyWithJwks(jwt: string): Promise<boolean> {
  const [header, payload, signature] = jwt.split('.');
  const { kid, alg } = JSON.parse(Buffer.from(header ?? '', 'base64url').toString()) as { kid: string; alg: string };
  assert.equal(alg, 'RS256');
  const jwks = (await getJson(`${issuer}/auth/jwks`)).body as { keys: (JsonWebKey & { kid: string })[] };
  const jwk = jwks.keys.find((k) => k.kid === kid);
  assert.ok(jwk, 'the signing key is published');
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  return verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature ?? '', 'base64url'));
}

async function codeFor(
  username: string,
  options: { scope?: string; nonce?: string; state?: string } = {},
): Promise<{ code: string; verifier: string; redirect: URL }> {
  const { verifier, challenge } = pkcePair();
  const url = authorizeUrl(issuer, '/auth/authorize', {
    response_type: 'code',
    client_id: web.id,
    redirect_uri: REDIRECT,
    state: options.state ?? 'st',
    scope: options.scope ?? 'openid offline_access',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...(options.nonce ? { nonce: options.nonce } : {}),
  });
  const user = seedUser(emulator.org, username);
  const redirect = await submitLoginForm(url, user.username, user.password);
  const code = redirect.searchParams.get('code');
  assert.ok(code, `no code in ${redirect.search}`);
  return { code, verifier, redirect };
}

const exchange = (code: string, verifier: string, extra: Record<string, string> = {}) =>
  postForm(
    tokenUrl,
    { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier, ...extra },
    basicAuth(web.id, web.secret),
  );

const refreshWith = (value: unknown) =>
  postForm(tokenUrl, { grant_type: 'refresh_token', refresh_token: String(value) }, basicAuth(web.id, web.secret));

describe('CXone discovery', () => {
  test('openid-configuration names this server as issuer and its endpoints', async () => {
    const res = await getJson(`${issuer}/.well-known/openid-configuration`);
    assert.equal(res.status, 200);
    const d = res.body;
    assert.equal(d.issuer, issuer);
    assert.equal(d.authorization_endpoint, `${issuer}/auth/authorize`);
    assert.equal(d.token_endpoint, `${issuer}/auth/token`);
    assert.equal(d.revocation_endpoint, `${issuer}/auth/revoke`);
    assert.equal(typeof d.jwks_uri, 'string');
    assert.deepEqual(d.code_challenge_methods_supported, ['S256']);
    assert.deepEqual(d.token_endpoint_auth_methods_supported, ['client_secret_basic', 'client_secret_post']);
    for (const grant of ['authorization_code', 'refresh_token', 'client_credentials', 'password']) {
      assert.ok((d.grant_types_supported as string[]).includes(grant), grant);
    }
    const jwks = await getJson(String(d.jwks_uri));
    assert.equal((jwks.body.keys as unknown[]).length, 1);
    // oauth4webapi accepts the document as it is.
    const as = await oauth.processDiscoveryResponse(
      new URL(issuer),
      await oauth.discoveryRequest(new URL(issuer), { [oauth.allowInsecureRequests]: true }),
    );
    assert.equal(as.issuer, issuer);
  });

  test('cxone-configuration gives the tenant API base and area; an unknown tenant is a clear 404', async () => {
    const tenantId = emulator.org.cxone.tenantId;
    const res = await getJson(`${issuer}/.well-known/cxone-configuration?tenantId=${tenantId}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.api_endpoint, issuer);
    assert.equal(res.body.area, 'na1');
    assert.equal(res.body.tenantId, tenantId);
    const unknown = await getJson(
      `${issuer}/.well-known/cxone-configuration?tenantId=00000000-0000-0000-0000-000000000000`,
    );
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error, 'tenant_not_found');
    assert.match(String(unknown.body.error_description), /00000000-0000-0000-0000-000000000000/);
    assert.equal((await getJson(`${issuer}/.well-known/cxone-configuration`)).status, 404);
  });
});

describe('CXone token endpoint', () => {
  test('client credentials: a signed JWT with tenantId, iss, sub, aud, iat and a one-hour exp', async () => {
    const res = await postForm(tokenUrl, { grant_type: 'client_credentials' }, basicAuth(daemon.id, daemon.secret));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.expires_in, 3_600);
    assert.equal(res.body.refresh_token, undefined);
    const token = String(res.body.access_token);
    assert.ok(await verifyWithJwks(token));
    const claims = jwtClaims(token);
    assert.equal(claims.iss, issuer);
    assert.equal(claims.aud, daemon.id);
    assert.equal(claims.sub, `client:${daemon.id}`);
    assert.equal(claims.tenantId, emulator.org.cxone.tenantId);
    assert.equal(claims.iat, Math.floor(clock.now() / 1000));
    assert.equal(Number(claims.exp) - Number(claims.iat), 3_600);
    // A tampered token fails verification and is refused by the API.
    const tampered = `${token.slice(0, -4)}AAAA`;
    assert.equal(await verifyWithJwks(tampered), false);
    assert.equal((await getJson(apiUrl(), tampered)).status, 401);
    assert.equal((await getJson(apiUrl(), token)).status, 200);
    const stat = emulator.context.stats.tokenRequests.at(-1);
    assert.deepEqual([stat?.vendor, stat?.grant, stat?.ok], ['cxone', 'client_credentials', true]);
  });

  test('password grant with an access key: a user token for the key owner, with a refresh token', async () => {
    const key = emulator.org.cxone.accessKeys[0];
    assert.ok(key);
    const res = await postForm(
      tokenUrl,
      { grant_type: 'password', username: key.id, password: key.secret },
      basicAuth(daemon.id, daemon.secret),
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(typeof res.body.refresh_token, 'string');
    const claims = jwtClaims(String(res.body.access_token));
    assert.equal(claims.sub, `user:${key.userId}`);
    const auth = authenticateBearer(emulator.context, 'cxone', `Bearer ${res.body.access_token}`);
    assert.ok(auth.ok);
    assert.equal(auth.principal.token.user?.id, key.userId);
    const owner = emulator.org.users.find((u) => u.id === key.userId);
    assert.deepEqual([...auth.principal.permissions].sort(), [...(owner?.cxonePermissions ?? [])].sort());

    const wrong = await postForm(
      tokenUrl,
      { grant_type: 'password', username: key.id, password: 'wrong' },
      basicAuth(daemon.id, daemon.secret),
    );
    assertOAuthError(wrong, 400, 'invalid_grant');
    assert.ok(!JSON.stringify(wrong.body).includes(key.secret));
  });

  test('client_secret_post works; bad client auth is 401 invalid_client', async () => {
    const post = await postForm(tokenUrl, {
      grant_type: 'client_credentials',
      client_id: daemon.id,
      client_secret: daemon.secret,
    });
    assert.equal(post.status, 200);
    assertOAuthError(
      await postForm(tokenUrl, { grant_type: 'client_credentials' }, basicAuth(daemon.id, 'nope')),
      401,
      'invalid_client',
    );
    assertOAuthError(await postForm(tokenUrl, { grant_type: 'client_credentials' }), 401, 'invalid_client');
  });

  test('grants outside the client are unauthorized_client; unknown grants unsupported_grant_type', async () => {
    const key = emulator.org.cxone.accessKeys[0];
    assert.ok(key);
    assertOAuthError(
      await postForm(
        tokenUrl,
        { grant_type: 'password', username: key.id, password: key.secret },
        basicAuth(limited.id, limited.secret),
      ),
      400,
      'unauthorized_client',
    );
    assertOAuthError(
      await postForm(tokenUrl, { grant_type: 'client_credentials' }, basicAuth(web.id, web.secret)),
      400,
      'unauthorized_client',
    );
    assertOAuthError(
      await postForm(tokenUrl, { grant_type: 'urn:x:magic' }, basicAuth(daemon.id, daemon.secret)),
      400,
      'unsupported_grant_type',
    );
  });
});

describe('CXone authorization code + PKCE', () => {
  test('oauth4webapi accepts the redirect (with iss) and the id_token (iss, aud, exp, iat, nonce)', async () => {
    const as = await oauth.processDiscoveryResponse(
      new URL(issuer),
      await oauth.discoveryRequest(new URL(issuer), { [oauth.allowInsecureRequests]: true }),
    );
    const client: oauth.Client = { client_id: web.id };
    const nonce = oauth.generateRandomNonce();
    const state = oauth.generateRandomState();
    const { code: _code, verifier, redirect } = await codeFor('alice', { nonce, state });
    assert.equal(redirect.searchParams.get('iss'), issuer);
    const params = oauth.validateAuthResponse(as, client, redirect, state);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.ClientSecretBasic(web.secret),
      params,
      REDIRECT,
      verifier,
      { [oauth.allowInsecureRequests]: true },
    );
    const result = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: nonce });
    const claims = oauth.getValidatedIdTokenClaims(result);
    assert.ok(claims);
    assert.equal(claims.iss, issuer);
    assert.equal(claims.aud, web.id);
    assert.equal(claims.nonce, nonce);
    assert.equal(claims.sub, seedUser(emulator.org, 'alice').id);
    assert.ok(await verifyWithJwks(String(result.id_token)));
    assert.equal(typeof result.refresh_token, 'string');
    const access = jwtClaims(result.access_token);
    assert.equal(access.tenantId, emulator.org.cxone.tenantId);
    assert.equal(access.sub, `user:${seedUser(emulator.org, 'alice').id}`);
  });

  test('without the openid scope there is no id_token', async () => {
    const { code, verifier } = await codeFor('alice', { scope: 'offline_access' });
    const res = await exchange(code, verifier);
    assert.equal(res.status, 200);
    assert.equal(res.body.id_token, undefined);
  });

  test('a user token carries the user permissions and queues', async () => {
    const { code, verifier } = await codeFor('bob');
    const token = String((await exchange(code, verifier)).body.access_token);
    const auth = authenticateBearer(emulator.context, 'cxone', `Bearer ${token}`);
    assert.ok(auth.ok);
    const bob = seedUser(emulator.org, 'bob');
    assert.deepEqual([...auth.principal.permissions].sort(), [...bob.cxonePermissions].sort());
    assert.deepEqual([...auth.principal.visibleQueueIds].sort(), [...bob.queueIds].sort());
    assert.ok(auth.principal.permissions.has(CXONE_PERMISSIONS.reporting));
  });

  test('the login form has the same fields and buttons as the Genesys one', async () => {
    const { challenge } = pkcePair();
    const url = authorizeUrl(issuer, '/auth/authorize', {
      response_type: 'code',
      client_id: web.id,
      redirect_uri: REDIRECT,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const html = await (await fetch(url)).text();
    assert.match(html, /<label for="username">/);
    assert.match(html, /name="username"/);
    assert.match(html, /name="password" type="password"/);
    assert.match(html, /<button[^>]*>Sign in<\/button>/);
    assert.match(html, /<button[^>]*>Deny<\/button>/);
  });

  test('Deny returns access_denied with the state and the issuer', async () => {
    const url = authorizeUrl(issuer, '/auth/authorize', {
      response_type: 'code',
      client_id: web.id,
      redirect_uri: REDIRECT,
      state: 'no-thanks',
    });
    const redirect = await submitLoginForm(url, '', '', 'deny');
    assert.equal(redirect.searchParams.get('error'), 'access_denied');
    assert.equal(redirect.searchParams.get('state'), 'no-thanks');
    assert.equal(redirect.searchParams.get('iss'), issuer);
  });

  test('PKCE verifier mismatch is invalid_grant', async () => {
    const { code } = await codeFor('alice');
    assertOAuthError(await exchange(code, pkcePair().verifier), 400, 'invalid_grant');
  });

  test('a replayed code is invalid_grant and revokes the tokens the code issued', async () => {
    const { code, verifier } = await codeFor('alice');
    const first = await exchange(code, verifier);
    assert.equal(first.status, 200);
    assert.equal((await getJson(apiUrl(), String(first.body.access_token))).status, 200);
    assertOAuthError(await exchange(code, verifier), 400, 'invalid_grant');
    assert.equal((await getJson(apiUrl(), String(first.body.access_token))).status, 401);
    assertOAuthError(await refreshWith(first.body.refresh_token), 400, 'invalid_grant');
  });

  test('an unregistered redirect_uri is an error page, not a redirect', async () => {
    const url = authorizeUrl(issuer, '/auth/authorize', {
      response_type: 'code',
      client_id: web.id,
      redirect_uri: 'https://attacker.example/cb',
    });
    const res = await fetch(url, { redirect: 'manual' });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('location'), null);
    assert.match(await res.text(), /redirect_uri_mismatch/);
  });

  test('refresh rotates: new access and refresh tokens, the old refresh token is rejected', async () => {
    const { code, verifier } = await codeFor('alice');
    const first = await exchange(code, verifier);
    const second = await refreshWith(first.body.refresh_token);
    assert.equal(second.status, 200, JSON.stringify(second.body));
    assert.notEqual(second.body.refresh_token, first.body.refresh_token);
    assert.notEqual(second.body.access_token, first.body.access_token);
    assertOAuthError(await refreshWith(first.body.refresh_token), 400, 'invalid_grant');
    assert.equal((await refreshWith(second.body.refresh_token)).status, 200);
  });

  test('a code expires (injected clock)', async () => {
    const { code, verifier } = await codeFor('alice');
    await clock.advance(300_001);
    const res = await exchange(code, verifier);
    assertOAuthError(res, 400, 'invalid_grant');
    assert.match(String(res.body.error_description), /expired/);
  });
});

describe('CXone revocation and the access-key endpoint', () => {
  test('RFC 7009: revoking an access token makes the API answer 401', async () => {
    const { code, verifier } = await codeFor('alice');
    const tokens = await exchange(code, verifier);
    const access = String(tokens.body.access_token);
    const res = await fetch(`${issuer}/auth/revoke`, {
      method: 'POST',
      headers: { authorization: basicAuth(web.id, web.secret), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: access, token_type_hint: 'access_token' }),
    });
    assert.equal(res.status, 200);
    const denied = await getJson(apiUrl(), access);
    assert.equal(denied.status, 401);
    // The classic API says why in icStatusDescription (and the status line), with no JSON body.
    assert.match(denied.headers.get('icstatusdescription') ?? '', /credentials/i);
    assert.deepEqual(denied.body, {});
    // The access token took its refresh token with it.
    assertOAuthError(await refreshWith(tokens.body.refresh_token), 400, 'invalid_grant');
  });

  test('RFC 7009: revoking a refresh token kills it and its access tokens; unknown tokens are still 200', async () => {
    const { code, verifier } = await codeFor('alice');
    const tokens = await exchange(code, verifier);
    const revoke = (token: string, client = web) =>
      postForm(`${issuer}/auth/revoke`, { token }, basicAuth(client.id, client.secret));
    assert.equal((await revoke(String(tokens.body.refresh_token))).status, 200);
    assertOAuthError(await refreshWith(tokens.body.refresh_token), 400, 'invalid_grant');
    assert.equal((await getJson(apiUrl(), String(tokens.body.access_token))).status, 401);
    assert.equal((await revoke('never-issued')).status, 200);
  });

  test('revocation needs client authentication and only touches that client’s tokens', async () => {
    const own = await postForm(tokenUrl, { grant_type: 'client_credentials' }, basicAuth(daemon.id, daemon.secret));
    const token = String(own.body.access_token);
    const noAuth = await postForm(`${issuer}/auth/revoke`, { token });
    assertOAuthError(noAuth, 401, 'invalid_client');
    const other = await postForm(`${issuer}/auth/revoke`, { token }, basicAuth(web.id, web.secret));
    assert.equal(other.status, 200);
    assert.equal((await getJson(apiUrl(), token)).status, 200, 'another client cannot revoke it');
    await postForm(`${issuer}/auth/revoke`, { token }, basicAuth(daemon.id, daemon.secret));
    assert.equal((await getJson(apiUrl(), token)).status, 401);
  });

  test('access-key endpoint: form or JSON in, access and refresh token out; bad keys are 401', async () => {
    const key = emulator.org.cxone.accessKeys[0];
    assert.ok(key);
    const url = `${issuer}/authentication/v1/token/access-key`;
    const form = await postForm(url, { accessKeyId: key.id, accessKeySecret: key.secret });
    assert.equal(form.status, 200, JSON.stringify(form.body));
    for (const field of ['access_token', 'refresh_token', 'expires_in', 'token_type']) assert.ok(field in form.body);
    assert.equal(jwtClaims(String(form.body.access_token)).sub, `user:${key.userId}`);
    assert.equal((await getJson(apiUrl(), String(form.body.access_token))).status, 200);

    const json = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accessKeyId: key.id, accessKeySecret: key.secret }),
    });
    assert.equal(json.status, 200);
    const bad = await postForm(url, { accessKeyId: key.id, accessKeySecret: 'wrong' });
    assert.equal(bad.status, 401);
    assert.equal(bad.body.error, 'invalid_grant');
  });

  test('API 401s: no token, a Genesys token, an expired token; every API request is logged', async () => {
    const before = emulator.context.stats.apiRequests.length;
    assert.equal((await getJson(apiUrl())).status, 401);
    const genesys = seedClient(emulator.org, 'genesys', 'daemon');
    const g = await postForm(
      `${emulator.genesysUrl}/oauth/token`,
      { grant_type: 'client_credentials' },
      basicAuth(genesys.id, genesys.secret),
    );
    assert.equal((await getJson(apiUrl(), String(g.body.access_token))).status, 401, 'tokens are per vendor');
    const c = await postForm(tokenUrl, { grant_type: 'client_credentials' }, basicAuth(daemon.id, daemon.secret));
    await clock.advance(3_600_000);
    assert.equal((await getJson(apiUrl(), String(c.body.access_token))).status, 401);
    const logged = emulator.context.stats.apiRequests.slice(before);
    assert.deepEqual(
      logged.map((r) => [r.vendor, r.method, r.status]),
      [
        ['cxone', 'GET', 401],
        ['cxone', 'GET', 401],
        ['cxone', 'GET', 401],
      ],
    );
  });
});
