import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  authCodeClient,
  beginLogin,
  completeLogin,
  createDaemonTokenManager,
  genesysProfile,
  InvalidScopeError,
  RateLimitedError,
} from '../../src/auth/index.js';
import { findOrg, type GenesysConfig, parseConfig } from '../../src/config/index.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';

let emulator: RunningEmulator;
let genesys: GenesysConfig;
before(async () => {
  emulator = await startEmulator({ seed: 9, tokenRequestsPerMinute: 2 });
  genesys = findOrg(parseConfig(emulator.env()), 'genesys');
});
after(() => emulator.close());

test('a rate-limited token endpoint is RateLimitedError with the Retry-After it sent', async () => {
  await createDaemonTokenManager(genesys).getToken();
  await createDaemonTokenManager(genesys).getToken();
  // A deadline shorter than the window's end: the wait Retry-After asks for is not begun.
  const error = await createDaemonTokenManager(genesys, { timeoutMs: 500 })
    .getToken()
    .catch((e: unknown) => e);
  assert.ok(error instanceof RateLimitedError, String(error));
  assert.ok(error.retryAfterMs !== undefined && error.retryAfterMs > 0 && error.retryAfterMs <= 60_000);
  assert.match(error.hint, /reuse cached tokens/);
});

test('asking for a scope the client does not have is InvalidScopeError naming the variable', async () => {
  const profile = genesysProfile(genesys);
  const client = authCodeClient(genesys);
  const { authorizationUrl, loginState } = await beginLogin(profile, client, {
    redirectUri: 'http://127.0.0.1:8765/callback',
    scopes: ['analytics', 'admin:everything'],
  });
  const page = await fetch(authorizationUrl, { redirect: 'manual' });
  assert.equal(page.status, 302, 'the vendor answers a bad scope by redirecting back with an error');
  const callback = new URL(page.headers.get('location') ?? '');
  assert.equal(callback.searchParams.get('error'), 'invalid_scope');
  const error = await completeLogin(profile, client, loginState, callback).catch((e: unknown) => e);
  assert.ok(error instanceof InvalidScopeError, String(error));
  assert.match(error.hint, /GENESYS_SCOPES/);
});
