// One request budget for every replica of one OAuth client, kept in Redis: the same token bucket as
// TokenBucketBudget (burst + one minute of refill never exceeds the per-minute limit), updated
// atomically by a Lua script, so the requests of all replicas together stay under the limit in any
// 60-second window; a 429 or an exhausted `inin-ratelimit-*` count seen by one replica pauses all.
import type { Redis } from 'ioredis';
import { CcpulseError, type Clock, describeError, type Logger, silentLogger, systemClock } from '../core/index.js';
import type { RateBudget } from './rate-budget.js';

export interface RedisRateBudgetOptions {
  redis: Redis;
  /** The client whose allowance this is: replicas of one client pass the same key. */
  key: string;
  perMinute: number;
  /** Share of the limit usable as an instant burst; default 10 %, as TokenBucketBudget. */
  burstShare?: number;
  /** Namespace for the bucket key; default `ccpulse:`. */
  prefix?: string;
  /** Every replica's clock; NTP-synchronised hosts agree to a few ms, which adds at most a token's fraction once. */
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

// The bucket: tokens, when they were counted, and until when nobody sends. ARGV[1] is the caller's
// now; time only moves forward (`at` keeps the latest now seen), so a replica whose clock is a little
// behind refills nothing instead of taking tokens back. Idle buckets expire: after 60 s idle a bucket
// is full again anyway (it refills within burst / rate = 6.7 s).
const REFILL = `
local now = tonumber(ARGV[1])
local capacity = tonumber(ARGV[2])
local perMs = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at', 'paused')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
local paused = tonumber(state[3]) or 0
if now > at then
  tokens = math.min(capacity, tokens + (now - at) * perMs)
  at = now
end
`;

const SAVE = `
redis.call('HSET', KEYS[1], 'tokens', tokens, 'at', at, 'paused', paused)
redis.call('PEXPIRE', KEYS[1], math.ceil(math.max(60000, paused - now)))
`;

// Takes one token if there is one, no pause, and it is the caller's turn. ARGV[4] is when the caller's
// longest-waiting request arrived (whole ms); the bucket remembers the oldest one that had to wait
// (`first`, due back at `firstDue`), and a token goes to it before younger ones, so replicas are served
// roughly in arrival order rather than by who wakes first. A first that has not come back within one
// refill interval of its turn is gone (aborted, or its replica died) and loses its place. Returns
// {granted, ms until the caller may ask again (pause end, next refill or the first's turn), tokens}.
const TAKE = `${REFILL}
local since = tonumber(ARGV[4])
local order = redis.call('HMGET', KEYS[1], 'first', 'firstDue')
local first = tonumber(order[1])
local firstDue = tonumber(order[2]) or 0
local interval = 1 / perMs
if first and now > firstDue + interval then first = nil end
local turn = (not first) or since <= first
local granted = 0
if now >= paused and tokens >= 1 and turn then
  tokens = tokens - 1
  granted = 1
  if first and since >= first then first = nil end
end
local wait = 0
if now < paused then
  wait = math.ceil(paused - now)
elseif tokens < 1 then
  wait = math.max(1, math.ceil((1 - tokens) / perMs))
elseif not turn then
  wait = math.max(1, math.ceil(firstDue + interval - now))
end
if granted == 0 and ((not first) or since <= first) then
  first = since
  firstDue = now + wait
end
if first then
  redis.call('HSET', KEYS[1], 'first', first, 'firstDue', firstDue)
else
  redis.call('HDEL', KEYS[1], 'first', 'firstDue')
end
${SAVE}
return {granted, wait, math.floor(tokens)}
`;

// What a response or a 429 said: ARGV[4] what the server still allows ('' if unknown), ARGV[5] a
// pause end ('' for none).
const ADJUST = `${REFILL}
local remaining = tonumber(ARGV[4])
if remaining and remaining < tokens then tokens = math.max(0, remaining) end
local pause = tonumber(ARGV[5])
if pause and pause > paused then paused = pause end
${SAVE}
return math.floor(tokens)
`;

export class RedisRateBudget implements RateBudget {
  readonly #redis: Redis;
  readonly #bucket: string;
  readonly #capacity: number;
  readonly #perMs: number;
  readonly #clock: Clock;
  readonly #logger: Logger;
  /** Tokens in the shared bucket at the last answer from Redis (metrics; skips needless adjusts). */
  #known: number;
  /**
   * No point asking Redis before this: the latest pause we know of, or when the bucket said our next
   * chance comes (a request arriving in between waits for it instead of making a call to be refused).
   */
  #notBefore = 0;
  readonly #queue: { since: number; resolve: () => void; reject: (reason: unknown) => void }[] = [];
  #pumping = false;

  constructor(options: RedisRateBudgetOptions) {
    this.#redis = options.redis;
    this.#bucket = `${options.prefix ?? 'ccpulse:'}budget:{${options.key}}`;
    this.#capacity = Math.max(1, Math.floor(options.perMinute * (options.burstShare ?? 0.1)));
    this.#perMs = (options.perMinute - this.#capacity) / 60_000;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    this.#known = this.#capacity;
  }

  acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    return new Promise((resolve, reject) => {
      // The listener goes when the waiter is served or fails: a daemon's signal lives for days, and
      // one listener per request used to pile up on it (MaxListenersExceededWarning).
      const onAbort = () => {
        const i = this.#queue.indexOf(waiter);
        if (i >= 0) this.#queue.splice(i, 1);
        reject(signal?.reason);
      };
      const settle = (then: () => void) => () => {
        signal?.removeEventListener('abort', onAbort);
        then();
      };
      // Whole ms: the bucket compares these for equality after a round trip through Redis.
      const waiter = {
        since: Math.floor(this.#clock.now()),
        resolve: settle(resolve),
        reject: (reason: unknown) => settle(() => reject(reason))(),
      };
      this.#queue.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
      void this.#pump();
    });
  }

  /**
   * One loop per process hands out tokens in arrival order: while the bucket is empty it sleeps until
   * the time Redis computed for its next chance, never a busy poll, so each replica makes about one
   * Redis call per token. Across replicas the oldest waiter goes first (see TAKE).
   */
  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      while (this.#queue.length > 0) {
        const now = this.#clock.now();
        if (now < this.#notBefore) {
          await this.#clock.sleep(this.#notBefore - now);
          continue;
        }
        const head = this.#queue[0];
        if (!head) break;
        const [granted, wait, tokens] = (await this.#redis.eval(
          TAKE,
          1,
          this.#bucket,
          now,
          this.#capacity,
          this.#perMs,
          head.since,
        )) as [number, number, number];
        this.#known = tokens;
        if (granted === 1) this.#queue.shift()?.resolve();
        this.#notBefore = Math.max(this.#notBefore, now + wait);
      }
    } catch (error) {
      const failure = new SharedBudgetUnavailableError(describeError(error), { cause: error });
      for (const waiter of this.#queue.splice(0)) waiter.reject(failure);
    } finally {
      this.#pumping = false;
    }
  }

  observe(headers: Headers): void {
    const allowed = Number(headers.get('inin-ratelimit-allowed'));
    const count = Number(headers.get('inin-ratelimit-count'));
    const reset = Number(headers.get('inin-ratelimit-reset'));
    if (!Number.isFinite(allowed) || !Number.isFinite(count) || allowed <= 0) return;
    const remaining = allowed - count;
    if (remaining <= 0 && Number.isFinite(reset) && reset > 0) {
      this.#pause(this.#clock.now() + reset * 1000, remaining);
    } else if (remaining < this.#known) {
      // Only when the server allows less than the bucket held: most answers need no Redis call.
      this.#adjust(remaining, undefined);
    }
  }

  pauseUntil(epochMs: number): void {
    this.#pause(epochMs, undefined);
  }

  available(): number {
    return this.#known;
  }

  #pause(epochMs: number, remaining: number | undefined): void {
    this.#notBefore = Math.max(this.#notBefore, epochMs);
    this.#adjust(remaining, epochMs);
  }

  /** Fire and forget (RateBudget's observe and pauseUntil are synchronous); a failure is logged. */
  #adjust(remaining: number | undefined, pauseUntil: number | undefined): void {
    this.#redis
      .eval(ADJUST, 1, this.#bucket, this.#clock.now(), this.#capacity, this.#perMs, remaining ?? '', pauseUntil ?? '')
      .then((tokens) => {
        this.#known = Number(tokens);
      })
      .catch((error: unknown) => {
        this.#logger.warn({ err: describeError(error) }, 'could not share a rate-limit signal through Redis');
      });
  }
}
