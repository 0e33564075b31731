// PostgreSQL and Redis for a test file that runs `ccpulse daemon` processes against one emulator:
// schemas of the file's own (dropped after), a Redis key prefix of its own (only its keys deleted
// after), and every daemon it started killed after if still running, so a failed assertion never
// leaves one behind. Tests skip, visibly, when either service is absent.
import { randomBytes } from 'node:crypto';
import { after, before, type TestContext } from 'node:test';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createManualClock } from '../../src/core/index.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { openPostgresSink } from '../../src/store/index.js';
import { keysUnder, REDIS_URL, redisReachable } from '../scale/redis-support.js';
import { PG_URL, postgresReachable } from '../store/test-sinks.js';
import type { CliRun } from './run-cli.js';

interface DaemonServices {
  /** Unique to this file's run: part of every schema name and of the Redis prefix. */
  readonly tag: string;
  /** `ccpulse-test:<pid>:<tag>:`, every key a daemon of this file writes starts with it: the emulators of all tests issue the same seeded client ids, so token keys would otherwise meet. */
  readonly redisPrefix: string;
  /** Set by the `before` hook when both services answer. */
  readonly emulator: RunningEmulator;
  /** Daemons to kill after the file if they still run. */
  readonly started: CliRun[];
  /** Marks the test skipped, and says so, when PostgreSQL or Redis is absent. */
  skipWithout(t: TestContext): boolean;
  /** A Redis prefix of the schema's daemons alone, under `redisPrefix`. */
  redisPrefixOf(schema: string): string;
  /** Creates `<prefix>_<tag>` (dropped after the file) and returns its name. */
  newSchema(prefix: string): Promise<string>;
  /** The administrator's connection (for reading a schema's tables); set by the `before` hook. */
  readonly admin: pg.Client;
  /** Every row of the ccpulse tables in `schema`. */
  dumpOf(schema: string): ReturnType<Awaited<ReturnType<typeof openPostgresSink>>['dump']>;
}

export function daemonServices(emulator: { seed: number; now: number; conversationsPerDay: number }): DaemonServices {
  const tag = randomBytes(4).toString('hex');
  const schemas: string[] = [];
  let available = false;
  const services = {
    tag,
    redisPrefix: `ccpulse-test:${process.pid}:${tag}:`,
    started: [] as CliRun[],
    skipWithout(t: TestContext) {
      if (available) return false;
      t.skip(`skipped: needs PostgreSQL at ${PG_URL} and Redis at ${REDIS_URL}`);
      return true;
    },
    redisPrefixOf: (schema: string) => `${services.redisPrefix}${schemas.indexOf(schema)}:`,
    async newSchema(prefix: string) {
      const schema = `${prefix}_${tag}`;
      await services.admin.query(`CREATE SCHEMA ${schema}`);
      schemas.push(schema);
      return schema;
    },
    async dumpOf(schema: string) {
      const sink = await openPostgresSink({ url: PG_URL, schema });
      try {
        return await sink.dump();
      } finally {
        await sink.close();
      }
    },
  } as { -readonly [K in keyof DaemonServices]: DaemonServices[K] };

  before(async () => {
    available = (await postgresReachable()) && (await redisReachable());
    if (!available) return;
    services.emulator = await startEmulator({
      seed: emulator.seed,
      clock: createManualClock(emulator.now),
      conversationsPerDay: emulator.conversationsPerDay,
    });
    services.admin = new pg.Client({ connectionString: PG_URL });
    await services.admin.connect();
  });
  after(async () => {
    for (const run of services.started)
      if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
    if (!available) return;
    for (const schema of schemas) await services.admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await services.admin.end();
    const redis = new Redis(REDIS_URL);
    const left = await keysUnder(redis, services.redisPrefix);
    if (left.length > 0) await redis.del(...left);
    await redis.quit();
    await services.emulator.close();
  });
  return services;
}
