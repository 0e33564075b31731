// The runtime of one process: its clock, logger and randomness, where daemon tokens are kept and the
// request budget of each OAuth client. Defaults are resolved here and nowhere else; every composition
// root (a CLI command, the daemon, the dashboard, a test) builds one and passes it down. With
// REDIS_URL, replicas share the token store and each client's budget through one Redis connection.
import { MemoryTokenStore, RedisTokenStore, type TokenStore } from '../auth/index.js';
import { type Config, DEFAULT_LIMITS, type Limits } from '../config/index.js';
import { CcpulseError, type Clock, type Logger, silentLogger, systemClock } from '../core/index.js';
import { type RateBudget, RedisRateBudget, SharedBudgetUnavailableError, WindowBudget } from '../http/index.js';
import { closeRedis, openRedis } from './open-redis.js';

export interface Runtime {
  readonly clock: Clock;
  readonly logger: Logger;
  /** Jitter of token refreshes and retry backoff. */
  readonly random: () => number;
  /** Deadlines and the response cap every connection of this process keeps to. */
  readonly limits: Limits;
  /** Where daemon token sets live: this process's memory, or Redis shared by replicas. */
  readonly tokenStore: TokenStore;
  /** Whether replicas share tokens and budgets (REDIS_URL set). */
  readonly shared: boolean;
  /** The request budget of one OAuth client (`key`), made once: every org using that client shares it. */
  clientBudget(key: string, perMinute: number): RateBudget;
  /** A new budget of this process for one signed-in user's session; it goes when the session goes. */
  userBudget(perMinute: number): RateBudget;
  /** Resolves when the shared Redis answers a PING (at once when nothing is shared). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Parts a caller may bring; the rest get their defaults. */
export interface RuntimeOptions {
  clock?: Clock;
  logger?: Logger;
  random?: () => number;
  tokenStore?: TokenStore;
  limits?: Limits;
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

/** A runtime of this process alone: tokens in memory, an in-process window budget per client. */
export function createRuntime(options: RuntimeOptions = {}): Runtime {
  const base = basics(options);
  return assemble(base, {
    shared: false,
    tokenStore: options.tokenStore ?? new MemoryTokenStore(),
    budget: (_key, perMinute) => new WindowBudget({ perMinute, clock: base.clock }),
    ping: async () => undefined,
    close: async () => undefined,
  });
}

/**
 * The runtime the configuration asks for: shared through Redis when REDIS_URL is set (checked before
 * the process starts: a wrong REDIS_URL stops it with the fix), else this process's own.
 */
export async function openRuntime(
  config: Pick<Config, 'redisUrl' | 'redisPrefix' | 'tokenKey'> & Partial<Pick<Config, 'limits'>>,
  given: RuntimeOptions = {},
): Promise<Runtime> {
  const options = { ...given, limits: given.limits ?? config.limits };
  if (config.redisUrl === undefined) return createRuntime(options);
  if (!config.tokenKey) throw new SharedTokenKeyMissingError();
  const base = basics(options);
  const { clock, logger } = base;
  const redis = await openRedis(config.redisUrl, {
    logger,
    purpose: 'tokens and rate budgets',
    unavailable: (detail) => new SharedBudgetUnavailableError(detail),
  });
  const prefix = config.redisPrefix;
  return assemble(base, {
    shared: true,
    tokenStore: new RedisTokenStore({
      redis,
      key: Buffer.from(config.tokenKey.reveal(), 'hex'),
      prefix,
      clock,
      logger,
    }),
    budget: (key, perMinute) => new RedisRateBudget({ redis, key, perMinute, prefix, clock, logger }),
    ping: async () => {
      await redis.ping();
    },
    close: () => closeRedis(redis),
  });
}

type Basics = Pick<Runtime, 'clock' | 'logger' | 'random' | 'limits'>;

/** The one place a default clock, logger, randomness and limits are chosen. */
function basics(options: RuntimeOptions): Basics {
  return {
    clock: options.clock ?? systemClock,
    logger: options.logger ?? silentLogger,
    random: options.random ?? Math.random,
    limits: options.limits ?? DEFAULT_LIMITS,
  };
}

function assemble(
  base: Basics,
  parts: Pick<Runtime, 'shared' | 'tokenStore' | 'ping' | 'close'> & {
    budget(key: string, perMinute: number): RateBudget;
  },
): Runtime {
  const budgets = new Map<string, RateBudget>();
  return {
    ...base,
    tokenStore: parts.tokenStore,
    shared: parts.shared,
    clientBudget(key, perMinute) {
      // Keyed like the daemon's token: the limit belongs to the client (and its token), not to the org label.
      const budget = budgets.get(key) ?? parts.budget(key, perMinute);
      budgets.set(key, budget);
      return budget;
    },
    userBudget: (perMinute) => new WindowBudget({ perMinute, clock: base.clock }),
    ping: parts.ping,
    close: parts.close,
  };
}
