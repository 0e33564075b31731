import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import {
  authCodeClient,
  genesysProfile,
  LoginTimeoutError,
  LoopbackPortInUseError,
  LoopbackRedirectError,
  loopbackLogin,
  StateMismatchError,
} from '../../src/auth/index.js';
import { findOrg, type GenesysConfig, parseConfig } from '../../src/config/index.js';
import { createManualClock } from '../../src/core/index.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { submitLoginForm } from '../support/login-form.js';

const clock = createManualClock(Date.UTC(2026, 10, 4, 9));
let emulator: RunningEmulator;
let genesys: GenesysConfig;
let redirectUri: string;

before(async () => {
  redirectUri = `http://127.0.0.1:${await freePort()}/callback`;
  emulator = await startEmulator({ seed: 7, clock, redirectUris: { genesys: [redirectUri] } });
  genesys = findOrg(parseConfig(emulator.env()), 'genesys');
});
after(() => emulator.close());

function login(onAuthorizationUrl: (url: URL) => void, overrides: { redirectUri?: string; timeoutMs?: number } = {}) {
  return loopbackLogin({
    profile: genesysProfile(genesys),
    client: authCodeClient(genesys),
    redirectUri: overrides.redirectUri ?? redirectUri,
    scopes: genesys.scopes,
    clock,
    timeoutMs: overrides.timeoutMs,
    onAuthorizationUrl,
  });
}

describe('loopbackLogin', () => {
  test('listens on the redirect port, finishes on the callback, and the browser page carries no token', async () => {
    let browser: Promise<{ status: number; body: string }> | undefined;
    const tokens = await login((url) => {
      browser = (async () => {
        const callback = await submitLoginForm(url, 'alice', 'demo-alice');
        assert.equal(callback.origin + callback.pathname, redirectUri);
        const response = await fetch(callback);
        return { status: response.status, body: await response.text() };
      })();
    });
    const page = await browser;
    const me = await fetch(`${genesys.apiUrl}/api/v2/users/me`, {
      headers: { authorization: `Bearer ${tokens.accessToken.reveal()}` },
    });
    assert.equal(((await me.json()) as { username: string }).username, 'alice@example.com');
    assert.equal(page?.status, 200);
    assert.match(page?.body ?? '', /Signed in/);
    assert.ok(!page?.body.includes(tokens.accessToken.reveal()));
    await assert.rejects(fetch(redirectUri), 'the listener is closed afterwards');
  });

  test('a forged callback (wrong state) fails the login with StateMismatchError and a 400 page', async () => {
    let browser: Promise<number> | undefined;
    const error = await login(() => {
      browser = fetch(`${redirectUri}?code=forged&state=not-ours`).then((r) => r.status);
    }).catch((e: unknown) => e);
    assert.ok(error instanceof StateMismatchError);
    assert.equal(await browser, 400);
  });

  test('a redirect URI that is not loopback http is refused before anything listens', async () => {
    let opened = false;
    const error = await login(() => (opened = true), { redirectUri: 'https://app.example.com/callback' }).catch(
      (e: unknown) => e,
    );
    assert.ok(error instanceof LoopbackRedirectError);
    assert.match(error.hint, /127\.0\.0\.1/);
    assert.equal(opened, false);
  });

  test('a port already in use is LoopbackPortInUseError naming the redirect URI', async () => {
    const blocker = await listen(createServer(), Number(new URL(redirectUri).port));
    try {
      const error = await login(() => assert.fail('no URL without a listener')).catch((e: unknown) => e);
      assert.ok(error instanceof LoopbackPortInUseError);
      assert.ok(error.message.includes(redirectUri));
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  test('no callback within the timeout (on the injected clock) is LoginTimeoutError', async () => {
    const pending = login(() => undefined, { timeoutMs: 120_000 });
    const rejected = assert.rejects(pending, LoginTimeoutError);
    while (clock.pending === 0) await new Promise((r) => setImmediate(r));
    await clock.advance(120_000);
    await rejected;
  });
});

function listen(server: Server, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

async function freePort(): Promise<number> {
  const server = await listen(createServer(), 0);
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
