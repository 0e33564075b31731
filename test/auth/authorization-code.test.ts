import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AccessDeniedError,
  authCodeClient,
  beginLogin,
  completeLogin,
  cxoneProfile,
  genesysProfile,
  InvalidGrantError,
  IssuerMismatchError,
  RedirectMismatchError,
  refreshUserToken,
  revokeTokens,
  StateMismatchError,
} from '../../src/auth/index.js';
import { type CxoneConfig, findOrg, type GenesysConfig, parseConfig } from '../../src/config/index.js';
import { createManualClock } from '../../src/core/index.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { submitLoginForm } from '../support/login-form.js';

const REDIRECT = 'http://127.0.0.1:8765/callback';
const clock = createManualClock(Date.UTC(2026, 10, 2, 9));
let emulator: RunningEmulator;
let genesys: GenesysConfig;
let cxone: CxoneConfig;

before(async () => {
  emulator = await startEmulator({ seed: 4, clock, codeLifetimeSeconds: 60 });
  const config = parseConfig(emulator.env());
  genesys = findOrg(config, 'genesys');
  cxone = findOrg(config, 'cxone');
});
after(() => emulator.close());

const userMe = (token: string) =>
  fetch(`${genesys.apiUrl}/api/v2/users/me`, { headers: { authorization: `Bearer ${token}` } });

async function genesysLogin(username = 'alice', redirectUri = REDIRECT) {
  const profile = genesysProfile(genesys);
  const client = authCodeClient(genesys);
  const { authorizationUrl, loginState } = await beginLogin(profile, client, {
    redirectUri,
    scopes: genesys.scopes,
    clock,
  });
  return {
    profile,
    client,
    loginState,
    authorizationUrl,
    callback: () => submitLoginForm(authorizationUrl, username, `demo-${username}`),
  };
}

describe('authorization code + PKCE', () => {
  test('Genesys: sign in as a person, the token is theirs, refresh rotates, revoke ends it', async () => {
    const { profile, client, loginState, authorizationUrl, callback } = await genesysLogin('alice');
    assert.equal(authorizationUrl.searchParams.get('code_challenge_method'), 'S256');
    assert.ok(!authorizationUrl.searchParams.has('code_verifier'));
    const tokens = await completeLogin(profile, client, loginState, await callback(), { clock });
    const me = (await (await userMe(tokens.accessToken.reveal())).json()) as { username: string };
    assert.equal(me.username, 'alice@example.com');
    assert.ok(tokens.refreshToken);

    const refreshed = await refreshUserToken(profile, client, tokens.refreshToken, { clock });
    assert.notEqual(refreshed.refreshToken?.reveal(), tokens.refreshToken.reveal(), 'refresh token rotated');
    const reused = await refreshUserToken(profile, client, tokens.refreshToken, { clock }).catch((e: unknown) => e);
    assert.ok(reused instanceof InvalidGrantError, 'the old refresh token is dead after rotation');

    assert.equal(await revokeTokens(profile, client, refreshed), true);
    assert.equal((await userMe(refreshed.accessToken.reveal())).status, 401);
    const afterRevoke = await refreshUserToken(profile, client, refreshed.refreshToken!, { clock }).catch(
      (e: unknown) => e,
    );
    assert.ok(afterRevoke instanceof InvalidGrantError, 'revoking the access token took its refresh token');
  });

  test('CXone: OIDC discovery, login with PKCE and nonce, id_token checked, RFC 7009 revocation', async () => {
    const profile = await cxoneProfile(cxone);
    const client = authCodeClient(cxone);
    const { authorizationUrl, loginState } = await beginLogin(profile, client, {
      redirectUri: REDIRECT,
      scopes: ['openid', 'offline_access'],
      clock,
    });
    assert.ok(authorizationUrl.searchParams.get('nonce'));
    const callbackUrl = await submitLoginForm(authorizationUrl, 'bob', 'demo-bob');
    assert.equal(callbackUrl.searchParams.get('iss'), cxone.issuer);
    const tokens = await completeLogin(profile, client, loginState, callbackUrl, { clock });
    assert.ok(tokens.idToken, 'id_token returned and validated by oauth4webapi');
    const refreshed = await refreshUserToken(profile, client, tokens.refreshToken!, { clock });
    assert.ok(await revokeTokens(profile, client, refreshed));
    const again = await refreshUserToken(profile, client, refreshed.refreshToken!, { clock }).catch((e: unknown) => e);
    assert.ok(again instanceof InvalidGrantError);
  });

  test('a wrong or missing state is refused before any code exchange', async () => {
    const { profile, client, loginState, callback } = await genesysLogin();
    const url = await callback();
    const before = emulator.context.stats.tokenRequests.length;
    const wrong = new URL(url);
    wrong.searchParams.set('state', 'forged');
    await assert.rejects(completeLogin(profile, client, loginState, wrong, { clock }), StateMismatchError);
    const missing = new URL(url);
    missing.searchParams.delete('state');
    await assert.rejects(completeLogin(profile, client, loginState, missing, { clock }), StateMismatchError);
    assert.equal(emulator.context.stats.tokenRequests.length, before, 'no token request was made');
  });

  test('a replayed code is refused, and the tokens it issued are revoked', async () => {
    const { profile, client, loginState, callback } = await genesysLogin();
    const url = await callback();
    const first = await completeLogin(profile, client, loginState, url, { clock });
    const replay = await completeLogin(profile, client, loginState, url, { clock }).catch((e: unknown) => e);
    assert.ok(replay instanceof InvalidGrantError, String(replay));
    assert.match(replay.hint, /single-use/);
    assert.equal((await userMe(first.accessToken.reveal())).status, 401, 'tokens from a replayed code are revoked');
  });

  test('a wrong code_verifier is refused', async () => {
    const { profile, client, loginState, callback } = await genesysLogin();
    const url = await callback();
    const error = await completeLogin(profile, client, { ...loginState, codeVerifier: 'x'.repeat(43) }, url, {
      clock,
    }).catch((e: unknown) => e);
    assert.ok(error instanceof InvalidGrantError, String(error));
    assert.match(error.message, /code_verifier/);
  });

  test('an expired code is refused (codes live 60 s here)', async () => {
    const { profile, client, loginState, callback } = await genesysLogin();
    const url = await callback();
    await clock.advance(61_000);
    const error = await completeLogin(profile, client, loginState, url, { clock }).catch((e: unknown) => e);
    assert.ok(error instanceof InvalidGrantError);
    assert.match(error.message, /expired/);
  });

  test('an unregistered redirect URI is shown as an error by the vendor, never redirected to', async () => {
    const { authorizationUrl } = await genesysLogin('alice', 'http://127.0.0.1:8765/callback/');
    const page = await fetch(authorizationUrl, { redirect: 'manual', headers: { accept: 'application/json' } });
    assert.equal(page.status, 400);
    assert.equal(((await page.json()) as { error: string }).error, 'redirect_uri_mismatch');
  });

  test('a code exchanged with another redirect URI than the authorize request is RedirectMismatchError with both strings', async () => {
    const { profile, client, loginState, callback } = await genesysLogin();
    const url = await callback();
    const error = await completeLogin(
      profile,
      client,
      { ...loginState, redirectUri: 'http://localhost:8080/callback/genesys' },
      url,
      { clock },
    ).catch((e: unknown) => e);
    assert.ok(error instanceof RedirectMismatchError, String(error));
    assert.match(error.hint, /http:\/\/localhost:8080\/callback\/genesys/);
  });

  test('Deny on the consent page is AccessDeniedError', async () => {
    const { profile, client, loginState, authorizationUrl } = await genesysLogin();
    const url = await submitLoginForm(authorizationUrl, 'alice', '', 'deny');
    assert.equal(url.searchParams.get('error'), 'access_denied');
    await assert.rejects(completeLogin(profile, client, loginState, url, { clock }), AccessDeniedError);
  });

  test("a callback carrying the other vendor's issuer is refused (mix-up defence)", async () => {
    const { profile, client, loginState, callback } = await genesysLogin();
    const url = await callback();
    url.searchParams.set('iss', cxone.issuer);
    await assert.rejects(completeLogin(profile, client, loginState, url, { clock }), IssuerMismatchError);
    const cxoneProfileNow = await cxoneProfile(cxone);
    await assert.rejects(
      completeLogin(cxoneProfileNow, authCodeClient(cxone), loginState, await (await genesysLogin()).callback(), {
        clock,
      }),
      (e) => e instanceof IssuerMismatchError || e instanceof StateMismatchError,
    );
  });
});
