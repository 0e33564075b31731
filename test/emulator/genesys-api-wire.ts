// Raw-HTTP helpers for the emulator's Genesys API tests: tokens from the emulator's own /oauth/token
// (client credentials and a browser-style code login), and JSON calls that keep status and headers.
import assert from 'node:assert/strict';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { seedClient } from '../../src/emulator/index.js';
import { submitLoginForm } from '../support/login-form.js';
import { authorizeUrl, basicAuth, pkcePair, postForm } from './oauth-wire.js';

interface ApiResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON (empty object for an empty body). */
  body: Record<string, unknown>;
}

export async function clientToken(emulator: RunningEmulator, key = 'daemon'): Promise<string> {
  const client = seedClient(emulator.org, 'genesys', key);
  const res = await postForm(
    `${emulator.genesysUrl}/oauth/token`,
    { grant_type: 'client_credentials' },
    basicAuth(client.id, client.secret),
  );
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return String(res.body.access_token);
}

/** A user's token through the authorization code grant with PKCE, as the dashboard gets one. */
export async function userToken(emulator: RunningEmulator, username: string, redirectUri: string): Promise<string> {
  const web = seedClient(emulator.org, 'genesys', 'web');
  const { verifier, challenge } = pkcePair();
  const url = authorizeUrl(emulator.genesysUrl, '/oauth/authorize', {
    response_type: 'code',
    client_id: web.id,
    redirect_uri: redirectUri,
    state: `state-${username}`,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  const redirect = await submitLoginForm(url, username, `demo-${username}`);
  const code = redirect.searchParams.get('code');
  assert.ok(code, `no code in ${redirect.pathname}`);
  const res = await postForm(
    `${emulator.genesysUrl}/oauth/token`,
    { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier },
    basicAuth(web.id, web.secret),
  );
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return String(res.body.access_token);
}

export async function call(
  baseUrl: string,
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiResponse> {
  const response = await fetch(new URL(path, baseUrl), {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
}

/** Asserts a Genesys API error body whose contextId is the response's inin-correlation-id. */
export function assertGenesysError(res: ApiResponse, status: number, code: string): void {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.equal(res.body.status, status);
  assert.equal(res.body.code, code);
  assert.equal(typeof res.body.message, 'string');
  assert.equal(res.body.contextId, res.headers.get('inin-correlation-id'));
}
