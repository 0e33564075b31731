// Genesys backfills of 1 and 7 days through ccpulse (sync as the daemon runs it, into SQLite) against
// the true bound: the same requests replayed raw on the vendor's rule (bench/raw-replay.ts). The
// emulator runs in its own process with Genesys's limits: 300 requests per 60 s per token, and its
// async-job allowance.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOrg, parseConfig } from '../src/config/index.js';
import { syncOnce } from '../src/connect/index.js';
import { JOB_RUN_MS } from '../src/emulator/index.js';
import { openSqliteSink } from '../src/store/index.js';
import { startEmulatorProcess } from './emulator-process.js';
import { median } from './median.js';
import { clientToken, type ReplayFigures, recordRequests, replayRequests } from './raw-replay.js';

const DAY = 86_400_000;

export interface BackfillFigures {
  days: number;
  conversations: number;
  requests: number;
  asyncJobs: number;
  /** The median of the runs. */
  ccpulseSeconds: number;
  /** 429s ccpulse met in all runs (the vendor's refusals; ccpulse plans for none). */
  unplanned429s: number;
  /** The replay of the run whose bound is the median one. */
  rawReplay: ReplayFigures;
  /** Median ccpulse / median true bound. */
  ratioToBound: number;
  /** Each run: ccpulse on a fresh emulator and database, then the replay of its requests. */
  runs: { ccpulseSeconds: number; boundSeconds: number }[];
}

type Run = Omit<BackfillFigures, 'ratioToBound' | 'runs'>;

/**
 * `repetitions` runs, each on an emulator and a database of its own (a run's requests would count
 * against the next one's window otherwise); the medians of ccpulse's time and of the bound. A day's
 * backfill takes under a second, where one stray pause moves a single run's ratio by a third.
 */
export async function measureBackfill(days: number, repetitions = 1): Promise<BackfillFigures> {
  const runs: Run[] = [];
  for (let r = 0; r < repetitions; r++) runs.push(await backfillOnce(days));
  const byBound = [...runs].sort((a, b) => a.rawReplay.boundSeconds - b.rawReplay.boundSeconds);
  const middle = byBound[Math.floor(runs.length / 2)] as Run;
  const ccpulseSeconds = median(runs.map((run) => run.ccpulseSeconds));
  return {
    ...middle,
    ccpulseSeconds,
    unplanned429s: runs.reduce((n, run) => n + run.unplanned429s, 0),
    ratioToBound: Number((ccpulseSeconds / middle.rawReplay.boundSeconds).toFixed(2)),
    runs: runs.map((run) => ({ ccpulseSeconds: run.ccpulseSeconds, boundSeconds: run.rawReplay.boundSeconds })),
  };
}

async function backfillOnce(days: number): Promise<Run> {
  const emulator = await startEmulatorProcess({ seed: 42, conversationsPerDay: 6000 });
  const dir = mkdtempSync(join(tmpdir(), 'ccpulse-bench-backfill-'));
  try {
    const config = parseConfig(emulator.env);
    const genesys = findOrg(config, 'genesys');
    const sink = await openSqliteSink({ path: join(dir, 'ccpulse.db') });
    // Whole UTC days ending at today's midnight: the older ones (past the 72 h lookback) go through jobs.
    const until = Math.floor(Date.now() / DAY) * DAY;
    const target = {
      apiBase: genesys.apiUrl,
      loginBase: genesys.loginUrl,
      clientId: genesys.clientId,
      clientSecret: genesys.clientSecret.reveal(),
    };
    await warmEmulator(target, until - days * DAY, until);
    const recorder = recordRequests(genesys.apiUrl);
    let status429 = 0;
    const started = performance.now();
    const outcomes = await syncOnce(
      {
        config: { ...config, orgs: [genesys] },
        sink,
        observer: { onRequest: ({ status }) => void (status === 429 && status429++) },
      },
      { backfillFrom: until - days * DAY, until },
    );
    const seconds = (performance.now() - started) / 1000;
    recorder.stop();
    const failed = outcomes.filter((o) => o.error);
    if (failed.length > 0)
      throw new Error(`bench sync failed: ${failed.map((o) => `${o.stream}: ${o.error?.message}`).join('; ')}`);
    const counts = await sink.counts();
    await sink.close();
    const rawReplay = await replayRequests(recorder.requests, { ...target, jobRunMs: JOB_RUN_MS });
    return {
      days,
      conversations: counts.conversations,
      requests: recorder.requests.length,
      asyncJobs: recorder.requests.filter((r) => r.jobId).length,
      ccpulseSeconds: Number(seconds.toFixed(2)),
      unplanned429s: status429,
      rawReplay,
    };
  } finally {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The replay that gives the bound runs on an emulator that has answered ccpulse's requests already,
 * so ccpulse must not pay the emulator's own first-use costs either — making the range's traffic,
 * compiling its routes; no vendor has them: the 1-day replay took 0.80-0.81 s on a fresh emulator
 * against 0.47-0.53 s on the warm one (2026-11-29, load ~3). Untimed, with plain fetch and a token
 * of its own: the range's details query (one page) and its aggregates, once.
 */
async function warmEmulator(target: Parameters<typeof clientToken>[0], from: number, until: number): Promise<void> {
  const headers = { authorization: `Bearer ${await clientToken(target)}`, 'content-type': 'application/json' };
  const interval = `${new Date(from).toISOString()}/${new Date(until).toISOString()}`;
  const queries = [
    ['details/query', { interval, paging: { pageSize: 1, pageNumber: 1 } }],
    ['aggregates/query', { interval, granularity: 'PT30M', groupBy: ['queueId'], metrics: ['nOffered', 'tHandle'] }],
  ] as const;
  for (const [path, body] of queries) {
    const res = await fetch(`${target.apiBase}/api/v2/analytics/conversations/${path}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`warming the emulator: ${path} answered ${res.status}`);
    await res.arrayBuffer();
  }
}
