import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { test } from 'node:test';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { REDIS_URL, TOKEN_KEY_HEX, withRedis } from './redis-support.js';
import type { ReplicaJob, ReplicaReport } from './replica-worker.js';
import { createScaledClock } from './scaled-clock.js';

const WORKER = new URL('./replica-worker.ts', import.meta.url).pathname;
const TSX = import.meta.resolve('tsx');

// 20x time: a 300 s token lives 15 s, an emulator minute lasts 3 s. At 120/min (lowered from 300)
// the shared window lets 120 requests through per emulated minute, 40 a second of real time. The
// window spends its budget at once, so 1,620 requests take at least 13 full windows after the first
// (780 s = 2.6 token lifetimes). Each
// request holds its place in the window until its answer is in, so scheduling delays (counted 20
// times over) slow the run down but never let a window hold more than the limit.
const SPEED = 20;
const TOKEN_LIFE_S = 300;
const PER_MINUTE = 120;
const REPLICAS = 3;
const REQUESTS_EACH = 540;

interface Replica {
  child: ChildProcessWithoutNullStreams;
  ready: Promise<void>;
  done: Promise<ReplicaReport>;
}

function startReplica(job: ReplicaJob): Replica {
  const child = spawn(process.execPath, ['--import', TSX, WORKER], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', CCPULSE_REPLICA_JOB: JSON.stringify(job) },
  });
  let stdout = '';
  let stderr = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  child.stdout.on('data', (d: Buffer) => {
    stdout += d;
    if (stdout.startsWith('ready\n')) markReady();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d;
  });
  const done = new Promise<ReplicaReport>((resolve, reject) =>
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as ReplicaReport);
      else reject(new Error(`replica exited with ${code}: ${stderr.slice(-2000)}`));
    }),
  );
  return { child, ready, done };
}

test(`${REPLICAS} replica processes on one Redis: one token request per token lifetime, never over the per-client limit`, async (t) => {
  await withRedis(t, async (redis) => {
    const originMs = Date.now();
    const clock = createScaledClock(originMs, SPEED);
    let emulator: RunningEmulator | undefined;
    const replicas: Replica[] = [];
    try {
      emulator = await startEmulator({
        seed: 9,
        clock,
        tokenLifetimeSeconds: { genesys: TOKEN_LIFE_S },
        rateLimits: { clientPerMinute: PER_MINUTE },
      });
      const job: ReplicaJob = {
        env: { ...emulator.env(), REDIS_URL, CCPULSE_TOKEN_KEY: TOKEN_KEY_HEX },
        prefix: redis.prefix,
        clock: { originMs, speed: SPEED },
        perMinute: PER_MINUTE,
        requests: REQUESTS_EACH,
        concurrency: 4,
      };
      for (let i = 0; i < REPLICAS; i++) replicas.push(startReplica(job));
      await Promise.all(replicas.map((r) => r.ready));
      const started = clock.now();
      for (const r of replicas) r.child.stdin.write('go\n');
      const reports = await Promise.all(replicas.map((r) => r.done));
      const ended = clock.now();

      const stats = emulator.context.stats;
      const api = stats.apiRequests.filter((r) => r.at >= started);
      const tokenRequests = stats.tokenRequests.filter((r) => r.vendor === 'genesys');

      // Every request went through, none bounced off the limit.
      assert.deepEqual(
        reports.flatMap((r) => r.failures),
        [],
      );
      const byStatus = new Map<number, number>();
      for (const r of api) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
      const statuses = [...byStatus].map(([status, n]) => `${status}: ${n}`);
      assert.equal(byStatus.get(200), REPLICAS * REQUESTS_EACH, `requests by status: ${statuses.join(', ')}`);
      // At 20x, a replica stalled ~3 s by a loaded machine can send a token that expires on the way:
      // the emulator answers 401 and the client re-authenticates once. Anything else is a failure.
      assert.deepEqual(
        [...byStatus.keys()].filter((s) => s !== 200 && s !== 401),
        [],
        `requests by status: ${statuses.join(', ')}`,
      );
      assert.equal(api.filter((r) => r.status === 429).length, 0, 'unplanned 429s');
      assert.equal(
        reports.reduce((n, r) => n + r.rateLimited, 0),
        0,
      );

      // One token request per lifetime, across all replicas: consecutive requests are never closer
      // than the earliest refresh point (300 s - 60 s margin x 1.25 jitter = 225 s) and never later
      // than expiry, and the run lasted several lifetimes.
      assert.ok(tokenRequests.every((r) => r.ok));
      assert.equal(
        reports.reduce((n, r) => n + r.tokenRequests, 0),
        tokenRequests.length,
      );
      const lifetimes = (ended - started) / (TOKEN_LIFE_S * 1000);
      assert.ok(lifetimes >= 2.5, `the run lasted ${lifetimes.toFixed(1)} token lifetimes`);
      const gaps = tokenRequests.slice(1).map((r, i) => r.at - tokenRequests[i]!.at);
      for (const gap of gaps) assert.ok(gap >= 225_000 && gap < TOKEN_LIFE_S * 1000, `token requests ${gap} ms apart`);
      assert.ok(tokenRequests.length >= Math.floor(lifetimes), `${tokenRequests.length} token requests`);

      const minutes = (ended - started) / 60_000;
      t.diagnostic(
        `${api.length} requests from ${REPLICAS} processes in ${minutes.toFixed(1)} emulated minutes ` +
          `(${(api.length / minutes).toFixed(1)}/min against a limit of ${PER_MINUTE}; per replica ` +
          `${reports.map((r) => r.requests).join('/')}); ${tokenRequests.length} token requests over ` +
          `${lifetimes.toFixed(1)} lifetimes, ${gaps.map((g) => `${Math.round(g / 1000)} s`).join(', ')} apart`,
      );
    } finally {
      for (const r of replicas) if (r.child.exitCode === null) r.child.kill('SIGKILL');
      await emulator?.close();
    }
  });
});
