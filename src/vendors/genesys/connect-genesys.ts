// An API client for one Genesys org with the daemon's token and a 300/min budget.
import { createDaemonTokenManager, type DaemonTokenDeps, type TokenProvider } from '../../auth/index.js';
import type { GenesysConfig } from '../../config/index.js';
import {
  type ApiClient,
  type ApiObserver,
  createApiClient,
  type RateBudget,
  TokenBucketBudget,
} from '../../http/index.js';

export interface ConnectDeps extends DaemonTokenDeps {
  /** Another token source, e.g. a signed-in user's session. */
  tokens?: TokenProvider;
  budget?: RateBudget;
  observer?: ApiObserver;
}

/** Genesys allows 300 requests/min per client-credentials token and 3,000/min per user. */
export const GENESYS_CLIENT_RATE_PER_MINUTE = 300;
export const GENESYS_USER_RATE_PER_MINUTE = 3000;

export function connectGenesys(org: GenesysConfig, deps: ConnectDeps = {}): ApiClient {
  return createApiClient({
    vendor: 'genesys',
    baseUrl: org.apiUrl,
    tokens: deps.tokens ?? createDaemonTokenManager(org, deps),
    budget:
      deps.budget ??
      new TokenBucketBudget({
        perMinute: deps.tokens ? GENESYS_USER_RATE_PER_MINUTE : GENESYS_CLIENT_RATE_PER_MINUTE,
        clock: deps.clock,
      }),
    clock: deps.clock,
    random: deps.random,
    logger: deps.logger,
    observer: deps.observer,
  });
}
