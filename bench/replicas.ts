// Throughput of 1 vs 3 `ccpulse daemon` replicas on one PostgreSQL (stream leases), for the same
// multi-day backfill of both vendors: with REDIS_URL (one token and one rate budget per OAuth client,
// shared by all replicas: the vendor's per-client limit is the bottleneck) and without (each replica
// has its own token and budget, as with one OAuth client per replica).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { startEmulator } from '../src/emulator/index.js';

const PG_URL = process.env.CCPULSE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.CCPULSE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const MAIN = new URL('../src/cli/main.ts', import.meta.url).pathname;
const TSX = import.meta.resolve('tsx');

export interface ReplicaRun {
  replicas: number;
  sharedBudget: boolean;
  seconds: number;
  apiRequests: number;
  tokenRequests: number;
  rateLimited: number;
}

export async function measureReplicas(options: { days?: number; conversationsPerDay?: number } = {}) {
  const admin = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  const redis = new Redis(REDIS_URL, { lazyConnect: true, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await admin.connect();
    await redis.connect();
  } catch {
    await admin.end().catch(() => undefined);
    redis.disconnect();
    return { skipped: 'skipped: no PostgreSQL or no Redis at 127.0.0.1' };
  }
  const now = Date.now();
  // The emulator on the real clock: its per-token rate-limit windows roll over as the vendor's do.
  const emulator = await startEmulator({ seed: 51, conversationsPerDay: options.conversationsPerDay ?? 8000 });
  const from = new Date(Math.floor((now - (options.days ?? 2) * 86_400_000) / 3600_000) * 3600_000).toISOString();
  const runs: ReplicaRun[] = [];
  try {
    for (const sharedBudget of [true, false]) {
      for (const replicas of [1, 3]) {
        const schema = `bench_replicas_${randomBytes(4).toString('hex')}`;
        await admin.query(`CREATE SCHEMA ${schema}`);
        const prefix = `ccpulse-bench:${schema}:`;
        const stats = emulator.context.stats;
        const [api0, tok0] = [stats.apiRequests.length, stats.tokenRequests.length];
        const started = performance.now();
        const children = Array.from({ length: replicas }, () =>
          startDaemon(emulator.env(), schema, from, sharedBudget, prefix),
        );
        await waitForFirstCycle(admin, schema);
        const seconds = (performance.now() - started) / 1000;
        for (const child of children) child.kill('SIGTERM');
        await Promise.all(children.map((c) => new Promise((r) => c.once('close', r))));
        const api = stats.apiRequests.slice(api0);
        runs.push({
          replicas,
          sharedBudget,
          seconds: Number(seconds.toFixed(1)),
          apiRequests: api.length,
          tokenRequests: stats.tokenRequests.slice(tok0).filter((r) => r.ok).length,
          rateLimited: api.filter((r) => r.status === 429).length,
        });
        await admin.query(`DROP SCHEMA ${schema} CASCADE`);
        const left = await redis.keys(`${prefix}*`);
        if (left.length > 0) await redis.del(...left);
      }
    }
  } finally {
    await emulator.close();
    await admin.end();
    redis.disconnect();
  }
  const time = (shared: boolean, n: number) =>
    runs.find((r) => r.sharedBudget === shared && r.replicas === n)?.seconds ?? 0;
  return {
    days: options.days ?? 2,
    conversationsPerDay: options.conversationsPerDay ?? 8000,
    runs,
    speedup3vs1SharedBudget: Number((time(true, 1) / time(true, 3)).toFixed(2)),
    speedup3vs1BudgetPerReplica: Number((time(false, 1) / time(false, 3)).toFixed(2)),
  };
}

function startDaemon(
  env: Record<string, string>,
  schema: string,
  from: string,
  shared: boolean,
  prefix: string,
): ChildProcess {
  return spawn(process.execPath, ['--import', TSX, MAIN, 'daemon', '--from', from, '--metrics-port', '0'], {
    stdio: 'ignore',
    env: {
      PATH: process.env.PATH ?? '',
      ...env,
      DATABASE_URL: `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
      ...(shared ? { REDIS_URL, CCPULSE_REDIS_PREFIX: prefix, CCPULSE_TOKEN_KEY: 'b4'.repeat(32) } : {}),
      CCPULSE_LOG_LEVEL: 'silent',
    },
  });
}

/** Every stream has completed a run when each is next due more than a minute from now. */
async function waitForFirstCycle(admin: pg.Client, schema: string): Promise<void> {
  for (;;) {
    const { rows } = await admin
      .query(
        `SELECT count(*) FILTER (WHERE holder IS NULL AND next_run_at > $1)::int AS done, count(*)::int AS total
           FROM ${schema}.ccpulse_stream_leases`,
        [Date.now() + 60_000],
      )
      .catch(() => ({ rows: [{ done: 0, total: 0 }] }));
    if (rows[0].total > 0 && rows[0].done === rows[0].total) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await measureReplicas(), null, 2));
