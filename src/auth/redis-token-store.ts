// Token sets shared by several processes through Redis, sealed with AES-256-GCM (never plaintext in
// Redis), each key expiring with its token. It also serialises refreshes across processes: the
// TokenManager runs its refresh inside withRefreshLock, re-reading the store once it holds the lock.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Redis } from 'ioredis';
import { type Clock, type Logger, silentLogger, systemClock } from '../core/index.js';
import { DEFAULT_LOCK_TIMING, type RedisLockTiming, withRedisLock } from './redis-refresh-lock.js';
import { type Sealed, seal, TokenKeyError, unseal } from './token-encryption.js';
import type { SharedTokenStore } from './token-manager.js';
import { type TokenSetJson, tokenSetFromJson, tokenSetToJson } from './token-set.js';
import type { StoredToken } from './token-store.js';

export interface RedisTokenStoreOptions {
  redis: Redis;
  /** 32 bytes, the same on every replica (CCPULSE_TOKEN_KEY). */
  key: Buffer;
  /** Namespace for every key this store writes; default `ccpulse:`. */
  prefix?: string;
  /**
   * How long a token set that carries a refresh token is kept past its access token's expiry. Vendors
   * do not say when a refresh token dies, so this is the session's lifetime: default 12 h, the
   * dashboard's absolute session timeout.
   */
  refreshTokenTtlMs?: number;
  lock?: Partial<RedisLockTiming>;
  clock?: Clock;
  logger?: Logger;
}

type SerializedToken = TokenSetJson & {
  /** The store key the set was sealed for: a sealed value copied to another key is refused. */
  key: string;
  refreshAt: number;
};

// Writes only if no newer fence wrote first (a holder whose lock timed out must not overwrite the
// token set of the process that took the lock after it). Without a fence (a write outside any lock,
// e.g. a fresh sign-in) it takes one the way a lock does: the newest by definition.
const WRITE = `
local written = tonumber(redis.call('HGET', KEYS[1], 'fence') or '0')
local fence = tonumber(ARGV[1])
if not fence then
  local time = redis.call('TIME')
  fence = tonumber(time[1]) * 1000000 + tonumber(time[2])
  if fence <= written then fence = written + 1 end
end
if fence < written then return 0 end
redis.call('HSET', KEYS[1], 'fence', string.format('%.0f', fence), 'sealed', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`;

export class RedisTokenStore implements SharedTokenStore {
  readonly #redis: Redis;
  readonly #key: Buffer;
  readonly #prefix: string;
  readonly #refreshTokenTtlMs: number;
  readonly #lock: RedisLockTiming;
  readonly #clock: Clock;
  readonly #logger: Logger;
  /** The fence of the lock this async context holds, so set() inside a refresh writes with it. */
  readonly #held = new AsyncLocalStorage<{ key: string; fence: string }>();

  constructor(options: RedisTokenStoreOptions) {
    if (options.key.length !== 32) throw new TokenKeyError('it must be 32 bytes');
    this.#redis = options.redis;
    this.#key = options.key;
    this.#prefix = options.prefix ?? 'ccpulse:';
    this.#refreshTokenTtlMs = options.refreshTokenTtlMs ?? 12 * 3600_000;
    this.#lock = { ...DEFAULT_LOCK_TIMING, ...options.lock };
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
  }

  async get(key: string): Promise<StoredToken | undefined> {
    const sealed = await this.#redis.hget(this.#keys(key).token, 'sealed');
    if (sealed === null) return undefined;
    let doc: SerializedToken;
    try {
      doc = JSON.parse(unseal(this.#key, JSON.parse(sealed) as Sealed)) as SerializedToken;
    } catch {
      throw new TokenKeyError(`the token stored in Redis for "${key}" cannot be decrypted with this key`);
    }
    if (doc.key !== key) throw new TokenKeyError(`the token stored in Redis for "${key}" was sealed for another key`);
    return { ...tokenSetFromJson(doc), refreshAt: doc.refreshAt };
  }

  async set(key: string, token: StoredToken): Promise<void> {
    const doc: SerializedToken = { key, ...tokenSetToJson(token), refreshAt: token.refreshAt };
    const untilExpiry = token.expiresAt - this.#clock.now();
    const ttlMs = Math.max(1, Math.ceil(token.refreshToken ? untilExpiry + this.#refreshTokenTtlMs : untilExpiry));
    const held = this.#held.getStore();
    const fence = held?.key === key ? held.fence : '';
    const written = await this.#redis.eval(
      WRITE,
      1,
      this.#keys(key).token,
      fence,
      JSON.stringify(seal(this.#key, JSON.stringify(doc))),
      ttlMs,
    );
    if (written === 0) {
      // Our hold ran out and a later holder stored its set: that one is newer, keep it.
      this.#logger.warn({ key, fence }, 'a newer token set was stored while this refresh ran; keeping the newer one');
    }
  }

  async delete(key: string): Promise<void> {
    await this.#redis.del(this.#keys(key).token);
  }

  withRefreshLock<T>(key: string, refresh: () => Promise<T>): Promise<T> {
    const keys = this.#keys(key);
    return withRedisLock(this.#redis, { lock: keys.lock, fenced: keys.token }, this.#lock, (fence) =>
      this.#held.run({ key, fence }, refresh),
    );
  }

  /** One hash tag per token key: a Redis Cluster keeps the two keys a script touches in one slot. */
  #keys(key: string): { token: string; lock: string } {
    const tag = `{${key}}`;
    return { token: `${this.#prefix}token:${tag}`, lock: `${this.#prefix}token-lock:${tag}` };
  }
}
