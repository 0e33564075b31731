// The one way ccpulse opens Redis (daemon replicas' tokens and budgets, dashboard sessions): a
// command fails within seconds while Redis is gone instead of queueing through ioredis's twenty
// reconnects (ioredis keeps reconnecting in the background, and requests work again after), and the
// connection is checked before the process starts serving, so a wrong REDIS_URL stops it with a hint.
import { Redis } from 'ioredis';
import type { Logger } from '../core/index.js';
import { describeError } from '../core/index.js';

interface OpenRedisOptions {
  logger: Logger;
  /** What this connection serves, for log lines ("sessions", "tokens and budgets"). */
  purpose: string;
  /** The error that says what cannot work without Redis, with its fix. */
  unavailable(detail: string): Error;
}

export async function openRedis(url: string, options: OpenRedisOptions): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 5000,
    commandTimeout: 5000,
    maxRetriesPerRequest: 2,
  });
  // Without a listener ioredis prints each failure to stderr. The URL is never logged: it may carry a password.
  let connectionError: Error | undefined;
  // One line when the connection breaks and one when it is back, not one per reconnect attempt.
  let broken = false;
  redis.on('error', (error: Error) => {
    connectionError = error;
    if (broken) return;
    broken = true;
    options.logger.warn({ err: error.message }, `Redis connection problem (${options.purpose}); reconnecting`);
  });
  redis.on('ready', () => {
    if (!broken) return;
    broken = false;
    options.logger.info(`Redis connection restored (${options.purpose})`);
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    // The connection's own error (e.g. ECONNREFUSED) says more than the command's "Connection is closed".
    throw options.unavailable(describeError(connectionError ?? error));
  }
  return redis;
}

/**
 * Closes politely when Redis answers within a second, else drops the connection: a QUIT queued
 * behind an unreachable server would hold the process open (issue #17 item 6b).
 */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status !== 'ready') return redis.disconnect();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), 1000);
  });
  const quit = redis.quit().then(
    () => 'quit' as const,
    () => 'late' as const,
  );
  if ((await Promise.race([quit, late])) === 'late') redis.disconnect();
  clearTimeout(timer);
}
