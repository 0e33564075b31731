// A cross-process lock in Redis for one token refresh: SET NX PX to take it, a Lua compare-and-delete
// to release only our own hold, and a fencing number that grows with every take, so that a write by a
// holder whose lock ran out can be told apart from a newer one.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { CcpulseError, type Clock, systemClock } from '../core/index.js';

interface RedisLockKeys {
  lock: string;
  /** The hash the holder writes, whose `fence` field holds the fence of its last write. */
  fenced: string;
}

export interface RedisLockTiming {
  /** How long a hold lasts if its holder dies; longer than one token request (15 s timeout) plus the store write. */
  ttlMs: number;
  /** Give up waiting after this long. */
  waitMs: number;
  /** Pause between attempts while another process holds the lock. */
  pollMs: number;
}

/** 30 s hold: twice the 15 s token-request timeout, so a live holder never loses the lock mid-request. */
export const DEFAULT_LOCK_TIMING: RedisLockTiming = { ttlMs: 30_000, waitMs: 60_000, pollMs: 50 };

export class RefreshLockTimeoutError extends CcpulseError {
  constructor(key: string, waitedMs: number) {
    super(
      'REFRESH_LOCK_TIMEOUT',
      `Waited ${Math.round(waitedMs / 1000)} s for another process to finish refreshing the token "${key}"`,
      'Another replica holds the refresh lock for too long: check that Redis is healthy and that the token endpoint answers (ccpulse token <vendor>); a crashed holder frees the lock after 30 s.',
    );
  }
}

// Returns {fence, 0} when taken, {'0', ms the current hold has left} otherwise. The fence is Redis's
// own time in microseconds, raised above the last written fence: it grows with every take without a
// counter key that could expire and restart below a stored value. Sent as a string: 16 digits.
const TAKE = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  local time = redis.call('TIME')
  local fence = tonumber(time[1]) * 1000000 + tonumber(time[2])
  local written = tonumber(redis.call('HGET', KEYS[2], 'fence') or '0')
  if fence <= written then fence = written + 1 end
  return {string.format('%.0f', fence), 0}
end
return {'0', redis.call('PTTL', KEYS[1])}
`;

// Deletes the lock only while it still holds our value: after a timeout it may be somebody else's.
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/**
 * Runs `body` while this process holds the lock, passing the fencing number of the hold. The wait is
 * in real time whatever clock the caller's tokens use: the hold expires on Redis's clock.
 */
export async function withRedisLock<T>(
  redis: Redis,
  keys: RedisLockKeys,
  timing: RedisLockTiming,
  body: (fence: string) => Promise<T>,
  clock: Clock = systemClock,
): Promise<T> {
  const owner = randomUUID();
  const started = clock.now();
  let fence = '0';
  for (;;) {
    const [taken, heldMs] = (await redis.eval(TAKE, 2, keys.lock, keys.fenced, owner, timing.ttlMs)) as [
      string,
      number,
    ];
    if (taken !== '0') {
      fence = taken;
      break;
    }
    const waited = clock.now() - started;
    if (waited >= timing.waitMs) throw new RefreshLockTimeoutError(keys.lock, waited);
    await clock.sleep(Math.max(1, Math.min(timing.pollMs, heldMs > 0 ? heldMs : timing.pollMs)));
  }
  try {
    return await body(fence);
  } finally {
    // If Redis cannot be reached now, the hold simply runs out after ttlMs; the body's outcome stands.
    await redis.eval(RELEASE, 1, keys.lock, owner).catch(() => undefined);
  }
}
