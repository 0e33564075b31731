// The dashboard's SessionStore in Redis (REDIS_URL), so several `ccpulse serve` processes behind one
// load balancer share sessions and pending logins. Values arrive sealed by the session vault; this
// module only files them with an expiry and never logs or reports a key or a value.
import type { Redis } from 'ioredis';
import { DEFAULT_LOCK_TIMING, withRedisLock } from '../auth/index.js';
import { closeRedis, openRedis } from '../connect/index.js';
import { CcpulseError, type Clock, describeError, type Logger, silentLogger, systemClock } from '../core/index.js';
import type { SessionStore } from './session-store.js';

export class SessionStoreUnavailableError extends CcpulseError {
  constructor(detail: string) {
    // No `cause`: an ioredis reply error carries the command's arguments (keys and sealed values).
    super(
      'SESSION_STORE_UNAVAILABLE',
      `The dashboard's session store in Redis cannot be used (${detail})`,
      'Check that Redis at REDIS_URL is up, reachable from every dashboard process and version 6.2 or later (sessions use GETDEL); or unset REDIS_URL to keep sessions in this process’s memory (one process only).',
    );
  }
}

interface RedisSessionStoreOptions {
  redis: Redis;
  /** Put before every key (`CCPULSE_REDIS_PREFIX`, default `ccpulse:`), then the vault's `session:<hash>` or `login:<hash>`. */
  prefix?: string;
  /** The dashboard's clock; expiry is checked against it on every read. */
  clock?: Clock;
}

/**
 * Each record is a string `<expiresAt>:<value>`: Redis drops it after its time to live (real time),
 * and reads also compare `expiresAt` with the injected clock, so it expires exactly as the memory
 * store does even when that clock is not the system's.
 */
export class RedisSessionStore implements SessionStore {
  readonly kind = 'Redis';
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #clock: Clock;

  constructor(options: RedisSessionStoreOptions) {
    this.#redis = options.redis;
    this.#prefix = options.prefix ?? 'ccpulse:';
    this.#clock = options.clock ?? systemClock;
  }

  async get(key: string): Promise<string | undefined> {
    return this.#live(await this.#call(() => this.#redis.get(this.#prefix + key)));
  }

  async set(key: string, value: string, expiresAt: number): Promise<void> {
    const ttlMs = Math.ceil(expiresAt - this.#clock.now());
    if (ttlMs <= 0) return this.delete(key);
    await this.#call(() => this.#redis.set(this.#prefix + key, `${expiresAt}:${value}`, 'PX', ttlMs));
  }

  async take(key: string): Promise<string | undefined> {
    // GETDEL (Redis 6.2): one command, so of concurrent takes exactly one gets the value.
    return this.#live(await this.#call(() => this.#redis.getdel(this.#prefix + key)));
  }

  async delete(key: string): Promise<void> {
    await this.#call(() => this.#redis.del(this.#prefix + key));
  }

  async ping(): Promise<void> {
    await this.#call(() => this.#redis.ping());
  }

  /**
   * SET NX PX with a random owner, released by compare-and-delete (auth/redis-refresh-lock.ts): of two
   * dashboard processes refreshing one session, one spends the refresh token and the other, once it
   * holds the lock, re-reads the session and adopts the rotated set. A crashed holder frees it after 30 s.
   */
  async withLock<T>(key: string, body: () => Promise<T>): Promise<T> {
    // One hash tag, so a Redis Cluster keeps the lock and its (never written) fence hash in one slot.
    const tag = `{${key}}`;
    const keys = { lock: `${this.#prefix}lock:${tag}`, fenced: `${this.#prefix}lock-fence:${tag}` };
    let entered = false;
    try {
      return await withRedisLock(this.#redis, keys, DEFAULT_LOCK_TIMING, () => {
        entered = true;
        return body();
      });
    } catch (error) {
      // Only Redis's own failures become this store's error; the body's (say, invalid_grant) pass as they are.
      if (entered || error instanceof CcpulseError) throw error;
      throw new SessionStoreUnavailableError(describeError(error));
    }
  }

  #live(raw: string | null): string | undefined {
    if (raw === null) return undefined;
    const colon = raw.indexOf(':');
    const expiresAt = Number(raw.slice(0, colon));
    // A damaged record is as good as absent (the vault treats an unreadable value the same way).
    if (colon < 1 || !Number.isFinite(expiresAt) || expiresAt <= this.#clock.now()) return undefined;
    return raw.slice(colon + 1);
  }

  async #call<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw new SessionStoreUnavailableError(describeError(error));
    }
  }
}

interface OpenRedisSessionStoreOptions {
  prefix?: string;
  clock?: Clock;
  logger?: Logger;
}

interface OpenedRedisSessionStore {
  store: RedisSessionStore;
  /** Closes the connection (after the dashboard has stopped serving). */
  close(): Promise<void>;
}

/**
 * Connects to `url` and checks that Redis answers before the dashboard starts, so a wrong REDIS_URL
 * stops `ccpulse serve` with a hint instead of failing every sign-in.
 */
export async function openRedisSessionStore(
  url: string,
  options: OpenRedisSessionStoreOptions = {},
): Promise<OpenedRedisSessionStore> {
  const redis = await openRedis(url, {
    logger: options.logger ?? silentLogger,
    purpose: 'sessions',
    unavailable: (detail) => new SessionStoreUnavailableError(detail),
  });
  return {
    store: new RedisSessionStore({ redis, prefix: options.prefix, clock: options.clock }),
    close: () => closeRedis(redis),
  };
}
