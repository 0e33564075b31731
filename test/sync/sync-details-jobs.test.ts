// Genesys history through async details jobs: the same rows as the details query, one job per window
// (deleted once read), a failed or expired job submitted again; and across a SIGKILL the stored job
// id and cursor are resumed — no second submission for that window — or, when the job expired
// meanwhile, replaced by one new job.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseConfig } from '../../src/config/index.js';
import { syncOnce } from '../../src/connect/index.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { openSqliteSink, type Sink } from '../../src/store/index.js';
import { JobWindowGaveUpError, MAX_JOBS_PER_WINDOW, RESUBMIT_DELAY_MS } from '../../src/sync/details-job-window.js';
import { checkpointOf, dumpOf } from '../support/data-folder.js';
import { driveClock, recordingClock } from '../support/drive-clock.js';
import { runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';
import {
  dataTables,
  FROM,
  type SyncEmulator,
  startSyncEmulator,
  syncCycle,
  tickingClock,
  UNTIL,
} from './sync-fixture.js';

const JOBS = '/api/v2/analytics/conversations/details/jobs';
const HOUR = 3600_000;

/** One job at a time: the tests of a single window's resubmissions count its jobs exactly. */
const oneJobAtATime = (env: SyncEmulator) =>
  parseConfig({ ...env.emulator.env(), GENESYS_DETAILS_JOBS_CONCURRENCY: '1' });

const tempSink = (): Promise<Sink> => openSqliteSink({ path: join(tempDir('ccpulse-jobs-'), 'ccpulse.db') });

/**
 * A fresh emulator (with these faults) and two fresh sinks for one test: the run under test and the
 * run to compare it with. All three closed after, whatever the test did.
 */
async function withTwoSinks(
  faults: Parameters<typeof startSyncEmulator>[0],
  body: (env: SyncEmulator, sink: Sink, reference: Sink) => Promise<void>,
): Promise<void> {
  const env = await startSyncEmulator(faults);
  const [sink, reference] = [await tempSink(), await tempSink()];
  try {
    await body(env, sink, reference);
  } finally {
    await sink.close();
    await reference.close();
    await env.close();
  }
}

/** `reference` synced by the details query alone (no job) holds exactly the rows `sink` holds. */
async function assertSameAsDetailsQuery(env: SyncEmulator, sink: Sink, reference: Sink): Promise<void> {
  await syncCycle(env, reference, { asyncJobAgeMs: Number.POSITIVE_INFINITY });
  assert.deepEqual(dataTables(await sink.dump()), dataTables(await reference.dump()));
}

function jobTraffic(emulator: RunningEmulator, since = 0) {
  const requests = emulator.context.stats.apiRequests.slice(since);
  const resultsByJob = new Map<string, number>();
  for (const r of requests) {
    if (r.method !== 'GET' || !r.path.endsWith('/results')) continue;
    const id = r.path.split('/').at(-2) as string;
    resultsByJob.set(id, (resultsByJob.get(id) ?? 0) + 1);
  }
  return {
    submitted: requests.filter((r) => r.method === 'POST' && r.path === JOBS && r.status === 202).length,
    deleted: requests.filter((r) => r.method === 'DELETE' && r.path.startsWith(`${JOBS}/`) && r.status === 204).length,
    /** Results requests per job id, in submission order. */
    resultsByJob,
  };
}

/** Conversation windows of the 3-day backfill old enough (a day, after availability) for a job. */
const historyWindows = (env: SyncEmulator) => {
  const availableUntil = Math.floor((env.now - HOUR) / 60_000) * 60_000;
  let n = 0;
  for (let to = FROM + 6 * HOUR; to <= Math.min(env.now - 24 * HOUR, availableUntil); to += 6 * HOUR) n++;
  return n;
};

describe('async details jobs in a sync cycle', () => {
  test('history windows read through jobs equal the details query row for row; one job per window, each deleted', async () => {
    await withTwoSinks({}, async (env, viaJobs, viaDetails) => {
      await syncCycle(env, viaJobs);
      const jobs = jobTraffic(env.emulator);
      assert.ok(historyWindows(env) >= 6, 'most of the backfill is history');
      assert.equal(jobs.submitted, historyWindows(env), 'one job per history window');
      assert.equal(jobs.deleted, jobs.submitted, 'every job deleted once read');

      const seen = env.emulator.context.stats.apiRequests.length;
      await assertSameAsDetailsQuery(env, viaJobs, viaDetails);
      assert.equal(jobTraffic(env.emulator, seen).submitted, 0, 'the comparison run used the details query only');
    });
  });

  test('a job that ends FAILED or EXPIRED is submitted once more and the window completes', async () => {
    for (const faults of [{ failNextJobs: 1 }, { expireNextJobs: 1 }]) {
      await withTwoSinks({ faults }, async (env, faulted, clean) => {
        await syncCycle(env, faulted);
        assert.equal(jobTraffic(env.emulator).submitted, historyWindows(env) + 1, 'one window needed a second job');
        await assertSameAsDetailsQuery(env, faulted, clean);
      });
    }
  });

  test('jobs that keep failing are resubmitted three times, further apart each time; the fourth completes the window', async () => {
    await withTwoSinks({ faults: { failNextJobs: 2, expireNextJobs: 1 } }, async (env, faulted, clean) => {
      const clock = recordingClock(env.clock);
      const outcomes = await driveClock(
        env.clock,
        syncOnce(
          { config: oneJobAtATime(env), sink: faulted, clock },
          { backfillFrom: FROM, until: UNTIL, asyncJobAgeMs: 24 * HOUR },
        ),
      );
      for (const o of outcomes) assert.equal(o.error, undefined, `${o.stream}: ${o.error?.message}`);
      assert.equal(jobTraffic(env.emulator).submitted, historyWindows(env) + 3, 'one window needed three more jobs');
      const waits = clock.sleeps.filter((ms) => ms >= RESUBMIT_DELAY_MS);
      assert.deepEqual(
        waits,
        [RESUBMIT_DELAY_MS, 2 * RESUBMIT_DELAY_MS, 4 * RESUBMIT_DELAY_MS],
        'backoff between resubmissions',
      );
      await assertSameAsDetailsQuery(env, faulted, clean);
    });
  });

  test('a window whose jobs all fail is given up loudly: the windows before it are kept, its checkpoint is not moved, the next cycle completes it', async () => {
    await withTwoSinks({ faults: { failNextJobs: MAX_JOBS_PER_WINDOW } }, async (env, sink, reference) => {
      const first = await syncCycle(env, sink, {}, { config: oneJobAtATime(env) }, { allowErrors: true });
      const failed = first.find((o) => o.error);
      assert.equal(failed?.stream, 'genesys:default:conversations');
      assert.ok(failed?.error instanceof JobWindowGaveUpError, String(failed?.error));
      assert.match(
        failed.error.message,
        /gave up on the window 2026-11-17T00:00:00.000Z\.\.2026-11-17T06:00:00.000Z after 4 async jobs failed \(.*ended FAILED/,
      );
      assert.equal(
        jobTraffic(env.emulator).submitted,
        MAX_JOBS_PER_WINDOW,
        'the first window used every attempt, then stopped',
      );
      assert.ok(
        first.filter((o) => o !== failed).every((o) => !o.error),
        'the other streams synced',
      );
      const checkpoint = (await sink.dump()).checkpoints.find((c) => c.stream === 'genesys:default:conversations');
      const value = JSON.parse(String(checkpoint?.value ?? '{}'));
      assert.ok(!(value.watermark > FROM), `the stream did not move past the failed window: ${JSON.stringify(value)}`);

      await syncCycle(env, sink);
      await assertSameAsDetailsQuery(env, sink, reference);
    });
  });

  test('a window given up after earlier windows finished keeps those windows', async () => {
    const env = await startSyncEmulator();
    const sink = await tempSink();
    try {
      // The first history window's job completes; every job after it fails.
      const realSubmit = env.emulator.context.faults;
      let submitted = 0;
      const config = oneJobAtATime(env);
      const outcomes = await driveClock(
        env.clock,
        syncOnce(
          {
            config,
            sink,
            clock: env.clock,
            observer: {
              onRequest: (e) => {
                if (e.method === 'POST' && e.path.endsWith('/details/jobs') && e.status === 202 && ++submitted === 1)
                  env.emulator.context.faults = { ...realSubmit, failNextJobs: 100 };
              },
            },
          },
          { backfillFrom: FROM, until: UNTIL, asyncJobAgeMs: 24 * HOUR },
        ),
      );
      const failed = outcomes.find((o) => o.error);
      assert.match(failed?.error?.message ?? '', /gave up on the window 2026-11-17T06:00:00.000Z/);
      const dump = await sink.dump();
      const kept = dump.conversations.filter((r) => r.vendor === 'genesys' && Number(r.start_ms) < FROM + 6 * HOUR);
      assert.ok(kept.length > 0, 'the first window is stored');
      const checkpoint = dump.checkpoints.find((c) => c.stream === 'genesys:default:conversations');
      assert.equal(
        JSON.parse(String(checkpoint?.value)).watermark,
        FROM + 6 * HOUR,
        'the mark stops at the given-up window',
      );
    } finally {
      env.emulator.context.faults = { ...env.emulator.context.faults, failNextJobs: 0 };
      await sink.close();
      await env.close();
    }
  });
});

/** `ccpulse sync --once` over exactly [from, until). */
const boundedSync = ([from, until]: readonly [number, number]) => [
  'sync',
  '--once',
  '--from',
  new Date(from).toISOString(),
  '--until',
  new Date(until).toISOString(),
];

describe('async jobs across a SIGKILL (the CLI in a child process)', () => {
  // Far in the past of the emulator's "now", so every record of the range is final and any run,
  // whenever it reads, sees the same data. Busy half-days: each window's job has several pages.
  const RANGE = [Date.UTC(2026, 10, 10, 6), Date.UTC(2026, 10, 10, 18)] as const;
  const args = boundedSync(RANGE);

  async function genesysOnlyEmulator(faults: { expireNextJobs?: number } = {}, jobsAtOnce = 1) {
    const emulator = await startEmulator({
      seed: 12,
      clock: tickingClock(Date.UTC(2026, 10, 20, 12), 5),
      conversationsPerDay: 9000,
      faults,
    });
    // Only the Genesys org: CXone contacts run up to "now", which moves here.
    const env = (dir: string) => ({
      ...Object.fromEntries(Object.entries(emulator.env()).filter(([k]) => !k.startsWith('CXONE_'))),
      CCPULSE_DATA_DIR: dir,
      CCPULSE_LOG_LEVEL: 'info',
      GENESYS_DETAILS_JOBS_CONCURRENCY: String(jobsAtOnce),
    });
    return { emulator, env };
  }

  /** Runs the CLI until the emulator has seen `when`, then kills it. */
  async function killWhen(run: ReturnType<typeof runCli>, when: () => boolean) {
    const watch = setInterval(() => {
      if (when()) run.child.kill('SIGKILL');
    }, 1);
    const { code } = await run.done;
    clearInterval(watch);
    assert.equal(code, null, `killed mid-job, not finished:\n${run.output()}`);
  }

  async function cleanDump(env: (dir: string) => Record<string, string>) {
    const dir = tempDir('ccpulse-jobs-clean-');
    const run = runCli(args, env(dir));
    assert.equal((await run.done).code, 0, run.output());
    return dumpOf(dir);
  }

  test('killed between result pages: the restart reads on from the stored cursor of the same job', async () => {
    const { emulator, env } = await genesysOnlyEmulator();
    try {
      const dir = tempDir('ccpulse-jobs-kill-');
      // By the third page asked for, the first is committed: the next page is fetched and handed to the
      // decode worker before a page is written, so up to two pages are in flight at a kill.
      await killWhen(runCli(args, env(dir)), () => [...jobTraffic(emulator).resultsByJob.values()].some((n) => n >= 3));
      const killed = jobTraffic(emulator);
      assert.equal(killed.submitted, 1);
      const [jobId, pagesBefore] = [...killed.resultsByJob.entries()][0] as [string, number];
      const inWindow = emulator.context.traffic.conversationsStarting(RANGE[0], RANGE[0] + 6 * HOUR).length;
      const pages = Math.ceil(inWindow / 1000);
      assert.ok(pages >= 3, `${pages} result pages in the first window's job`);

      const seen = emulator.context.stats.apiRequests.length;
      const restart = runCli(args, env(dir));
      assert.equal((await restart.done).code, 0, restart.output());
      assert.match(restart.output(), /resuming async job/);
      const resumed = jobTraffic(emulator, seen);
      assert.equal(resumed.submitted, 1, 'a new job only for the window not started yet');
      const pagesAfter = resumed.resultsByJob.get(jobId) ?? 0;
      assert.ok(pagesAfter > 0, 'the restart read the stored job');
      // Page one again would make it at least pages + 3 (the killed run read three); from the stored
      // cursor, only the pages in flight at the kill (one being written, one being decoded) are read again.
      assert.ok(pagesBefore + pagesAfter <= pages + 2, 'from the stored cursor, not from page one again');

      const expected = await cleanDump(env);
      assert.ok(expected.conversations.length > 5000);
      assert.deepEqual(await dumpOf(dir), expected);
    } finally {
      await emulator.close();
    }
  });

  test('killed while the job runs, which then expires: the restart submits one new job and the data is whole', async () => {
    const { emulator, env } = await genesysOnlyEmulator({ expireNextJobs: 1 });
    try {
      const dir = tempDir('ccpulse-jobs-expired-');
      // The first status poll comes after the job id was committed.
      await killWhen(runCli(args, env(dir)), () =>
        emulator.context.stats.apiRequests.some(
          (r) => r.method === 'GET' && r.path.startsWith(`${JOBS}/`) && !r.path.endsWith('/availability'),
        ),
      );
      assert.equal(jobTraffic(emulator).submitted, 1);

      const seen = emulator.context.stats.apiRequests.length;
      const restart = runCli(args, env(dir));
      assert.equal((await restart.done).code, 0, restart.output());
      assert.match(restart.output(), /async job gone; submitting again/);
      assert.equal(
        jobTraffic(emulator, seen).submitted,
        2,
        'one replacement for the expired job, one for the next window',
      );

      assert.deepEqual(await dumpOf(dir), await cleanDump(env));
    } finally {
      await emulator.close();
    }
  });
});

describe('async jobs side by side across a SIGKILL', () => {
  // Five history windows, four jobs at once: several in flight at the kill.
  const RANGE = [Date.UTC(2026, 10, 8), Date.UTC(2026, 10, 9, 6)] as const;
  const WINDOWS = 5;
  const args = boundedSync(RANGE);
  const STREAM = 'genesys:default:conversations';

  test('every stored job id is resumed, no window submits a second job, and the data equals one job at a time row for row', async () => {
    const emulator = await startEmulator({
      seed: 13,
      clock: tickingClock(Date.UTC(2026, 10, 20, 12), 5),
      conversationsPerDay: 6000,
    });
    const env = (dir: string, jobsAtOnce: number) => ({
      ...Object.fromEntries(Object.entries(emulator.env()).filter(([k]) => !k.startsWith('CXONE_'))),
      CCPULSE_DATA_DIR: dir,
      CCPULSE_LOG_LEVEL: 'info',
      GENESYS_DETAILS_JOBS_CONCURRENCY: String(jobsAtOnce),
    });
    try {
      const dir = tempDir('ccpulse-jobs-side-');
      const run = runCli(args, env(dir, 4));
      // A job's status is asked for only after its id is committed: three polled jobs, three stored ids.
      const polled = () =>
        new Set(
          emulator.context.stats.apiRequests
            .filter((r) => r.method === 'GET' && /\/details\/jobs\/[0-9a-f-]{36}$/.test(r.path))
            .map((r) => r.path.split('/').at(-1)),
        );
      const watch = setInterval(() => {
        if (polled().size >= 3) run.child.kill('SIGKILL');
      }, 1);
      const { code } = await run.done;
      clearInterval(watch);
      assert.equal(code, null, `killed with jobs in flight, not finished:\n${run.output()}`);

      const stored = await checkpointOf(dir, STREAM);
      const inFlight = (stored.inFlight ?? []) as { from: number; state: { jobId?: string } }[];
      const jobIds = inFlight.map((w) => w.state.jobId).filter((id): id is string => id !== undefined);
      assert.ok(jobIds.length >= 3, `several job ids stored at the kill: ${JSON.stringify(stored)}`);
      const doneByMark = Math.max(0, Math.round(((stored.watermark ?? RANGE[0]) - RANGE[0]) / (6 * HOUR)));

      const seen = emulator.context.stats.apiRequests.length;
      const restart = runCli(args, env(dir, 4));
      assert.equal((await restart.done).code, 0, restart.output());
      const after = jobTraffic(emulator, seen);
      for (const id of jobIds) assert.ok((after.resultsByJob.get(id) ?? 0) > 0, `stored job ${id} resumed`);
      assert.equal(
        after.submitted,
        WINDOWS - doneByMark - inFlight.length,
        'new jobs only for windows neither done nor in flight at the kill',
      );
      const final = await checkpointOf(dir, STREAM);
      assert.equal(final.inFlight, undefined, 'nothing left in flight');

      const slowDir = tempDir('ccpulse-jobs-one-');
      const slow = runCli(args, env(slowDir, 1));
      assert.equal((await slow.done).code, 0, slow.output());
      const expected = await dumpOf(slowDir);
      assert.ok(expected.conversations.length > 5000, `${expected.conversations.length} conversations`);
      assert.deepEqual(await dumpOf(dir), expected);
    } finally {
      await emulator.close();
    }
  });
});
