// Drives the emulator's vendor login page over plain HTTP, as a browser would: GET the authorize
// URL, read the form, POST the credentials, return where the vendor redirects.
import assert from 'node:assert/strict';
import { authCodeClient, beginLogin, completeLogin, profileFor, type TokenSet } from '../../src/auth/index.js';
import type { CxoneConfig, GenesysConfig } from '../../src/config/index.js';
import type { Clock } from '../../src/core/index.js';

export async function submitLoginForm(
  authorizationUrl: URL | string,
  username: string,
  password: string,
  action: 'login' | 'deny' = 'login',
): Promise<URL> {
  const page = await fetch(authorizationUrl, { redirect: 'manual' });
  const html = await page.text();
  assert.equal(page.status, 200, `authorize page answered ${page.status}: ${html.slice(0, 200)}`);
  const formAction = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  const requestId = /name="request_id" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(formAction && requestId, 'login form not found on the authorize page');
  const response = await fetch(new URL(formAction, authorizationUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request_id: requestId, username, password, action }),
  });
  const location = response.headers.get('location');
  assert.equal(response.status, 302, `login answered ${response.status} instead of redirecting`);
  assert.ok(location);
  return new URL(location);
}

/** The whole Authorization Code + PKCE sign-in of a seeded user (password `demo-<username>`) against the emulator. */
export async function signInAs(
  org: GenesysConfig | CxoneConfig,
  username: string,
  options: { clock?: Clock; redirectUri?: string; scopes?: string[] } = {},
): Promise<TokenSet> {
  const profile = await profileFor(org);
  const client = authCodeClient(org);
  const { authorizationUrl, loginState } = await beginLogin(profile, client, {
    redirectUri: options.redirectUri ?? 'http://127.0.0.1:8765/callback',
    scopes: options.scopes ?? org.scopes,
    clock: options.clock,
  });
  const callback = await submitLoginForm(authorizationUrl, username, `demo-${username}`);
  return completeLogin(profile, client, loginState, callback, { clock: options.clock });
}
