// The daemon's Prometheus metrics: what was synced, how far behind each stream is, and how the
// vendor APIs treated us (requests, 429s, token requests, budget left). One registry per daemon so
// tests and several daemons in one process never share counters.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { TokenManagerStats } from '../auth/index.js';
import type { ApiObserver, RateBudget } from '../http/index.js';
import type { DependencyState } from './dependency-checks.js';

export interface StreamStatus {
  stream: string;
  lastStartedAt?: number;
  lastRunAt?: number;
  /** Rows the last run wrote (re-reads of the lookback included). */
  lastRows?: number;
  lastSuccessAt?: number;
  /** When a batch of this stream last committed (rows with their checkpoint), or its last run succeeded. */
  lastCommitAt?: number;
  /** Everything before this is in the database (from the stream's checkpoint). */
  watermark?: number;
  lastError?: string;
  /** The last error's code and kind (core/error-codes.ts), when ccpulse knew what it was. */
  lastErrorCode?: string;
  lastErrorKind?: string;
  consecutiveFailures: number;
}

export interface OrgInstruments {
  vendor: string;
  org: string;
  tokens: { stats: TokenManagerStats };
  /** Undefined when nothing paces the org's client. */
  budget: RateBudget | undefined;
}

export interface DaemonMetrics {
  registry: Registry;
  observerFor(vendor: string, org: string): ApiObserver;
  addOrg(instruments: OrgInstruments): void;
  rowsSynced(stream: string, n: number): void;
  streamRun(stream: string, ok: boolean, seconds: number): void;
  /** The shared schedule (PostgreSQL leases) could not be used. */
  schedulerFailed(action: 'claim' | 'renew' | 'release'): void;
}

export function createDaemonMetrics(options: {
  now(): number;
  streams(): StreamStatus[];
  /** PostgreSQL, Redis and the vendors, checked at scrape time. */
  dependencies(): Promise<DependencyState[]>;
}): DaemonMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ccpulse_' });
  const registers = [registry];
  const orgs: OrgInstruments[] = [];

  const rows = new Counter({
    name: 'ccpulse_rows_synced_total',
    help: 'Records written to the database, per stream',
    labelNames: ['stream'],
    registers,
  });
  const runs = new Counter({
    name: 'ccpulse_stream_runs_total',
    help: 'Stream runs by result',
    labelNames: ['stream', 'result'],
    registers,
  });
  const runSeconds = new Histogram({
    name: 'ccpulse_stream_run_duration_seconds',
    help: 'How long one stream run took',
    labelNames: ['stream'],
    buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 1800],
    registers,
  });
  new Gauge({
    name: 'ccpulse_stream_lag_seconds',
    help: "Age of the stream's watermark (or of its last success, for streams without one)",
    labelNames: ['stream'],
    registers,
    collect() {
      this.reset();
      const now = options.now();
      for (const s of options.streams()) {
        const at = s.watermark ?? s.lastSuccessAt;
        if (at !== undefined) this.set({ stream: s.stream }, Math.max(0, (now - at) / 1000));
      }
    },
  });
  new Gauge({
    name: 'ccpulse_stream_last_success_timestamp_seconds',
    help: 'When the stream last completed a run',
    labelNames: ['stream'],
    registers,
    collect() {
      this.reset();
      for (const s of options.streams())
        if (s.lastSuccessAt !== undefined) this.set({ stream: s.stream }, s.lastSuccessAt / 1000);
    },
  });
  new Gauge({
    name: 'ccpulse_stream_last_commit_age_seconds',
    help: 'Seconds since the stream last committed a batch (or completed a run) in this process',
    labelNames: ['stream'],
    registers,
    collect() {
      this.reset();
      const now = options.now();
      for (const s of options.streams())
        if (s.lastCommitAt !== undefined) this.set({ stream: s.stream }, Math.max(0, (now - s.lastCommitAt) / 1000));
    },
  });
  new Gauge({
    name: 'ccpulse_dependency_up',
    help: 'Whether a dependency answers (1) or not (0): PostgreSQL, Redis, and "vendor <vendor>:<org>"',
    labelNames: ['dependency'],
    registers,
    async collect() {
      this.reset();
      for (const d of await options.dependencies()) this.set({ dependency: d.name }, d.up ? 1 : 0);
    },
  });
  const schedulerFailures = new Counter({
    name: 'ccpulse_scheduler_failures_total',
    help: 'Failed uses of the shared schedule (PostgreSQL stream leases) by action',
    labelNames: ['action'],
    registers,
  });
  new Gauge({
    name: 'ccpulse_stream_consecutive_failures',
    help: 'Failed runs in a row (0 when the last run succeeded)',
    labelNames: ['stream'],
    registers,
    collect() {
      this.reset();
      for (const s of options.streams()) this.set({ stream: s.stream }, s.consecutiveFailures);
    },
  });

  const orgLabels = ['vendor', 'org'] as const;
  const requests = new Counter({
    name: 'ccpulse_api_requests_total',
    help: 'Vendor API responses by HTTP status (every attempt, retries included)',
    labelNames: [...orgLabels, 'status'],
    registers,
  });
  const latency = new Histogram({
    name: 'ccpulse_api_request_duration_seconds',
    help: 'Vendor API response time',
    labelNames: orgLabels,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const rateLimited = new Counter({
    name: 'ccpulse_api_rate_limited_total',
    help: 'HTTP 429 responses from the vendor',
    labelNames: orgLabels,
    registers,
  });
  const retries = new Counter({
    name: 'ccpulse_api_retries_total',
    help: 'Retried vendor API calls by reason',
    labelNames: [...orgLabels, 'reason'],
    registers,
  });
  const reauths = new Counter({
    name: 'ccpulse_api_reauth_total',
    help: 'Requests that got a 401 and re-authenticated once',
    labelNames: orgLabels,
    registers,
  });
  // Token counts live in each TokenManager; the counters catch up with them at scrape time.
  const tokenCounter = (name: string, help: string, read: (s: TokenManagerStats) => number) => {
    const seen = new Map<OrgInstruments, number>();
    return new Counter({
      name,
      help,
      labelNames: orgLabels,
      registers,
      collect() {
        for (const o of orgs) {
          const value = read(o.tokens.stats);
          this.inc({ vendor: o.vendor, org: o.org }, value - (seen.get(o) ?? 0));
          seen.set(o, value);
        }
      },
    });
  };
  tokenCounter('ccpulse_token_requests_total', 'Requests to the token endpoint', (s) => s.tokenRequests);
  tokenCounter('ccpulse_token_refreshes_total', 'Tokens replaced before or at expiry', (s) => s.refreshes);
  tokenCounter('ccpulse_token_failures_total', 'Failed token requests', (s) => s.failures);
  new Gauge({
    name: 'ccpulse_rate_budget_available',
    help: 'Requests the rate budget would let through right now',
    labelNames: orgLabels,
    registers,
    collect() {
      for (const o of orgs) if (o.budget) this.set({ vendor: o.vendor, org: o.org }, o.budget.available());
    },
  });

  return {
    registry,
    addOrg: (instruments) => orgs.push(instruments),
    observerFor(vendor, org) {
      const labels = { vendor, org };
      return {
        onRequest: (e) => {
          requests.inc({ ...labels, status: String(e.status) });
          latency.observe(labels, e.durationMs / 1000);
        },
        onRateLimited: () => rateLimited.inc(labels),
        onRetry: (e) => retries.inc({ ...labels, reason: e.reason }),
        onReauth: () => reauths.inc(labels),
      };
    },
    rowsSynced: (stream, n) => rows.inc({ stream }, n),
    schedulerFailed: (action) => schedulerFailures.inc({ action }),
    streamRun(stream, ok, seconds) {
      runs.inc({ stream, result: ok ? 'ok' : 'error' });
      runSeconds.observe({ stream }, seconds);
    },
  };
}
