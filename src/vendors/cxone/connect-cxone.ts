// An API client for one CXone tenant: the API base from discovery, the daemon's token (access key or
// client credentials), and a request budget.
import { createDaemonTokenManager } from '../../auth/index.js';
import type { CxoneConfig } from '../../config/index.js';
import { type ApiClient, createApiClient, TokenBucketBudget } from '../../http/index.js';
import type { ConnectDeps } from '../genesys/index.js';
import { discoverCxoneApiBase } from './cxone-api-base.js';

/** NICE publishes no single per-client limit ccpulse can rely on: 300/min is a conservative default. */
export const CXONE_RATE_PER_MINUTE = 300;

export async function connectCxone(org: CxoneConfig, deps: ConnectDeps = {}): Promise<ApiClient> {
  const { apiBase } = await discoverCxoneApiBase(org);
  return createApiClient({
    vendor: 'cxone',
    baseUrl: apiBase,
    tokens: deps.tokens ?? createDaemonTokenManager(org, deps),
    budget: deps.budget ?? new TokenBucketBudget({ perMinute: CXONE_RATE_PER_MINUTE, clock: deps.clock }),
    clock: deps.clock,
    random: deps.random,
    logger: deps.logger,
    observer: deps.observer,
  });
}
