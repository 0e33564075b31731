// ccpulse vs the official Genesys JS SDK on one workload against one emulator (realistic rate limits
// on: 300 requests/min per client token): each side in its own child process, so wall, CPU, peak RSS
// and cold start are that side's alone; both must read identical data. Plus the install footprint.
// `node --import tsx bench/sdk-compare/measure-sdk-comparison.ts [--aggregates-queries=N
// --conversations-per-day=N --concurrency=N]` prints the JSON.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { findOrg, parseConfig } from '../../src/config/index.js';
import { CcpulseError } from '../../src/core/index.js';
import { JOB_RUN_MS, startEmulator } from '../../src/emulator/index.js';
import { GENESYS_CLIENT_RATE_PER_MINUTE } from '../../src/vendors/genesys/index.js';
import { type RecordedRequest, type ReplayFigures, replayRequests } from '../raw-replay.js';
import type { ChildReport, DataDigest } from './child-meter.js';
import { type InstallFootprint, measureInstallFootprint } from './install-footprint.js';
import { buildPlan, PLAN_ENV, RECORD_ENV, type WorkloadPlan, type WorkloadSize } from './workload-plan.js';

/**
 * About 430 requests a side, so the rate limit shapes both runs (the SDK's fits in about one limit
 * window plus a Retry-After, ccpulse's paced budget takes about 90 s) and the whole comparison stays
 * under 3 minutes; the issue's 2,000 queries would take over 6 minutes a side at 300/min.
 */
export const DEFAULT_SIZE: WorkloadSize = { aggregatesQueries: 400, conversationsPerDay: 3000, concurrency: 4 };

export interface SdkComparisonOptions extends Partial<WorkloadSize> {
  seed?: number;
  /** Short one-query runs a side for the cold start median (default 3). */
  coldStartRuns?: number;
}

export interface SideFigures extends ChildReport {
  /** The same run as the emulator counted it. */
  emulator: { apiRequests: number; status429: number; status401: number; tokenRequests: number };
}

export interface SdkComparison {
  machine: { node: string; cpus: number; cpu: string | undefined };
  workload: WorkloadSize & {
    aggregatesDays: number;
    detailsDay: string;
    detailsPageSize: number;
    rateLimitPerMinute: number;
  };
  /** What each side does about the rate limit and 401s. */
  handling: { ccpulse: string; sdk: string };
  ccpulse: SideFigures;
  sdk: SideFigures;
  /** ccpulse's requests replayed raw, and the true bound they give under the vendor's rule. */
  rawReplay: ReplayFigures;
  /** Each side's wall time / the true bound. */
  ratioToBound: { ccpulse: number; sdk: number };
  /** The data both sides read (identical, or the run throws). */
  data: DataDigest;
  /** Median process start -> first API response over short one-query runs (the side figures' own is one sample). */
  coldStartMs: { ccpulse: number; sdk: number; runs: number };
  /** sdk / ccpulse (cold start from the medians): above 1 means the SDK used more. */
  ratios: Ratios;
  /** An empty workload under the same runner (node + tsx + meter), medians: what every child costs anyway. */
  runnerBaseline: Costs;
  /** (sdk - baseline) / (ccpulse - baseline): the clients' own cost, without the runner's. */
  ratiosNetOfRunner: Ratios;
  footprint: InstallFootprint;
  /** 1-minute load average around the runs: other work on the machine shows in every figure. */
  loadAverage: { before: number; after: number };
  notes: string[];
  seconds: number;
}

export class DataMismatchError extends CcpulseError {
  constructor(message: string) {
    super(
      'SDK_COMPARE_DATA_MISMATCH',
      message,
      'Both sides must send the same queries: compare ccpulse-workload.ts and sdk-workload.ts for the field that differs.',
    );
  }
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = import.meta.resolve('tsx');
type Side = ChildReport['side'];
const CHILD: Record<Side, string> = {
  ccpulse: fileURLToPath(new URL('./ccpulse-workload.ts', import.meta.url)),
  sdk: fileURLToPath(new URL('./sdk-workload.ts', import.meta.url)),
  baseline: fileURLToPath(new URL('./runner-baseline.ts', import.meta.url)),
};
const ratio = (sdk: number, ccpulse: number) => Number((sdk / ccpulse).toFixed(2));

export type Costs = Pick<ChildReport, 'wallMs' | 'cpuMs' | 'peakRssMiB' | 'coldStartMs'>;

export interface Ratios {
  wall: number;
  cpu: number;
  peakRss: number;
  coldStart: number;
}

function medianCosts(runs: ChildReport[]): Costs {
  const median = (k: keyof Costs) => {
    const sorted = runs.map((r) => r[k]).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  };
  return {
    wallMs: median('wallMs'),
    cpuMs: median('cpuMs'),
    peakRssMiB: median('peakRssMiB'),
    coldStartMs: median('coldStartMs'),
  };
}

function ratios(sdk: Costs, ccpulse: Costs, minus?: Costs): Ratios {
  const r = (k: keyof Costs) => ratio(sdk[k] - (minus?.[k] ?? 0), ccpulse[k] - (minus?.[k] ?? 0));
  return { wall: r('wallMs'), cpu: r('cpuMs'), peakRss: r('peakRssMiB'), coldStart: r('coldStartMs') };
}

export async function measureSdkComparison(options: SdkComparisonOptions = {}): Promise<SdkComparison> {
  const started = performance.now();
  const size: WorkloadSize = {
    aggregatesQueries: options.aggregatesQueries ?? DEFAULT_SIZE.aggregatesQueries,
    conversationsPerDay: options.conversationsPerDay ?? DEFAULT_SIZE.conversationsPerDay,
    concurrency: options.concurrency ?? DEFAULT_SIZE.concurrency,
  };
  if (size.aggregatesQueries < 1) throw new RangeError('aggregatesQueries must be at least 1');
  const coldStartRuns = Math.max(1, options.coldStartRuns ?? 3);
  const plan = buildPlan(size, Date.now());
  // An empty HOME: the SDK reads ~/.genesyscloudjavascript/config at start, and a developer's own
  // file (a gateway, logging) must not change what is measured.
  const home = mkdtempSync(join(tmpdir(), 'ccpulse-sdk-compare-'));
  const emulator = await startEmulator({
    seed: options.seed ?? 7,
    conversationsPerDay: size.conversationsPerDay,
    // Genesys's real limit, said out loud: that ccpulse paces under it and the SDK bounces off it is the point.
    rateLimits: { clientPerMinute: GENESYS_CLIENT_RATE_PER_MINUTE },
  });
  try {
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: home,
      ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
      ...Object.fromEntries(Object.entries(emulator.env()).filter(([k]) => k.startsWith('GENESYS_'))),
    };
    const run = async (side: Side, runPlan: WorkloadPlan, extra: Record<string, string> = {}): Promise<SideFigures> => {
      const stats = emulator.context.stats;
      const [api0, token0] = [stats.apiRequests.length, stats.tokenRequests.length];
      const report = await runChild(side, { ...env, ...extra, [PLAN_ENV]: JSON.stringify(runPlan) });
      const api = stats.apiRequests.slice(api0);
      return {
        ...report,
        emulator: {
          apiRequests: api.length,
          status429: api.filter((r) => r.status === 429).length,
          status401: api.filter((r) => r.status === 401).length,
          tokenRequests: stats.tokenRequests.length - token0,
        },
      };
    };
    // Short runs of one query each: the first round warms tsx's transform cache, the OS file cache
    // and the emulator's traffic for both sides alike; the next rounds, alternating sides, give the
    // cold start figures (one process start is too noisy on a shared machine; the median of a few
    // is not). Every run is a new process with a new token, so its own rate-limit window.
    const short: WorkloadPlan = { ...plan, aggregates: plan.aggregates.slice(0, 1), details: { ...plan.details } };
    short.details.to = short.details.from + 60_000;
    const shortRuns: Record<Side, ChildReport[]> = { ccpulse: [], sdk: [], baseline: [] };
    const loadBefore = loadavg()[0] ?? 0;
    for (let round = 0; round <= coldStartRuns; round++) {
      for (const side of ['ccpulse', 'sdk', 'baseline'] as const) {
        const report = await run(side, short);
        if (round > 0) shortRuns[side].push(report);
      }
    }
    const baseline = medianCosts(shortRuns.baseline);
    const coldStart = {
      ccpulse: medianCosts(shortRuns.ccpulse).coldStartMs,
      sdk: medianCosts(shortRuns.sdk).coldStartMs,
    };

    const recordFile = join(home, 'ccpulse-requests.json');
    const ccpulse = await run('ccpulse', plan, { [RECORD_ENV]: recordFile });
    const sdk = await run('sdk', plan);
    // The true bound: ccpulse's very requests replayed raw on the vendor's rule.
    const org = findOrg(parseConfig(emulator.env()), 'genesys');
    const rawReplay = await replayRequests(JSON.parse(readFileSync(recordFile, 'utf8')) as RecordedRequest[], {
      apiBase: org.apiUrl,
      loginBase: org.loginUrl,
      clientId: org.clientId,
      clientSecret: org.clientSecret.reveal(),
      jobRunMs: JOB_RUN_MS,
    });
    const toBound = (side: SideFigures) => Number((side.wallMs / 1000 / rawReplay.boundSeconds).toFixed(2));
    const data = sameData(ccpulse.data, sdk.data);
    const withColdStart = (side: SideFigures, coldStartMs: number) => ({ ...side, coldStartMs });
    return {
      machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model },
      workload: {
        ...size,
        aggregatesDays: new Set(plan.aggregates.map((a) => a.from)).size,
        detailsDay: new Date(plan.details.from).toISOString().slice(0, 10),
        detailsPageSize: plan.pageSize,
        rateLimitPerMinute: GENESYS_CLIENT_RATE_PER_MINUTE,
      },
      handling: {
        ccpulse:
          'connectOrg defaults: a window budget (up to 300 requests in any trailing 60 s, each held ' +
          'until its answer is in; no waiting while the window has room) that also adopts the ' +
          'inin-ratelimit-* headers; on 429 waits Retry-After and pauses the whole client; one re-auth on 401; ' +
          'up to 6 attempts.',
        sdk:
          'purecloud-platform-client-v2 has no retry or 429 handling (a 429 rejects); the workload adds the ' +
          "user's loop from Genesys's rate-limit guidance: wait Retry-After, retry, up to 6 attempts; no " +
          're-auth on 401 for client credentials (the SDK refreshes only code-grant tokens).',
      },
      ccpulse,
      sdk,
      rawReplay,
      ratioToBound: { ccpulse: toBound(ccpulse), sdk: toBound(sdk) },
      data,
      coldStartMs: { ...coldStart, runs: coldStartRuns },
      ratios: ratios(withColdStart(sdk, coldStart.sdk), withColdStart(ccpulse, coldStart.ccpulse)),
      runnerBaseline: baseline,
      ratiosNetOfRunner: ratios(withColdStart(sdk, coldStart.sdk), withColdStart(ccpulse, coldStart.ccpulse), baseline),
      loadAverage: { before: loadBefore, after: loadavg()[0] ?? 0 },
      footprint: measureInstallFootprint(ROOT),
      notes: [
        'Each side is a new node process running a TypeScript workload file through tsx; ccpulse is loaded ' +
          'from src/ (transpiled by tsx, cache warmed), the SDK from its prebuilt CommonJS bundle.',
        'The emulator limits with a fixed one-minute window per token opened by its first request, as ' +
          "Genesys does; ccpulse's budget stays under any 60 s window, fixed or sliding, and spends it whole.",
        'Wall and cold start include module loading and the token request; CPU and RSS are the whole process.',
        "ccpulse's CPU includes validating every response (zod) and mapping it to its vendor-neutral records; " +
          'the SDK returns raw JSON, which its workload only sums.',
      ],
      seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
    };
  } finally {
    await emulator.close();
    rmSync(home, { recursive: true, force: true });
  }
}

/** The digest both agree on; throws DataMismatchError naming every field that differs. */
export function sameData(ccpulse: DataDigest, sdk: DataDigest): DataDigest {
  const keys = Object.keys(ccpulse) as (keyof DataDigest)[];
  const differing = keys.filter((k) => ccpulse[k] !== sdk[k]);
  if (differing.length > 0)
    throw new DataMismatchError(
      `ccpulse and the SDK read different data: ${differing.map((k) => `${k} ${ccpulse[k]} vs ${sdk[k]}`).join(', ')}`,
    );
  if (ccpulse.aggregateRows === 0 || ccpulse.conversations === 0)
    throw new DataMismatchError('the workload read no data: nothing to compare (is the emulated day empty?)');
  return ccpulse;
}

function runChild(side: Side, env: Record<string, string>): Promise<ChildReport> {
  const child = spawn(process.execPath, ['--import', TSX, CHILD[side]], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      if (code === 0 && line.startsWith('{')) return resolve(JSON.parse(line) as ChildReport);
      // The children never print tokens; redacting again costs nothing.
      const why = stderr.slice(-2000).replace(/Bearer\s+\S+/gi, 'Bearer [redacted]');
      reject(new Error(`the ${side} workload exited ${code}: ${why.trim() || '(no output)'}`));
    });
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      'aggregates-queries': { type: 'string' },
      'conversations-per-day': { type: 'string' },
      concurrency: { type: 'string' },
    },
  });
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const result = await measureSdkComparison({
    aggregatesQueries: num(values['aggregates-queries']),
    conversationsPerDay: num(values['conversations-per-day']),
    concurrency: num(values.concurrency),
  });
  console.log(JSON.stringify(result, null, 2));
}
