// `npm run bench`: speed and memory figures measured against the emulator on this machine, written
// to artifacts/bench.json and printed. Figures are ratios against the physical limit where there is
// one (the vendor's rate limit), not absolute goals.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDaemonTokenManager } from '../src/auth/index.js';
import { findOrg, parseConfig } from '../src/config/index.js';
import { syncOnce } from '../src/connect/index.js';
import { startEmulator } from '../src/emulator/index.js';
import { openSqliteSink } from '../src/store/index.js';
import { GENESYS_CLIENT_RATE_PER_MINUTE } from '../src/vendors/genesys/index.js';
import { measureDashboardLatency } from './dashboard-latency.js';
import { measureReplicas } from './replicas.js';
import { measureSdkComparison } from './sdk-compare/measure-sdk-comparison.js';

const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  cpu: cpus()[0]?.model,
};
let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);

const emulator = await startEmulator({ seed: 42, conversationsPerDay: 6000 });
try {
  const config = parseConfig(emulator.env());
  const genesys = findOrg(config, 'genesys');

  // Token path: cached calls per second, and how many token requests 10,000 concurrent callers cause.
  const manager = createDaemonTokenManager(genesys);
  await manager.getToken();
  const calls = 1_000_000;
  let t = performance.now();
  for (let i = 0; i < calls; i++) await manager.getToken();
  const cachedPerSecond = Math.round(calls / ((performance.now() - t) / 1000));
  const before = emulator.context.stats.tokenRequests.length;
  const cold = createDaemonTokenManager(genesys);
  await Promise.all(Array.from({ length: 10_000 }, () => cold.getToken()));
  results.token = {
    cachedGetTokenPerSecond: cachedPerSecond,
    concurrentCallers: 10_000,
    tokenRequests: emulator.context.stats.tokenRequests.length - before,
  };

  // Details -> SQLite for one emulated day of Genesys traffic, against the rate-limit lower bound.
  const dir = mkdtempSync(join(tmpdir(), 'ccpulse-bench-'));
  const sink = await openSqliteSink({ path: join(dir, 'ccpulse.db') });
  const day = Math.floor(Date.now() / 86_400_000) * 86_400_000 - 86_400_000;
  const genesysOnly = { ...config, orgs: [genesys] };
  const apiBefore = emulator.context.stats.apiRequests.length;
  let rows = 0;
  t = performance.now();
  const outcomes = await syncOnce(
    { config: genesysOnly, sink, onRows: (_s, n) => (rows += n) },
    { backfillFrom: day, until: day + 86_400_000 },
  );
  const seconds = (performance.now() - t) / 1000;
  const requests = emulator.context.stats.apiRequests.length - apiBefore;
  const counts = await sink.counts();
  await sink.close();
  const failed = outcomes.filter((o) => o.error);
  if (failed.length > 0)
    throw new Error(`bench sync failed: ${failed.map((o) => `${o.stream}: ${o.error?.message}`).join('; ')}`);
  // The budget allows a 10 % burst, then the rest of the per-minute limit spread evenly.
  const burst = GENESYS_CLIENT_RATE_PER_MINUTE * 0.1;
  const lowerBound = Math.max(0, requests - burst) / (GENESYS_CLIENT_RATE_PER_MINUTE / 60);
  results.backfill = {
    conversations: counts.conversations,
    rowsWritten: rows,
    databaseRows: Object.values(counts).reduce((a, b) => a + b, 0),
    requests,
    seconds: Number(seconds.toFixed(2)),
    rateLimitLowerBoundSeconds: Number(lowerBound.toFixed(2)),
    ratioToLowerBound: Number((seconds / Math.max(lowerBound, 0.001)).toFixed(2)),
    conversationsPerSecond: Math.round(counts.conversations / seconds),
    unplanned429s: emulator.context.stats.apiRequests.slice(apiBefore).filter((r) => r.status === 429).length,
  };
} finally {
  clearInterval(sampler);
  await emulator.close();
}
results.peakRssMiB = Math.round(peakRss / 2 ** 20);
// Dashboard page latency under 200 concurrent sessions (its own emulator, in a child process).
results.dashboard = await measureDashboardLatency();
// The same workload through ccpulse and through the official Genesys SDK, each in its own process.
const sdk = await measureSdkComparison();
results.sdkComparison = sdk;
// 1 vs 3 daemon replicas on PostgreSQL leases, with one shared budget (Redis) and with one per replica.
results.replicas = await measureReplicas();
mkdirSync('artifacts', { recursive: true });
writeFileSync('artifacts/bench.json', `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));
console.log(
  `SDK / ccpulse: wall ${sdk.ratios.wall}, CPU ${sdk.ratios.cpu}, peak RSS ${sdk.ratios.peakRss}, cold start ${sdk.ratios.coldStart}`,
);
console.log('written to artifacts/bench.json');
