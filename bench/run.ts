// `npm run bench [-- part ...]`: speed and memory as ratios against true limits, measured in one run
// on this machine — the vendor's rule with a raw replay of the same requests, the official SDK, the
// bare database drivers, `node -e 0`. Every part by default (written to artifacts/bench.json); a
// subset for iterating (`npm run bench -- backfill ingest`, written to artifacts/bench-partial.json).
// A part is one entry of PARTS: a name and a function returning its figures.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { createDaemonTokenManager } from '../src/auth/index.js';
import { findOrg, parseConfig } from '../src/config/index.js';
import { startEmulator } from '../src/emulator/index.js';
import { type BackfillFigures, measureBackfill } from './backfill.js';
import { type ColdStart, measureColdStart } from './cold-start.js';
import { measureDashboardLatency } from './dashboard-latency.js';
import { measureExportMemory } from './export-memory.js';
import { type IngestFigures, measureIngestApart } from './ingest.js';
import { measureRssGrowth, type RssGrowth } from './ingest-rss.js';
import { measureReplicas } from './replicas.js';
import { measureSdkComparison, type SdkComparison } from './sdk-compare/measure-sdk-comparison.js';

/** Cached token calls per second, and token requests caused by 10,000 concurrent callers. */
async function measureToken() {
  const emulator = await startEmulator({ seed: 42 });
  try {
    const genesys = findOrg(parseConfig(emulator.env()), 'genesys');
    const manager = createDaemonTokenManager(genesys);
    await manager.getToken();
    const calls = 1_000_000;
    const t = performance.now();
    for (let i = 0; i < calls; i++) await manager.getToken();
    const cachedPerSecond = Math.round(calls / ((performance.now() - t) / 1000));
    const before = emulator.context.stats.tokenRequests.length;
    const cold = createDaemonTokenManager(genesys);
    await Promise.all(Array.from({ length: 10_000 }, () => cold.getToken()));
    return {
      cachedGetTokenPerSecond: cachedPerSecond,
      concurrentCallers: 10_000,
      tokenRequests: emulator.context.stats.tokenRequests.length - before,
    };
  } finally {
    await emulator.close();
  }
}

const PARTS: Record<string, () => Promise<unknown>> = {
  // Five runs of a day (under a second each; medians), one of seven days (a minute of the vendor's windows).
  backfill: async () => ({ oneDay: await measureBackfill(1, 5), sevenDays: await measureBackfill(7) }),
  sdk: () => measureSdkComparison(),
  ingest: () => measureIngestApart(),
  rss: () => measureRssGrowth(),
  coldstart: async () => measureColdStart(),
  token: measureToken,
  dashboard: () => measureDashboardLatency(),
  replicas: () => measureReplicas(),
  // issue #14: `ccpulse export` of 1M conversations, peak RSS against 10k (bench/export-memory.ts).
  export: () => measureExportMemory(),
};

const asked = process.argv.slice(2).filter((a) => a !== '--');
const unknown = asked.filter((a) => !(a in PARTS));
if (unknown.length > 0) {
  console.error(`unknown bench part: ${unknown.join(', ')}. Parts: ${Object.keys(PARTS).join(', ')}`);
  process.exit(2);
}
const parts = asked.length > 0 ? asked : Object.keys(PARTS);
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: {
    node: process.version,
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadAverageBefore: loadavg()[0],
  },
  parts,
};
mkdirSync('artifacts', { recursive: true });
const file = asked.length > 0 ? 'artifacts/bench-partial.json' : 'artifacts/bench.json';
// Written after every part: a part that fails keeps the minutes of figures measured before it.
const save = () => writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
for (const part of parts) {
  const started = performance.now();
  process.stderr.write(`bench: ${part}...\n`);
  results[part] = await (PARTS[part] as () => Promise<unknown>)();
  process.stderr.write(`bench: ${part} done in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  save();
}
(results.machine as Record<string, unknown>).loadAverageAfter = loadavg()[0];
save();
console.log(JSON.stringify(results, null, 2));
console.log(`\n${summary(results).join('\n')}\nwritten to ${file}`);

/** The goals of issue #12 as one table: figure, ccpulse, reference, ratio, goal. */
function summary(r: Record<string, unknown>): string[] {
  const rows: string[][] = [['figure', 'ccpulse', 'true limit / reference', 'ratio', 'goal']];
  const backfill = r.backfill as { oneDay: BackfillFigures; sevenDays: BackfillFigures } | undefined;
  for (const b of backfill ? [backfill.oneDay, backfill.sevenDays] : []) {
    rows.push([
      `${b.days}-day Genesys backfill (${b.conversations} conv., ${b.requests} req., ${b.asyncJobs} jobs${b.runs.length > 1 ? `; median of ${b.runs.length} runs` : ''})`,
      `${b.ccpulseSeconds} s, ${b.unplanned429s} 429s`,
      `bound ${b.rawReplay.boundSeconds} s (raw replay ${b.rawReplay.replaySeconds} s + rule waits ${b.rawReplay.ruleWaitSeconds} s)`,
      `${b.ratioToBound}×`,
      '≤ 2×, 0 429s',
    ]);
  }
  const sdk = r.sdk as SdkComparison | undefined;
  if (sdk) {
    rows.push([
      `SDK-comparison workload (${sdk.rawReplay.requests} req.)`,
      `${(sdk.ccpulse.wallMs / 1000).toFixed(1)} s, ${sdk.ccpulse.emulator.status429} 429s`,
      `bound ${sdk.rawReplay.boundSeconds} s; official SDK ${(sdk.sdk.wallMs / 1000).toFixed(1)} s (${sdk.ratioToBound.sdk}×)`,
      `${sdk.ratioToBound.ccpulse}×`,
      'no slower than the SDK',
    ]);
  }
  const ingest = r.ingest as IngestFigures | undefined;
  if (ingest) {
    rows.push([
      `ingest → SQLite (${ingest.conversations} conv.)`,
      `${ingest.sqlite.ccpulsePerSecond} conv/s`,
      `better-sqlite3 prepared INSERT, one tx: ${ingest.sqlite.ceilingPerSecond}`,
      String(ingest.sqlite.ratio),
      '≥ 0.8',
    ]);
    if ('ratio' in ingest.postgres)
      rows.push([
        'ingest → PostgreSQL',
        `${ingest.postgres.ccpulsePerSecond} conv/s`,
        `COPY FROM STDIN: ${ingest.postgres.ceilingPerSecond}`,
        String(ingest.postgres.ratio),
        '≥ 0.6',
      ]);
  }
  const rss = r.rss as RssGrowth | undefined;
  if (rss)
    rows.push([
      'peak RSS, ingest',
      `${rss.small.peakRssMiB} MiB at ${rss.small.stored}, ${rss.large.peakRssMiB} MiB at ${rss.large.stored}`,
      '',
      `+${rss.growthMiB} MiB`,
      '< 150 MiB growth',
    ]);
  const cold = r.coldstart as ColdStart | undefined;
  if (cold)
    rows.push([
      '`ccpulse --help` cold start',
      `${cold.helpMs} ms`,
      `node -e 0: ${cold.nodeMs} ms`,
      `${cold.ratio}×`,
      '≤ 4×',
    ]);
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? [];
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | '));
}
