// Redis for one test: a key prefix of its own (deleted afterwards, with every key under it) and as
// many connections as replicas, each its own, as separate processes would have.
import { randomBytes } from 'node:crypto';
import type { TestContext } from 'node:test';
import { Redis } from 'ioredis';

export const REDIS_URL = process.env.CCPULSE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A fixed test key (AES-256), as CCPULSE_TOKEN_KEY would be on every replica. */
export const TOKEN_KEY_HEX = 'a3'.repeat(32);
export const TOKEN_KEY = Buffer.from(TOKEN_KEY_HEX, 'hex');

let reachable: Promise<boolean> | undefined;

/** One probe per process: is the test Redis there? */
export function redisReachable(): Promise<boolean> {
  reachable ??= (async () => {
    const probe = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 2000, retryStrategy: () => null });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      return (await probe.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      probe.disconnect();
    }
  })();
  return reachable;
}

export interface TestRedis {
  /** Unique to this test, e.g. `ccpulse-test:1234:9f3a…:`. */
  prefix: string;
  /** A new connection (a replica's own). */
  connect(): Redis;
  /** Every key under the prefix. */
  keys(): Promise<string[]>;
}

/** Every key under `prefix`, found by SCAN (KEYS would block a shared server). */
export async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    found.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return found;
}

/** Runs `body` with Redis; marks the test skipped, visibly, when Redis is absent. */
export async function withRedis(t: TestContext, body: (redis: TestRedis) => Promise<void>): Promise<boolean> {
  if (!(await redisReachable())) {
    t.skip(`skipped: no Redis at ${REDIS_URL} (set CCPULSE_TEST_REDIS_URL)`);
    return false;
  }
  const prefix = `ccpulse-test:${process.pid}:${randomBytes(4).toString('hex')}:`;
  const opened: Redis[] = [];
  const admin = new Redis(REDIS_URL);
  const keys = () => keysUnder(admin, prefix);
  try {
    await body({
      prefix,
      connect: () => {
        const redis = new Redis(REDIS_URL);
        opened.push(redis);
        return redis;
      },
      keys,
    });
  } finally {
    await Promise.all(opened.map((r) => r.quit().catch(() => undefined)));
    const left = await keys();
    if (left.length > 0) await admin.del(...left);
    await admin.quit();
  }
  return true;
}

/**
 * Someone else's data (issue #15 item 7: `npm test` once flushed databases 11 and 13): a key outside
 * every test prefix in databases 0, 11 and 13, written now; the returned check fails unless each is
 * still there with its value and TTL untouched, then removes them.
 */
export async function plantSentinels(): Promise<() => Promise<void>> {
  const planted = await Promise.all(
    [0, 11, 13].map(async (db) => {
      const url = new URL(REDIS_URL);
      url.pathname = `/${db}`;
      const redis = new Redis(url.href);
      const key = `someone-else:${process.pid}:${randomBytes(4).toString('hex')}`;
      const value = randomBytes(8).toString('hex');
      await redis.set(key, value, 'EX', 3600);
      return { db, redis, key, value };
    }),
  );
  return async () => {
    const lost: string[] = [];
    for (const { db, redis, key, value } of planted) {
      const [now, ttl] = await Promise.all([redis.get(key), redis.ttl(key)]);
      if (now !== value || ttl <= 0) lost.push(`db ${db}: ${key} is ${now === null ? 'gone' : 'changed'}`);
      await redis.del(key);
      await redis.quit();
    }
    if (lost.length > 0) throw new Error(`the Redis tests touched data that is not theirs: ${lost.join('; ')}`);
  };
}
