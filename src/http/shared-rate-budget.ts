// One request window for every replica of one OAuth client, kept in Redis: the same rule as
// WindowBudget (at most the limit in any trailing window, no waiting while it has room), updated
// atomically by Lua scripts, so the requests of all replicas together stay under the vendor's limit;
// a 429 or a server count above what the replicas sent, seen by one replica, binds all.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { CcpulseError, type Clock, describeError, type Logger, silentLogger, systemClock } from '../core/index.js';
import {
  DEFAULT_UNSETTLED_MS,
  DEFAULT_WINDOW_MS,
  type PermitWaiter,
  type RateBudget,
  type ReleasePermit,
  readRateHeaders,
  waitForPermit,
} from './rate-budget.js';

interface RedisRateBudgetOptions {
  redis: Redis;
  /** The client whose allowance this is: replicas of one client pass the same key. */
  key: string;
  perMinute: number;
  windowMs?: number;
  /** As WindowBudget's: a permit a dead replica never released counts this long after it was taken. */
  unsettledMs?: number;
  /** Namespace for the window's keys; default `ccpulse:`. */
  prefix?: string;
  /** Every replica's clock; NTP-synchronised hosts agree to a few ms, which is all a window can be off by. */
  clock?: Clock;
  logger?: Logger;
}

export class SharedBudgetUnavailableError extends CcpulseError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super(
      'SHARED_BUDGET_UNAVAILABLE',
      `The shared request budget in Redis cannot be reached (${detail})`,
      'Check that Redis at REDIS_URL is up and reachable from every replica. ccpulse does not fall back to a local budget: replicas would then exceed the shared limit together.',
      options,
    );
  }
}

// KEYS[1] the state hash, KEYS[2] the sorted set of sent requests (member: permit id, score: by when
// it reached the server at the latest). ARGV[1] is the caller's now and ARGV[2] the window. Requests
// that left every trailing window are dropped first.
const PRUNE = `
local now = tonumber(ARGV[1])
local windowMs = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - windowMs)
local state = redis.call('HMGET', KEYS[1], 'paused', 'allowed', 'svRemaining', 'svUntil', 'first', 'firstDue')
local paused = tonumber(state[1]) or 0
local allowed = tonumber(state[2])
local svRemaining = tonumber(state[3])
local svUntil = tonumber(state[4])
if svUntil and now >= svUntil then
  svRemaining = nil
  svUntil = nil
  redis.call('HDEL', KEYS[1], 'svRemaining', 'svUntil')
end
local sent = redis.call('ZCARD', KEYS[2])
`;

const EXPIRE = `
local ttl = math.ceil(math.max(windowMs + tonumber(ARGV[4]), paused - now, (svUntil or now) - now))
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
`;

// Takes one permit if the window has room, nobody is paused, the server allows it and it is the
// caller's turn. ARGV[3] limit, ARGV[4] unsettled bound, ARGV[5] when the caller's longest-waiting
// request arrived (whole ms), ARGV[6] the permit id. The hash remembers the oldest waiter (first, due
// back at firstDue); the window's last free place goes to it before younger ones, so replicas are
// served roughly in arrival order rather than by who wakes first; a first that has not come back
// within a grace of its turn is gone (aborted, or its replica died). Returns {granted, ms until the caller may ask again,
// permits left now, whether that wait ends on a request still out (0/1)}.
const TAKE = `${PRUNE}
local limit = tonumber(ARGV[3])
if allowed and allowed < limit then limit = allowed end
local since = tonumber(ARGV[5])
local first = tonumber(state[5])
local firstDue = tonumber(state[6]) or 0
local grace = 500
if first and now > firstDue + grace then first = nil end
local turn = (not first) or since <= first
local wait = 0
local outstanding = 0
if now < paused then
  wait = math.ceil(paused - now)
elseif sent >= limit then
  local oldest = redis.call('ZRANGE', KEYS[2], sent - limit, sent - limit, 'WITHSCORES')
  local leaves = tonumber(oldest[2])
  wait = math.max(1, math.ceil(leaves + windowMs - now))
  if leaves > now then outstanding = 1 end
elseif svRemaining and svRemaining <= 0 then
  wait = math.max(1, math.ceil(svUntil - now))
elseif not turn and sent + 1 >= limit then
  wait = math.max(5, math.ceil(firstDue + 5 - now))
end
local granted = 0
if wait == 0 then
  granted = 1
  sent = sent + 1
  redis.call('ZADD', KEYS[2], now + tonumber(ARGV[4]), ARGV[6])
  if svRemaining then
    svRemaining = svRemaining - 1
    redis.call('HSET', KEYS[1], 'svRemaining', svRemaining)
  end
  if first and since >= first then first = nil end
elseif (not first) or since <= first then
  first = since
  firstDue = now + wait
end
if first then
  redis.call('HSET', KEYS[1], 'first', first, 'firstDue', firstDue)
else
  redis.call('HDEL', KEYS[1], 'first', 'firstDue')
end
${EXPIRE}
local left = limit - sent
if svRemaining and svRemaining < left then left = svRemaining end
if now < paused or left < 0 then left = 0 end
return {granted, wait, left, outstanding}
`;

// What a response said. ARGV[3] the server's allowance, ARGV[4] unsettled bound, ARGV[5] its count,
// ARGV[6] ms until its count resets, ARGV[7] a pause end ('' for none). A count above what all
// replicas sent in the trailing window is someone else's use of the token: its allowance binds.
const OBSERVE = `${PRUNE}
local serverAllowed = tonumber(ARGV[3])
if serverAllowed then redis.call('HSET', KEYS[1], 'allowed', serverAllowed) end
local count = tonumber(ARGV[5])
if serverAllowed and count and count > sent then
  local outstanding = redis.call('ZCOUNT', KEYS[2], '(' .. now, '+inf')
  svRemaining = serverAllowed - count - math.max(0, outstanding - 1)
  svUntil = now + tonumber(ARGV[6])
  redis.call('HSET', KEYS[1], 'svRemaining', svRemaining, 'svUntil', svUntil)
end
local pause = tonumber(ARGV[7])
if pause and pause > paused then
  paused = pause
  redis.call('HSET', KEYS[1], 'paused', paused)
end
${EXPIRE}
return sent
`;

/** While a waiter's turn hangs on a request another replica still has out, ask again this often. */
const OUTSTANDING_RECHECK_MS = 250;

export class RedisRateBudget implements RateBudget {
  readonly #redis: Redis;
  readonly #keys: [string, string];
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #unsettledMs: number;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #replica = randomBytes(6).toString('hex');
  #permits = 0;
  /** Permits left at the last answer from Redis (metrics). */
  #known: number;
  /**
   * No point asking Redis before this: the latest pause we know of, or when the window said our next
   * chance comes (a request arriving in between waits for it instead of making a call to be refused).
   */
  #notBefore = 0;
  readonly #queue: (PermitWaiter & { since: number })[] = [];
  #pumping = false;
  #wake: AbortController | undefined;
  /** The last refusal was a full window whose oldest request is still out: a release may end the wait. */
  #onOutstanding = false;

  constructor(options: RedisRateBudgetOptions) {
    this.#redis = options.redis;
    const base = `${options.prefix ?? 'ccpulse:'}budget:{${options.key}}`;
    this.#keys = [base, `${base}:sent`];
    this.#limit = Math.max(1, Math.floor(options.perMinute));
    this.#windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
    this.#unsettledMs = options.unsettledMs ?? DEFAULT_UNSETTLED_MS;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    this.#known = this.#limit;
  }

  acquire(signal?: AbortSignal): Promise<ReleasePermit> {
    // Whole ms: the window compares these for equality after a round trip through Redis.
    return waitForPermit(this.#queue, { since: Math.floor(this.#clock.now()) }, signal, () => void this.#pump());
  }

  /**
   * One loop per process hands out permits in arrival order: while the window is full it sleeps until
   * the time Redis computed for its next chance, never a busy poll, so each replica makes about one
   * Redis call per permit. Across replicas the oldest waiter goes first (see TAKE).
   */
  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      while (this.#queue.length > 0) {
        const now = this.#clock.now();
        if (now < this.#notBefore) {
          await this.#sleep(this.#notBefore - now);
          continue;
        }
        const head = this.#queue[0];
        if (!head) break;
        const id = `${this.#replica}:${++this.#permits}`;
        const [granted, wait, left, outstanding] = (await this.#redis.eval(
          TAKE,
          2,
          ...this.#keys,
          now,
          this.#windowMs,
          this.#limit,
          this.#unsettledMs,
          head.since,
          id,
        )) as [number, number, number, number];
        this.#known = left;
        this.#onOutstanding = granted === 0 && outstanding === 1;
        if (granted === 1) this.#queue.shift()?.resolve(this.#release(id));
        else this.#notBefore = now + (this.#onOutstanding ? Math.min(wait, OUTSTANDING_RECHECK_MS) : wait);
      }
    } catch (error) {
      const failure = new SharedBudgetUnavailableError(describeError(error), { cause: error });
      for (const waiter of this.#queue.splice(0)) waiter.reject(failure);
    } finally {
      this.#pumping = false;
    }
  }

  async #sleep(ms: number): Promise<void> {
    this.#wake = new AbortController();
    await this.#clock.sleep(Math.max(1, ms), this.#wake.signal).catch(() => undefined);
    this.#wake = undefined;
  }

  /** Marks the request as arrived when its answer is in (fire and forget; a failure is logged). */
  #release(id: string): ReleasePermit {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#redis
        .zadd(this.#keys[1], 'XX', 'LT', this.#clock.now(), id)
        .then(() => {
          // A waiter of ours may have been waiting on exactly this request.
          if (!this.#onOutstanding) return;
          this.#notBefore = 0;
          this.#wake?.abort();
        })
        .catch((error: unknown) => {
          this.#logger.warn({ err: describeError(error) }, 'could not release a rate-limit permit in Redis');
        });
    };
  }

  observe(headers: Headers): void {
    const server = readRateHeaders(headers);
    // Most answers need no Redis call: a count within what the window held at our last take is ours.
    if (!server || (server.allowed >= this.#limit && server.allowed - server.count >= this.#known)) return;
    this.#share(server.allowed, server.count, server.resetMs ?? this.#windowMs, undefined);
  }

  pauseUntil(epochMs: number): void {
    this.#notBefore = Math.max(this.#notBefore, epochMs);
    this.#share(undefined, undefined, undefined, epochMs);
  }

  available(): number {
    return this.#known;
  }

  /** Fire and forget (RateBudget's observe and pauseUntil are synchronous); a failure is logged. */
  #share(allowed: number | undefined, count: number | undefined, resetMs: number | undefined, pause?: number): void {
    this.#redis
      .eval(
        OBSERVE,
        2,
        ...this.#keys,
        this.#clock.now(),
        this.#windowMs,
        allowed ?? '',
        this.#unsettledMs,
        count ?? '',
        resetMs ?? '',
        pause ?? '',
      )
      .catch((error: unknown) => {
        this.#logger.warn({ err: describeError(error) }, 'could not share a rate-limit signal through Redis');
      });
  }
}
