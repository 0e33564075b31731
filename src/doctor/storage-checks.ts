// The checks every vendor shares: the PostgreSQL database (DATABASE_URL) answers within a short
// deadline, holds a schema this ccpulse knows (a newer one is what the store would refuse) and lets
// its role create and write ccpulse's tables; Redis (REDIS_URL) answers PING and takes a write under
// ccpulse's key prefix. Unset is a skip: SQLite and per-process state are the defaults.
// A URL is shown without its password (PostgreSQL) or user-info (Redis), and so is every error text.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Redis } from 'ioredis';
import { ConfigError, type EnvMap, parseConfig, readConfigSources } from '../config/index.js';
import { closeRedis, createRuntime, openRedis, type Runtime, SharedTokenKeyMissingError } from '../connect/index.js';
import type { Clock } from '../core/index.js';
import { CcpulseError, describeError, redactUrlCredentials } from '../core/index.js';
import {
  describeDatabaseUrl,
  inspectPostgres,
  LATEST_VERSION,
  type PostgresInspection,
  SchemaTooNewError,
  SQLITE_FILE,
} from '../store/index.js';
import { type CheckResult, failed, passed, skipped } from './check-result.js';

/** How long connecting to PostgreSQL may take before the doctor calls it a failure (Redis: its opener's 5 s). */
const DATABASE_TIMEOUT_MS = 5_000;

interface StorageInput {
  /** `--env`; `.env` in cwd when undefined. */
  envFile: string | undefined;
  cwd: string;
  env: EnvMap;
  clock?: Clock;
}

export interface StorageReport {
  ok: boolean;
  checks: CheckResult[];
}

export async function runStorageDoctor(input: StorageInput): Promise<StorageReport> {
  const path = resolve(input.cwd, input.envFile ?? '.env');
  const { vars } = readConfigSources({ env: input.env, envFile: existsSync(path) ? path : false, cwd: input.cwd });
  const runtime = createRuntime({ clock: input.clock });
  const checks = [
    await withVariables(vars, ['DATABASE_URL', 'CCPULSE_DATA_DIR'], DATABASE, (config) =>
      config.databaseUrl === undefined
        ? skipped(
            DATABASE.id,
            DATABASE.title,
            `DATABASE_URL is not set: the data is kept in SQLite (${resolve(input.cwd, config.dataDir, SQLITE_FILE)})`,
          )
        : checkDatabase(config.databaseUrl, runtime),
    ),
    await withVariables(vars, ['REDIS_URL', 'CCPULSE_TOKEN_KEY', 'CCPULSE_REDIS_PREFIX'], REDIS, (config) =>
      config.redisUrl === undefined
        ? skipped(
            REDIS.id,
            REDIS.title,
            'REDIS_URL is not set: each process keeps its own tokens, rate budget and dashboard sessions',
          )
        : checkRedis(config.redisUrl, config.redisPrefix, config.tokenKey !== undefined, runtime),
    ),
  ];
  return { ok: checks.every((c) => c.status !== 'fail'), checks };
}

const DATABASE = { id: 'database', title: 'PostgreSQL' };
const REDIS = { id: 'redis', title: 'Redis' };

/** Parses just these variables (the config module's own rules and sentences), then runs the check. */
async function withVariables(
  vars: EnvMap,
  names: readonly string[],
  check: { id: string; title: string },
  run: (config: ReturnType<typeof parseConfig>) => CheckResult | Promise<CheckResult>,
): Promise<CheckResult> {
  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig(Object.fromEntries(names.map((n) => [n, vars[n]])));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return failed(check.id, check.title, error.problems.join('; '), 'Correct the variable as the sentence says.', {
      data: { problems: error.problems },
    });
  }
  return run(config);
}

async function checkDatabase(url: string, { clock }: Runtime): Promise<CheckResult> {
  const where = describeDatabaseUrl(url);
  const sentAt = clock.now();
  let inspection: PostgresInspection;
  try {
    inspection = await inspectPostgres(url, DATABASE_TIMEOUT_MS);
  } catch (error) {
    if (error instanceof SchemaTooNewError)
      return failed(DATABASE.id, DATABASE.title, error.message, error.hint, { data: { latestKnown: LATEST_VERSION } });
    const cause = error instanceof CcpulseError && error.cause !== undefined ? error.cause : error;
    return failed(DATABASE.id, DATABASE.title, `cannot open ${where} (${safeText(cause)})`, databaseFix(cause));
  }
  const { version, missingGrants } = inspection;
  const answered = `${where} answered in ${clock.now() - sentAt} ms`;
  if (version === undefined || missingGrants.length > 0)
    return failed(
      DATABASE.id,
      DATABASE.title,
      `${answered}, but its role may not ${
        version === undefined
          ? 'read ccpulse’s tables there'
          : version < LATEST_VERSION
            ? 'create ccpulse’s tables or write them there'
            : 'write ccpulse’s tables there'
      }`,
      `As the schema's owner or a superuser: ${missingGrants.join('; ')}.`,
      { evidence: missingGrants, data: { schemaVersion: version, missingGrants } },
    );
  const schema =
    version === 0
      ? `no ccpulse tables yet (the first sync creates schema version ${LATEST_VERSION})`
      : version < LATEST_VERSION
        ? `schema version ${version} of ${LATEST_VERSION} (the next sync migrates it)`
        : `schema version ${version}, this ccpulse's`;
  return passed(DATABASE.id, DATABASE.title, `${answered}; ${schema}`, { data: { schemaVersion: version } });
}

/** The fix for a database that did not answer, by PostgreSQL's error code when it did say why. */
function databaseFix(cause: unknown): string {
  switch ((cause as { code?: unknown }).code) {
    case '28P01':
    case '28000':
      return "PostgreSQL refused the sign-in: check the user and password in DATABASE_URL (postgres://user:password@host:5432/db) and the server's pg_hba.conf entry for this machine.";
    case '3D000':
      return 'The database does not exist: create it (createdb -h host -U user name) or correct its name in DATABASE_URL.';
    default:
      return 'Check the host and port in DATABASE_URL, that PostgreSQL is running and listening there (listen_addresses), and any firewall between this machine and it.';
  }
}

async function checkRedis(url: string, prefix: string, hasTokenKey: boolean, runtime: Runtime): Promise<CheckResult> {
  const { clock, logger, random } = runtime;
  const where = redactUrlCredentials(url);
  const sentAt = clock.now();
  let redis: Redis;
  try {
    redis = await openRedis(url, {
      logger,
      purpose: 'doctor',
      unavailable: (detail) => new Error(detail),
    });
  } catch (error) {
    const detail = safeText(error instanceof Error ? error.message : error);
    return failed(
      REDIS.id,
      REDIS.title,
      `${where} did not answer PING (${detail})`,
      /NOAUTH|WRONGPASS|invalid password/i.test(detail)
        ? 'Give the password Redis expects in REDIS_URL (redis://:password@host:6379, or redis://user:password@host:6379 for an ACL user).'
        : 'Check the host and port in REDIS_URL, that Redis is running and listening there (bind, protected-mode), and any firewall between this machine and it.',
    );
  }
  const answered = `${where} answered PING in ${clock.now() - sentAt} ms`;
  // Tokens, budgets, locks and sessions are all written under the prefix: one short-lived key proves it.
  const probe = `${prefix}doctor:${random().toString(36).slice(2, 10)}`;
  try {
    await redis.set(probe, '1', 'PX', 10_000);
    await redis.del(probe);
  } catch (error) {
    const detail = safeText(error instanceof Error ? error.message : error);
    return failed(
      REDIS.id,
      REDIS.title,
      `${answered}, but refused a write under the prefix '${prefix}' (${detail})`,
      /READONLY/.test(detail)
        ? 'REDIS_URL points at a read-only replica: point it at the primary.'
        : `Allow the Redis user to read and write keys matching ${prefix}* (ACL SETUSER <user> ~${prefix}* +@all), or set CCPULSE_REDIS_PREFIX to a prefix it may use.`,
    );
  } finally {
    await closeRedis(redis);
  }
  const wrote = `${answered}; wrote and removed a key under '${prefix}'`;
  if (!hasTokenKey)
    return failed(
      REDIS.id,
      REDIS.title,
      `${wrote}, but CCPULSE_TOKEN_KEY is not set: the daemon and serve refuse to share sealed tokens without it`,
      new SharedTokenKeyMissingError().hint,
    );
  return passed(REDIS.id, REDIS.title, wrote);
}

/** An error as one line with the user-info of any URL in it removed. */
const safeText = (error: unknown) => redactUrlCredentials(typeof error === 'string' ? error : describeError(error));
