import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  authCodeClient,
  createDaemonTokenManager,
  genesysProfile,
  InvalidGrantError,
  MemoryTokenStore,
  RedisTokenStore,
  type RedisTokenStoreOptions,
  RefreshLockTimeoutError,
  refreshAt,
  refreshUserToken,
  type StoredToken,
  TokenKeyError,
  TokenManager,
  type TokenStore,
} from '../../src/auth/index.js';
import { findOrg, type GenesysConfig, parseConfig } from '../../src/config/index.js';
import { createManualClock, Secret } from '../../src/core/index.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { signInAs } from '../support/login-form.js';
import { type TestRedis, TOKEN_KEY, withRedis } from './redis-support.js';

const clock = createManualClock(Date.UTC(2026, 10, 3, 8));
const LIFE_S = 600;
let emulator: RunningEmulator;
let genesys: GenesysConfig;

before(async () => {
  emulator = await startEmulator({ seed: 6, clock, tokenLifetimeSeconds: { genesys: LIFE_S } });
  genesys = findOrg(parseConfig(emulator.env()), 'genesys');
});
after(() => emulator.close());

const grants = (grant: string) =>
  emulator.context.stats.tokenRequests.filter((r) => r.vendor === 'genesys' && r.grant === grant);

function storeOn(redis: TestRedis, options: Partial<RedisTokenStoreOptions> = {}): RedisTokenStore {
  return new RedisTokenStore({ redis: redis.connect(), key: TOKEN_KEY, prefix: redis.prefix, clock, ...options });
}

function token(access: string, lifeMs: number, refresh?: string): StoredToken {
  const now = clock.now();
  return {
    accessToken: new Secret(access),
    refreshToken: refresh ? new Secret(refresh) : undefined,
    idToken: undefined,
    issuedAt: now,
    expiresAt: now + lifeMs,
    refreshAt: now + lifeMs / 2,
    scopes: ['analytics'],
  };
}

describe('RedisTokenStore', () => {
  test('seals token sets at rest, expires the key with the token, and refuses a wrong or swapped value', async (t) => {
    await withRedis(t, async (redis) => {
      const store = storeOn(redis);
      const raw = redis.connect();
      await store.set('daemon', token('access-token-value-0123456789', 3600_000));
      await store.set('user', token('access-token-value-abcdefghij', 3600_000, 'refresh-token-value-987654321'));

      const keys = await redis.keys();
      for (const key of keys) {
        const dump = JSON.stringify(await raw.hgetall(key).catch(async () => raw.get(key)));
        assert.ok(!dump.includes('token-value'), `${key} holds a token in the clear`);
      }
      const daemonKey = `${redis.prefix}token:{daemon}`;
      const userKey = `${redis.prefix}token:{user}`;
      // The manual clock stands still, so the TTL is the token's remaining life to within Redis's own tick.
      assert.ok(Math.abs((await raw.pttl(daemonKey)) - 3600_000) < 1000);
      // A set with a refresh token outlives its access token by the session lifetime (12 h by default).
      assert.ok(Math.abs((await raw.pttl(userKey)) - (3600_000 + 12 * 3600_000)) < 1000);

      const read = await store.get('user');
      assert.equal(read?.accessToken.reveal(), 'access-token-value-abcdefghij');
      assert.equal(read?.refreshToken?.reveal(), 'refresh-token-value-987654321');
      assert.deepEqual(read?.scopes, ['analytics']);

      const otherKey = new RedisTokenStore({ redis: raw, key: Buffer.alloc(32, 7), prefix: redis.prefix, clock });
      await assert.rejects(otherKey.get('user'), TokenKeyError);
      // A sealed value copied under another key is refused, not handed to the wrong principal.
      await raw.copy(userKey, `${redis.prefix}token:{intruder}`);
      await assert.rejects(store.get('intruder'), /sealed for another key/);

      await store.delete('user');
      assert.equal(await store.get('user'), undefined);
      assert.deepEqual(
        (await redis.keys()).filter((k) => k.includes('{user}')),
        [],
      );
    });
  });

  test('fencing: a refresh whose lock ran out cannot overwrite the set stored by the next holder', async (t) => {
    await withRedis(t, async (redis) => {
      const slow = storeOn(redis, { lock: { ttlMs: 100 } });
      const fast = storeOn(redis);
      const slowRun = slow.withRefreshLock('k', async () => {
        await sleep(300); // outlives its 100 ms hold
        await slow.set('k', token('late-access-token-000000', 3600_000));
      });
      await sleep(150);
      await fast.withRefreshLock('k', () => fast.set('k', token('next-access-token-111111', 3600_000)));
      await slowRun;
      assert.equal((await fast.get('k'))?.accessToken.reveal(), 'next-access-token-111111');
      // A write outside any lock (a fresh sign-in) is the newest by definition.
      await slow.set('k', token('signin-access-token-22222', 3600_000));
      assert.equal((await fast.get('k'))?.accessToken.reveal(), 'signin-access-token-22222');
    });
  });

  test('a waiter takes over after a crashed holder’s lock expires, and gives up with a typed error past its wait', async (t) => {
    await withRedis(t, async (redis) => {
      const raw = redis.connect();
      // A holder that died: its lock stays until its PX runs out.
      await raw.set(`${redis.prefix}token-lock:{k}`, 'dead-holder', 'PX', 300);
      const started = Date.now();
      await storeOn(redis).withRefreshLock('k', async () => undefined);
      const waited = Date.now() - started;
      assert.ok(waited >= 250 && waited < 1500, `waited ${waited} ms`);

      await raw.set(`${redis.prefix}token-lock:{k}`, 'stuck-holder', 'PX', 10_000);
      const impatient = storeOn(redis, { lock: { waitMs: 200 } });
      await assert.rejects(
        impatient.withRefreshLock('k', async () => assert.fail('ran without the lock')),
        RefreshLockTimeoutError,
      );
      assert.equal(
        await raw.get(`${redis.prefix}token-lock:{k}`),
        'stuck-holder',
        'the waiter never deletes a lock it does not hold',
      );
    });
  });
});

describe('TokenManagers of several replicas on one RedisTokenStore', () => {
  test('3 replicas x 300 concurrent getToken(): one token request per lifetime, over 4 lifetimes', async (t) => {
    await withRedis(t, async (redis) => {
      const replicas = [0, 1, 2].map(() => createDaemonTokenManager(genesys, { clock, store: storeOn(redis) }));
      const before = grants('client_credentials').length;
      const seen = new Set<string>();
      for (let lifetime = 0; lifetime < 4; lifetime++) {
        const tokens = await Promise.all(replicas.flatMap((r) => Array.from({ length: 300 }, () => r.getToken())));
        assert.equal(new Set(tokens).size, 1, `lifetime ${lifetime}: all replicas use one token`);
        seen.add(tokens[0]!);
        const current = await replicas[0]!.current();
        await clock.set(current.refreshAt + 1);
      }
      assert.equal(seen.size, 4);
      assert.equal(grants('client_credentials').length - before, 4);
      assert.equal(
        replicas.reduce((sum, r) => sum + r.stats.tokenRequests, 0),
        4,
      );
    });
  });

  test('refresh-token rotation race: replicas refreshing together never use a spent refresh token', async (t) => {
    await withRedis(t, async (redis) => {
      const profile = genesysProfile(genesys);
      const client = authCodeClient(genesys);
      const initial = await signInAs(genesys, 'bob', { clock });
      const key = 'genesys:user:bob';
      const stores = [0, 1, 2].map(() => storeOn(redis));
      await stores[0]!.set(key, { ...initial, refreshAt: refreshAt(initial, Math.random) });
      const before = grants('refresh_token');
      const replicas = stores.map((store) => userManager(key, store, profile, client));

      const rounds = 6;
      for (let round = 0; round < rounds; round++) {
        const old = await replicas[0]!.current();
        const first = replicas[round % 3]!;
        const others = replicas.filter((r) => r !== first);
        if (round % 2 === 0) {
          // Past the refresh point, the old token still valid: one replica refreshes; another then gets
          // a 401 for the old token it still holds and adopts the new one instead of refreshing again.
          await clock.set(old.refreshAt + 1);
          const fresh = await first.getToken();
          others[0]!.invalidate(old.accessToken.reveal());
          assert.equal(await others[0]!.getToken(), fresh);
        } else {
          // Past expiry: all replicas need a token at once; then a 401 for it everywhere.
          await clock.set(old.expiresAt + 1);
          const tokens = await Promise.all(replicas.flatMap((r) => [r.getToken(), r.getToken(), r.getToken()]));
          assert.equal(new Set(tokens).size, 1, `round ${round}: one token across replicas`);
          first.invalidate(tokens[0]!);
          const replaced = await first.getToken();
          for (const other of others) other.invalidate(tokens[0]!);
          assert.deepEqual(await Promise.all(others.map((r) => r.getToken())), [replaced, replaced]);
        }
        const tokens = await Promise.all(replicas.flatMap((r) => [r.getToken(), r.getToken()]));
        assert.equal(new Set(tokens).size, 1, `round ${round}: one token across replicas`);
      }
      const refreshes = grants('refresh_token').slice(before.length);
      // One refresh per refresh point or expiry, one per 401 of the current token; none refused.
      assert.equal(refreshes.length, rounds / 2 + rounds);
      assert.deepEqual(
        refreshes.filter((r) => !r.ok),
        [],
      );
      // The stored refresh token is the live one: one more refresh succeeds.
      const stored = await stores[2]!.get(key);
      await refreshUserToken(profile, client, stored!.refreshToken!, { clock });
    });
  });

  test('control: replicas without a shared store race and lose the session to invalid_grant', async () => {
    const profile = genesysProfile(genesys);
    const client = authCodeClient(genesys);
    const initial = await signInAs(genesys, 'bob', { clock });
    const key = 'genesys:user:bob';
    const replicas = await Promise.all(
      [0, 1, 2].map(async () => {
        const store = new MemoryTokenStore();
        await store.set(key, { ...initial, refreshAt: clock.now() - 1 });
        return userManager(key, store, profile, client);
      }),
    );
    await clock.advance(LIFE_S * 1000 + 1);
    const results = await Promise.allSettled(replicas.map((r) => r.getToken()));
    assert.ok(
      results.some((r) => r.status === 'rejected' && r.reason instanceof InvalidGrantError),
      'a replica refreshed with a spent refresh token',
    );
  });
});

function userManager(
  key: string,
  store: TokenStore,
  profile: ReturnType<typeof genesysProfile>,
  client: ReturnType<typeof authCodeClient>,
): TokenManager {
  return new TokenManager({
    key,
    store,
    clock,
    obtain: async (current) => refreshUserToken(profile, client, current!.refreshToken!, { clock }),
  });
}
