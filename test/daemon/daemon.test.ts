import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseConfig } from '../../src/config/index.js';
import { createManualClock, type ManualClock } from '../../src/core/index.js';
import {
  createDaemon,
  type Daemon,
  parseSchedule,
  ScheduleError,
  type StreamStatus,
  startHealthServer,
} from '../../src/daemon/index.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { openSqliteSink, type Sink } from '../../src/store/index.js';
import { freePort } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

const NOW = Date.UTC(2026, 10, 20, 12);
const emulatorClock = createManualClock(NOW);
let emulator: RunningEmulator;

before(async () => {
  emulator = await startEmulator({ seed: 21, clock: emulatorClock, conversationsPerDay: 300 });
});
after(() => emulator.close());

const tempDb = (): Promise<Sink> => openSqliteSink({ path: join(tempDir('ccpulse-daemon-'), 'ccpulse.db') });

/** A daemon over `env` on its own manual clock and temporary database, recording every stream run. */
async function recordingDaemon(env: Record<string, string> = emulator.env(), backfillHours = 12) {
  const clock = createManualClock(NOW);
  const sink = await tempDb();
  const runs: StreamStatus[] = [];
  const daemon = createDaemon({
    config: parseConfig(env),
    sink,
    clock,
    backfillFrom: NOW - backfillHours * 3600_000,
    onStreamRun: (s) => runs.push(s),
  });
  return { clock, sink, runs, daemon };
}

/**
 * Runs the daemon under a manual clock until `done` holds, jumping time to each wake-up — but only
 * when both org workers are asleep, so time never jumps while one of them has a request in flight.
 */
async function runUntil(
  daemon: Daemon,
  clock: ManualClock,
  done: () => boolean,
  beforeStop?: () => Promise<void>,
): Promise<void> {
  const stop = new AbortController();
  const running = daemon.run(stop.signal);
  const deadline = Date.now() + 60_000;
  while (!done()) {
    assert.ok(Date.now() < deadline, 'the daemon did not get there within 60 s of real time');
    await new Promise((r) => setTimeout(r, 2));
    const next = clock.nextDeadline();
    if (next !== undefined && clock.pending >= 2) await clock.advance(Math.max(0, next - clock.now()));
  }
  await beforeStop?.();
  stop.abort();
  await running;
}

describe('daemon', () => {
  test('runs each stream on its schedule, for every org at once', async () => {
    const { clock, sink, runs, daemon } = await recordingDaemon();
    await runUntil(daemon, clock, () => clock.now() >= NOW + 3600_000);
    const starts = (kind: string) =>
      runs.filter((r) => r.stream.endsWith(`:${kind}`)).map((r) => [r.stream, r.lastStartedAt ?? 0] as const);
    const expectEvery = (kind: string, minutes: number) => {
      const all = starts(kind);
      for (const stream of new Set(all.map(([s]) => s))) {
        const at = all.filter(([s]) => s === stream).map(([, t]) => t);
        // Never early; not much later either (time jumps while the other org's requests are in flight).
        for (let i = 1; i < at.length; i++) {
          const gap = (at[i] ?? 0) - (at[i - 1] ?? 0);
          assert.ok(gap >= minutes * 60_000, `${stream} started again after ${gap / 1000} s`);
        }
        const expected = Math.floor(60 / minutes) + 1;
        assert.ok(
          at.length >= expected - 2 && at.length <= expected,
          `${stream} ran ${at.length}x, expected ~${expected}`,
        );
      }
    };
    expectEvery('conversations', 5);
    expectEvery('contacts', 5);
    expectEvery('queue-intervals', 15);
    expectEvery('directory', 60);
    assert.ok(
      runs.every((r) => r.consecutiveFailures === 0),
      'no run failed',
    );
    assert.equal(daemon.health().status, 'stopping');
    const counts = await sink.counts();
    assert.ok(counts.conversations > 0 && counts.queue_intervals > 0, JSON.stringify(counts));
    await sink.close();
  });

  test('/healthz and /metrics report the streams, the API traffic, tokens and the budget', async () => {
    const { clock, sink, runs, daemon } = await recordingDaemon();
    const server = await startHealthServer(daemon, { host: '127.0.0.1', port: 0 });
    try {
      const starting = await fetch(`${server.url}/healthz`);
      assert.equal(starting.status, 200);
      assert.equal(((await starting.json()) as { status: string }).status, 'starting');

      const stop = new AbortController();
      const running = daemon.run(stop.signal);
      while (!daemon.health().firstCycleDone) {
        await new Promise((r) => setTimeout(r, 2));
        const next = clock.nextDeadline();
        if (next !== undefined && clock.pending >= 2 && !daemon.health().firstCycleDone)
          await clock.advance(Math.max(0, next - clock.now()));
      }
      const health = await fetch(`${server.url}/healthz`);
      assert.equal(health.status, 200);
      const body = (await health.json()) as { status: string; streams: StreamStatus[] };
      assert.equal(body.status, 'ok');
      for (const name of ['genesys:default:conversations', 'genesys:default:directory', 'cxone:default:contacts'])
        assert.ok(
          body.streams.some((s) => s.stream === name && s.lastRunAt !== undefined),
          name,
        );

      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      const value = (pattern: string) => {
        const line = metrics.split('\n').find((l) => l.startsWith(pattern));
        assert.ok(line, `no metric ${pattern} in:\n${metrics}`);
        return Number(line.slice(line.lastIndexOf(' ') + 1));
      };
      const written = runs
        .filter((r) => r.stream === 'genesys:default:conversations')
        .reduce((n, r) => n + (r.lastRows ?? 0), 0);
      assert.ok(written > 0);
      assert.equal(value('ccpulse_rows_synced_total{stream="genesys:default:conversations"}'), written);
      assert.equal(value('ccpulse_token_requests_total{vendor="genesys",org="default"}'), 1);
      assert.equal(value('ccpulse_token_requests_total{vendor="cxone",org="default"}'), 1);
      assert.ok(value('ccpulse_api_requests_total{vendor="genesys",org="default",status="200"}') >= 3);
      const budget = value('ccpulse_rate_budget_available{vendor="genesys",org="default"}');
      // The window's 300 less what this minute's requests used.
      const used = value('ccpulse_api_requests_total{vendor="genesys",org="default",status="200"}');
      assert.ok(budget < 300 && budget >= 300 - used - 10, `budget ${budget}`);
      const watermark = body.streams.find((s) => s.stream === 'genesys:default:conversations')?.watermark;
      assert.ok(watermark);
      assert.equal(
        value('ccpulse_stream_lag_seconds{stream="genesys:default:conversations"}'),
        (clock.now() - watermark) / 1000,
      );
      assert.match(metrics, /ccpulse_process_resident_memory_bytes \d+/);
      stop.abort();
      await running;
      const stopping = await fetch(`${server.url}/healthz`);
      assert.equal(stopping.status, 503, 'a stopping daemon takes itself out of rotation');
    } finally {
      await server.close();
      await sink.close();
    }
  });

  test('a failing org makes /healthz degraded and names it, while the other org keeps syncing', async () => {
    const { clock, sink, runs, daemon } = await recordingDaemon(
      { ...emulator.env(), CXONE_ACCESS_KEY_SECRET: 'not-the-right-secret' },
      6,
    );
    const server = await startHealthServer(daemon, { host: '127.0.0.1', port: 0 });
    let verdict: { status: number; body: { status: string; streams: StreamStatus[] } } | undefined;
    await runUntil(
      daemon,
      clock,
      () => runs.some((r) => r.stream === 'cxone:default:contacts' && r.consecutiveFailures >= 3),
      async () => {
        const response = await fetch(`${server.url}/healthz`);
        verdict = { status: response.status, body: (await response.json()) as never };
      },
    );
    await server.close();
    assert.equal(verdict?.status, 503);
    assert.equal(verdict?.body.status, 'degraded');
    // Stopped, so read the verdict the failures produced from the stream states.
    const cxone = runs.filter((r) => r.stream.startsWith('cxone:')).at(-1);
    assert.match(cxone?.lastError ?? '', /access key|secret|credentials/i);
    const genesysOk = runs.filter((r) => r.stream.startsWith('genesys:') && r.consecutiveFailures === 0);
    assert.ok(genesysOk.length >= 3, 'Genesys streams kept syncing');
    const failing = daemon
      .health()
      .streams.filter((s) => s.consecutiveFailures >= 3)
      .map((s) => s.stream);
    assert.ok(failing.includes('cxone:default:contacts'), failing.join());
    assert.ok(failing.every((s) => s.startsWith('cxone:')));
    // Backed off: 30 s, 60 s, 120 s between attempts rather than hammering a broken login.
    const attempts = runs.filter((r) => r.stream === 'cxone:default:contacts').map((r) => r.lastRunAt ?? 0);
    assert.ok((attempts[2] ?? 0) - (attempts[1] ?? 0) >= 60_000, attempts.join());
    await sink.close();
  });

  test('/healthz is 503 once a stream has not committed within its interval plus slack, naming the vendor that is down', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const { clock, sink, daemon } = await recordingDaemon(
      { ...emulator.env(), GENESYS_LOGIN_URL: dead, GENESYS_API_URL: dead },
      6,
    );
    const server = await startHealthServer(daemon, { host: '127.0.0.1', port: 0 });
    type Verdict = { status: number; body: { problems: string[]; dependencies: { name: string; up: boolean }[] } };
    const verdicts: { at: number; verdict: Verdict }[] = [];
    const read = async () => {
      const response = await fetch(`${server.url}/healthz`);
      verdicts.push({ at: clock.now(), verdict: { status: response.status, body: (await response.json()) as never } });
    };
    try {
      // Conversations run every 5 min: allowed 5 min + 5 min of slack without a commit.
      await runUntil(daemon, clock, () => clock.now() >= NOW + 9 * 60_000, read);
      await runUntil(daemon, clock, () => clock.now() >= NOW + 11 * 60_000, read);
    } finally {
      await server.close();
      await sink.close();
    }
    const [early, late] = verdicts.map((v) => v.verdict);
    // The vendor is named as down from its first failure on.
    assert.equal(early?.status, 503);
    assert.deepEqual(
      early?.body.dependencies.filter((d) => d.name.startsWith('vendor')).map((d) => [d.name, d.up]),
      [
        ['vendor genesys:default', false],
        ['vendor cxone:default', true],
      ],
    );
    assert.ok(!early?.body.problems.some((p) => /has not committed/.test(p)), early?.body.problems.join('\n'));
    assert.equal(late?.status, 503);
    assert.ok(
      late?.body.problems.some((p) =>
        /^stream genesys:default:conversations has not committed for \d+ s \(due every 300 s\)/.test(p),
      ),
      late?.body.problems.join('\n'),
    );
    assert.ok(!late?.body.problems.some((p) => p.includes('cxone')), 'CXone commits on time');
  });

  test('a schedule is kind=interval pairs; a bad one says how to write it', () => {
    const schedule = parseSchedule('conversations=2m, directory=1h,*=10m');
    assert.equal(schedule.get('conversations'), 120_000);
    assert.equal(schedule.get('directory'), 3_600_000);
    assert.equal(schedule.get('*'), 600_000);
    for (const bad of ['conversations', 'conversations=5', 'conversations=0s', 'a=1m=2m']) {
      assert.throws(
        () => parseSchedule(bad),
        (e: unknown) => e instanceof ScheduleError && /kind=interval/.test(e.hint),
      );
    }
  });
});
