// Issue #17, done means: with faults at 5 % and at 10 % of API answers, mixed (server errors, 429s,
// reset connections, malformed JSON, tokens revoked mid-run) and async jobs ending FAILED and
// EXPIRED, a `ccpulse sync --once` backfill (the real CLI, both vendors) equals a fault-free run row
// for row, checkpoints included. The range lies far in the emulator's past, so every record is final
// and runs at different moments read the same data.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setFaults } from '../../src/emulator/faults.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { dumpOf } from '../support/data-folder.js';
import { runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';
import { tickingClock } from './sync-fixture.js';

const DAY = 86_400_000;
// Dates follow the real one: the CLI reckons CXone's 30-day reach on the real clock, so a fixed range
// would be clamped (and its watermark move with the moment of each run) 30 days on. Whole days: the
// emulator stands at noon, nine and a half days after the range, as it did.
const TODAY = Math.floor(Date.now() / DAY) * DAY;
const RANGE = [TODAY - 13 * DAY, TODAY - 10 * DAY].map((ms) => new Date(ms).toISOString().replace('.000Z', 'Z'));
const JOBS = '/api/v2/analytics/conversations/details/jobs';

let emulator: RunningEmulator;
let clean: Awaited<ReturnType<typeof dumpOf>>;
let cleanJobs: number;

async function backfill(): Promise<{ dump: Awaited<ReturnType<typeof dumpOf>>; output: string }> {
  const dir = tempDir('ccpulse-fault-mix-');
  const run = runCli(['sync', '--once', '--from', RANGE[0] as string, '--until', RANGE[1] as string], {
    ...emulator.env(),
    CCPULSE_DATA_DIR: dir,
    CCPULSE_LOG_LEVEL: 'warn',
  });
  const { code } = await run.done;
  assert.equal(code, 0, run.output());
  return { dump: await dumpOf(dir), output: run.output() };
}

const jobSubmissions = (since: number) =>
  emulator.context.stats.apiRequests.slice(since).filter((r) => r.method === 'POST' && r.path === JOBS).length;

before(async () => {
  // Five times real time, so the emulator's async jobs finish while the CLI polls.
  emulator = await startEmulator({ seed: 31, clock: tickingClock(TODAY - DAY + 12 * 3600_000, 5) });
  const since = emulator.context.stats.apiRequests.length;
  clean = (await backfill()).dump;
  cleanJobs = jobSubmissions(since);
  assert.ok(clean.conversations.length > 3000 && cleanJobs >= 12, 'both vendors, three days, a job per 6-hour window');
});
after(() => emulator.close());

describe('a sync --once backfill under mixed faults equals the fault-free one', () => {
  for (const rate of [0.05, 0.1]) {
    test(`faults in ${rate * 100} % of answers, one job FAILED and one EXPIRED`, async (t) => {
      const each = rate / 5;
      setFaults(
        emulator.context,
        {
          serverErrorRate: each,
          rateLimitRate: each,
          resetRate: each,
          malformedRate: each,
          revokeRate: each,
          failNextJobs: 1,
          expireNextJobs: 1,
        },
        true,
      );
      const since = emulator.context.stats.apiRequests.length;
      let faulted: Awaited<ReturnType<typeof backfill>>;
      try {
        faulted = await backfill();
      } finally {
        setFaults(emulator.context, {}, true);
      }
      const answers = emulator.context.stats.apiRequests.slice(since);
      const count = (status: number) => answers.filter((r) => r.status === status).length;
      const injected = { '503': count(503), '429': count(429), reset: count(500), 'revoked 401': count(401) };
      const total = Object.values(injected).reduce((a, b) => a + b, 0);
      const jobs = jobSubmissions(since);
      t.diagnostic(
        `${answers.length} API answers, ${JSON.stringify(injected)} (+ malformed 200s, not visible in the status), ` +
          `${jobs} jobs submitted (clean run: ${cleanJobs}); ${faulted.dump.conversations.length} conversations`,
      );
      assert.ok(jobs >= cleanJobs + 2, 'the FAILED and the EXPIRED job were submitted again');
      assert.ok(total >= rate * answers.length * 0.4, `faults were injected (${total} of ${answers.length})`);
      // At 10 % every kind turns up in a run of this size; at 5 % one kind may miss a run by chance.
      if (rate >= 0.1) for (const [kind, n] of Object.entries(injected)) assert.ok(n > 0, `some ${kind} answers`);
      assert.deepEqual(faulted.dump, clean, 'every row and checkpoint equal to the fault-free run');
    });
  }
});
