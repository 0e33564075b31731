import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  authCodeClient,
  createDaemonTokenManager,
  FileTokenStore,
  genesysProfile,
  loadTokenKey,
  MemoryTokenStore,
  refreshUserToken,
  type StoredToken,
  TokenKeyError,
  TokenManager,
  type TokenSet,
} from '../../src/auth/index.js';
import { findOrg, type GenesysConfig, parseConfig } from '../../src/config/index.js';
import { createManualClock, Secret } from '../../src/core/index.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { signInAs } from '../support/login-form.js';
import { tempDir } from '../support/temp-dir.js';

const clock = createManualClock(Date.UTC(2026, 10, 3, 8));
let emulator: RunningEmulator;
let genesys: GenesysConfig;

before(async () => {
  emulator = await startEmulator({ seed: 5, clock, tokenLifetimeSeconds: { genesys: 3600 } });
  genesys = findOrg(parseConfig(emulator.env()), 'genesys');
});
after(() => emulator.close());

const tokenRequests = () =>
  emulator.context.stats.tokenRequests.filter((r) => r.vendor === 'genesys' && r.grant === 'client_credentials').length;

describe('TokenManager', () => {
  test('1,000 concurrent getToken() calls make exactly 1 token request', async () => {
    const manager = createDaemonTokenManager(genesys, { clock });
    const before = tokenRequests();
    const tokens = await Promise.all(Array.from({ length: 1000 }, () => manager.getToken()));
    assert.equal(tokenRequests() - before, 1);
    assert.equal(new Set(tokens).size, 1);
    assert.deepEqual(manager.stats, { tokenRequests: 1, refreshes: 0, failures: 0 });
  });

  test('cached until the early-refresh point (margin max(60 s, 10 %) plus jitter), then refreshed once', async () => {
    const manager = createDaemonTokenManager(genesys, { clock, random: () => 1 });
    const first = await manager.getToken();
    const set = await manager.current();
    // 1 h life: margin = max(60 s, 360 s) = 360 s, jitter up to +25 % -> 450 s with random() = 1.
    assert.equal(set.expiresAt - set.refreshAt, 450_000);
    const before = tokenRequests();
    await clock.advance(3600_000 - 451_000);
    assert.equal(await manager.getToken(), first, 'still before the refresh point');
    await clock.advance(2_000);
    const [a, b] = await Promise.all([manager.getToken(), manager.getToken()]);
    assert.notEqual(a, first);
    assert.equal(a, b);
    assert.equal(tokenRequests() - before, 1);
    assert.deepEqual(manager.stats, { tokenRequests: 2, refreshes: 1, failures: 0 });
  });

  test('invalidate() after a 401 drops only that token; the next call gets a new one', async () => {
    const manager = createDaemonTokenManager(genesys, { clock });
    const first = await manager.getToken();
    manager.invalidate('some-other-token');
    assert.equal(await manager.getToken(), first);
    manager.invalidate(first);
    assert.notEqual(await manager.getToken(), first);
  });

  test('a failed early refresh keeps serving the still-valid token; an expired one surfaces the error', async () => {
    let calls = 0;
    const manager = new TokenManager({
      key: 'k',
      clock,
      random: () => 0,
      obtain: async () => {
        calls++;
        if (calls > 1) throw new Error('token endpoint down');
        return tokenSet('first', clock.now(), 600_000);
      },
    });
    assert.equal(await manager.getToken(), 'first');
    await clock.advance(600_000 - 30_000);
    assert.equal(await manager.getToken(), 'first', 'inside the margin: refresh failed, token still valid');
    await clock.advance(60_000);
    await assert.rejects(manager.getToken(), /token endpoint down/);
  });

  test('a user session stores the rotated refresh token before the new access token is handed out', async () => {
    const profile = genesysProfile(genesys);
    const client = authCodeClient(genesys);
    const initial = await signInAs(genesys, 'bob', { clock });
    const events: string[] = [];
    const inner = new MemoryTokenStore();
    const store = {
      get: (k: string) => inner.get(k),
      delete: (k: string) => inner.delete(k),
      set: async (k: string, t: StoredToken) => {
        events.push(`stored refresh ${t.refreshToken?.reveal().slice(0, 6)}`);
        await inner.set(k, t);
      },
    };
    await store.set('user:bob', { ...initial, refreshAt: clock.now() - 1 });
    events.length = 0;
    const manager = new TokenManager({
      key: 'user:bob',
      store,
      clock,
      obtain: async (current) => {
        const next = await refreshUserToken(profile, client, current!.refreshToken!, { clock });
        events.push('obtained');
        return next;
      },
    });
    const token = await manager.getToken();
    events.push('handed out');
    const stored = await inner.get('user:bob');
    assert.equal(stored?.accessToken.reveal(), token);
    assert.notEqual(stored?.refreshToken?.reveal(), initial.refreshToken?.reveal());
    assert.deepEqual(
      events.map((e) => e.split(' ')[0]),
      ['obtained', 'stored', 'handed'],
    );
  });
});

describe('FileTokenStore', () => {
  test('writes mode 0600, holds no token in the clear, and reads back after a restart', async () => {
    const dir = tempDir('ccpulse-tokens-');
    const key = loadTokenKey(undefined, join(dir, 'token.key'));
    assert.equal(statSync(join(dir, 'token.key')).mode & 0o777, 0o600);
    const path = join(dir, 'tokens.json');
    const store = new FileTokenStore(path, key);
    const token = {
      ...tokenSet('access-token-value-0123456789', clock.now(), 3600_000),
      refreshToken: new Secret('refresh-token-value-987654321'),
      refreshAt: clock.now() + 1000,
    };
    await store.set('genesys:default', token);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    const raw = readFileSync(path, 'utf8');
    assert.ok(!raw.includes('access-token-value') && !raw.includes('refresh-token-value'));
    const reopened = new FileTokenStore(path, loadTokenKey(undefined, join(dir, 'token.key')));
    const read = await reopened.get('genesys:default');
    assert.equal(read?.accessToken.reveal(), 'access-token-value-0123456789');
    assert.equal(read?.refreshToken?.reveal(), 'refresh-token-value-987654321');
    const wrongKey = new FileTokenStore(path, Buffer.alloc(32, 7));
    await assert.rejects(wrongKey.get('genesys:default'), TokenKeyError);
  });
});

function tokenSet(access: string, now: number, lifeMs: number): TokenSet {
  return {
    accessToken: new Secret(access),
    refreshToken: undefined,
    idToken: undefined,
    issuedAt: now,
    expiresAt: now + lifeMs,
    scopes: [],
  };
}
