// connectOrg: the one place that wires an org — its API base, the token source (the daemon's, or a
// signed-in user's), the request budget for that token, the API client over them, and the org's
// streams. Sync, the daemon, the dashboard, the CLI, doctor and bench all get their clients here.
import { createDaemonTokenManager, daemonTokenKey, type TokenManager } from '../auth/index.js';
import type { OrgConfig } from '../config/index.js';
import { type ApiClient, type ApiObserver, createApiClient, type RateBudget } from '../http/index.js';
import type { SyncStream } from '../sync/index.js';
import type { Runtime } from './runtime.js';
import { type VendorEntry, vendorOf } from './vendor-table.js';

interface ConnectOptions {
  /** A signed-in user's tokens: the client then spends that user's allowance, not the daemon's. */
  tokens?: TokenManager;
  observer?: ApiObserver;
  /** One-shot probes (doctor): a single attempt each, this timeout, no budget; `fetch` sees every answer. */
  probe?: { timeoutMs: number; fetch: typeof fetch };
  /** A per-minute limit other than the vendor's (load tests). */
  perMinute?: number;
}

export interface OrgConnection<O extends OrgConfig = OrgConfig> {
  readonly org: O;
  readonly vendor: VendorEntry<O>;
  readonly tokens: TokenManager;
  /** Undefined when nothing paces this client: a probe, or a user of a vendor with no published limit. */
  readonly budget: RateBudget | undefined;
  readonly client: ApiClient;
  /** The org's sync streams over this client. */
  streams(): SyncStream[];
}

/** The daemon's token manager of an org, on the runtime's token store (shared by replicas with REDIS_URL). */
export function daemonTokens(org: OrgConfig, runtime: Runtime): TokenManager {
  return createDaemonTokenManager(org, {
    store: runtime.tokenStore,
    clock: runtime.clock,
    random: runtime.random,
    logger: runtime.logger,
    // Token requests keep to the same deadline as the API requests they are made for.
    timeoutMs: runtime.limits.requestTimeoutMs,
  });
}

export async function connectOrg<O extends OrgConfig>(
  org: O,
  runtime: Runtime,
  options: ConnectOptions = {},
): Promise<OrgConnection<O>> {
  const vendor = vendorOf(org);
  const { base } = await vendor.locateApi(org, runtime.limits.requestTimeoutMs);
  const tokens = options.tokens ?? daemonTokens(org, runtime);
  const perMinute = options.perMinute ?? (options.tokens ? vendor.rateLimit.user : vendor.rateLimit.daemon);
  // A user's allowance is that user's (one budget per session); the daemon's belongs to its OAuth client.
  const budget =
    options.probe || perMinute === undefined
      ? undefined
      : options.tokens
        ? runtime.userBudget(perMinute)
        : runtime.clientBudget(daemonTokenKey(org), perMinute);
  const client = createApiClient({
    vendor: org.vendor,
    baseUrl: base,
    tokens,
    budget,
    clock: runtime.clock,
    random: runtime.random,
    logger: runtime.logger,
    observer: options.observer,
    timeoutMs: runtime.limits.requestTimeoutMs,
    maxResponseBytes: runtime.limits.maxResponseBytes,
    ...(options.probe
      ? { retry: { maxAttempts: 1 }, timeoutMs: options.probe.timeoutMs, fetch: options.probe.fetch }
      : {}),
  });
  return { org, vendor, tokens, budget, client, streams: () => vendor.streams(org, client) };
}
