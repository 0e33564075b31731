// What the daemon's replicas share: with REDIS_URL one Redis connection serves the token store and a
// rate budget per OAuth client; without it, the single-process parts as before (a token store in
// memory, an in-process token bucket per client).
import { Redis } from 'ioredis';
import { daemonTokenKey, MemoryTokenStore, RedisTokenStore, type TokenStore } from '../auth/index.js';
import type { Config, OrgConfig } from '../config/index.js';
import { CcpulseError, type Clock, type Logger, silentLogger, systemClock } from '../core/index.js';
import { type RateBudget, TokenBucketBudget } from './rate-budget.js';
import { RedisRateBudget } from './shared-rate-budget.js';

export interface SharedState {
  /** Whether replicas share tokens and budgets (REDIS_URL set). */
  readonly shared: boolean;
  readonly tokenStore: TokenStore;
  /** One budget per OAuth client (the same object for every org that uses the client). */
  budgetFor(org: OrgConfig): RateBudget;
  close(): Promise<void>;
}

export interface SharedStateOptions {
  /** The client's per-minute request limit (the vendors' constants, e.g. GENESYS_CLIENT_RATE_PER_MINUTE). */
  perMinute(org: OrgConfig): number;
  clock?: Clock;
  logger?: Logger;
}

export class SharedTokenKeyMissingError extends CcpulseError {
  constructor() {
    super(
      'SHARED_TOKEN_KEY_MISSING',
      'REDIS_URL is set but CCPULSE_TOKEN_KEY is not: replicas cannot read each other’s sealed tokens',
      'Set CCPULSE_TOKEN_KEY to the same 64 hex characters on every replica (e.g. `openssl rand -hex 32`); a key file in the data folder differs from host to host.',
    );
  }
}

export function openSharedState(
  config: Pick<Config, 'redisUrl' | 'redisPrefix' | 'tokenKey'>,
  options: SharedStateOptions,
): SharedState {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const budgets = new Map<string, RateBudget>();
  const cached = (org: OrgConfig, build: () => RateBudget): RateBudget => {
    // Keyed like the daemon's token: the limit belongs to the client (and its token), not to the org label.
    const key = daemonTokenKey(org);
    const budget = budgets.get(key) ?? build();
    budgets.set(key, budget);
    return budget;
  };

  if (config.redisUrl === undefined) {
    return {
      shared: false,
      tokenStore: new MemoryTokenStore(),
      budgetFor: (org) => cached(org, () => new TokenBucketBudget({ perMinute: options.perMinute(org), clock })),
      close: async () => undefined,
    };
  }
  if (!config.tokenKey) throw new SharedTokenKeyMissingError();
  const redis = new Redis(config.redisUrl, { lazyConnect: false });
  // ioredis reconnects by itself; without a listener it would print each failure to stderr. The URL
  // is never logged: it may carry a password.
  redis.on('error', (error: Error) => logger.warn({ err: error.message }, 'Redis connection problem'));
  const prefix = config.redisPrefix;
  return {
    shared: true,
    tokenStore: new RedisTokenStore({
      redis,
      key: Buffer.from(config.tokenKey.reveal(), 'hex'),
      prefix,
      clock,
      logger,
    }),
    budgetFor: (org) =>
      cached(
        org,
        () =>
          new RedisRateBudget({
            redis,
            key: daemonTokenKey(org),
            perMinute: options.perMinute(org),
            prefix,
            clock,
            logger,
          }),
      ),
    close: async () => {
      await redis.quit();
    },
  };
}
