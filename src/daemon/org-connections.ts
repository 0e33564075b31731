// One connection per configured org for the daemon's lifetime: its token manager and rate budget are
// created here (not inside the API client) so /metrics can read token counts and budget left.
import { createDaemonTokenManager, type TokenStore } from '../auth/index.js';
import type { OrgConfig } from '../config/index.js';
import type { Clock, Logger } from '../core/index.js';
import { type RateBudget, TokenBucketBudget } from '../http/index.js';
import { cxoneStreams, genesysStreams, type SyncStream } from '../sync/index.js';
import { CXONE_RATE_PER_MINUTE, connectCxone } from '../vendors/cxone/index.js';
import { connectGenesys, GENESYS_CLIENT_RATE_PER_MINUTE } from '../vendors/genesys/index.js';
import type { DaemonMetrics } from './daemon-metrics.js';

export interface OrgConnectDeps {
  clock: Clock;
  logger: Logger;
  metrics: DaemonMetrics;
  tokenStore?: TokenStore;
  /** A shared budget (several replicas); default: one in-process token bucket per org. */
  budgetFor?(org: OrgConfig): RateBudget;
}

/** The org's streams, with its client wired to the daemon's metrics. CXone needs discovery first. */
export async function connectOrgStreams(org: OrgConfig, deps: OrgConnectDeps): Promise<SyncStream[]> {
  const tokens = createDaemonTokenManager(org, { clock: deps.clock, logger: deps.logger, store: deps.tokenStore });
  const budget =
    deps.budgetFor?.(org) ??
    new TokenBucketBudget({
      perMinute: org.vendor === 'genesys' ? GENESYS_CLIENT_RATE_PER_MINUTE : CXONE_RATE_PER_MINUTE,
      clock: deps.clock,
    });
  const connectDeps = {
    tokens,
    budget,
    clock: deps.clock,
    logger: deps.logger,
    observer: deps.metrics.observerFor(org.vendor, org.name),
  };
  const streams =
    org.vendor === 'genesys'
      ? genesysStreams(org, connectGenesys(org, connectDeps))
      : cxoneStreams(org, await connectCxone(org, connectDeps));
  deps.metrics.addOrg({ vendor: org.vendor, org: org.name, tokens, budget });
  return streams;
}
