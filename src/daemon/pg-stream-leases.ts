// Stream leases in PostgreSQL for several daemon replicas: a replica claims a due stream with
// `FOR UPDATE SKIP LOCKED` (two replicas never get the same row), keeps the lease alive with
// heartbeats while it runs, and releases it with the next due time. A replica that dies stops
// heartbeating; its lease expires and another replica resumes the stream from its checkpoint.
import { hostname } from 'node:os';
import pg from 'pg';
import { CcpulseError } from '../core/index.js';
import type { StreamScheduler } from './stream-scheduler.js';

interface PgLeaseOptions {
  url: string;
  /** Tables live in this schema (tests); default: the connection's search_path. */
  schema?: string;
  /** How long a lease lasts without a heartbeat (default 60 s). */
  leaseMs?: number;
  /** Names this replica in the lease table (default host:pid:random). */
  holder?: string;
}

class LeaseStoreError extends CcpulseError {
  constructor(action: string, cause: unknown) {
    super(
      'LEASES_UNAVAILABLE',
      `cannot ${action} stream leases in PostgreSQL: ${cause instanceof Error ? cause.message : String(cause)}`,
      'Check DATABASE_URL and that the database is up; replicas coordinate through it and pause until it answers.',
    );
  }
}

const DEFAULT_LEASE_MS = 60_000;

interface PgStreamLeases extends StreamScheduler {
  holder: string;
  /** Resolves when PostgreSQL answers (the daemon's /healthz asks). */
  ping(): Promise<void>;
}

export async function openPgStreamLeases(options: PgLeaseOptions): Promise<PgStreamLeases> {
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const holder = options.holder ?? `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  if (options.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(options.schema))
    throw new LeaseStoreError('use', new Error(`schema "${options.schema}" is not a plain lower-case name`));
  const table = options.schema ? `"${options.schema}".ccpulse_stream_leases` : 'ccpulse_stream_leases';
  // Deadlines on connecting and on each query: a database that silently stops answering (a dropped
  // network path) must fail a claim within seconds, not hold the worker and its shutdown forever.
  const pool = new pg.Pool({
    connectionString: options.url,
    max: 2,
    connectionTimeoutMillis: 5000,
    query_timeout: 10_000,
    keepAlive: true,
  });
  pool.on('error', () => undefined); // an idle client's error surfaces on the next query instead
  const query = async (action: string, sql: string, params: unknown[]) => {
    try {
      return await pool.query(sql, params);
    } catch (error) {
      throw new LeaseStoreError(action, error);
    }
  };
  await createLeaseTable(pool, table).catch((error: unknown) => {
    throw new LeaseStoreError('create', error);
  });

  return {
    holder,
    async register(streams, dueAt) {
      await query(
        'register',
        `INSERT INTO ${table} (stream, next_run_at) SELECT unnest($1::text[]), $2 ON CONFLICT (stream) DO NOTHING`,
        [streams, dueAt],
      );
    },
    async claim(streams, now) {
      const { rows } = await query(
        'claim',
        `UPDATE ${table} SET holder = $1, lease_until = $2
          WHERE stream = (
            SELECT stream FROM ${table}
             WHERE stream = ANY($3::text[]) AND next_run_at <= $4 AND (holder IS NULL OR lease_until < $4)
             ORDER BY next_run_at
             LIMIT 1
             FOR UPDATE SKIP LOCKED)
          RETURNING stream`,
        [holder, now + leaseMs, streams, now],
      );
      return rows[0]?.stream as string | undefined;
    },
    async renew(stream, now) {
      const { rowCount } = await query(
        'renew',
        `UPDATE ${table} SET lease_until = $1 WHERE stream = $2 AND holder = $3`,
        [now + leaseMs, stream, holder],
      );
      return rowCount === 1;
    },
    async release(stream, nextRunAt) {
      await query(
        'release',
        `UPDATE ${table} SET holder = NULL, lease_until = 0, next_run_at = $1 WHERE stream = $2 AND holder = $3`,
        [nextRunAt, stream, holder],
      );
    },
    async nextWake(streams, now) {
      const { rows } = await query(
        'read',
        `SELECT min(CASE WHEN holder IS NOT NULL AND lease_until >= $2 THEN lease_until ELSE next_run_at END) AS wake
           FROM ${table} WHERE stream = ANY($1::text[])`,
        [streams, now],
      );
      const wake = rows[0]?.wake;
      return wake === null || wake === undefined ? now + leaseMs : Number(wake);
    },
    async ping() {
      await pool.query('SELECT 1');
    },
    close: () => pool.end(),
  };
}

/**
 * Replicas starting together would race in CREATE TABLE IF NOT EXISTS (PostgreSQL then fails one of
 * them on its catalog's unique index), so the creation runs under a transaction-scoped advisory lock.
 */
async function createLeaseTable(pool: pg.Pool, table: string): Promise<void> {
  const client = await pool.connect();
  client.on('error', () => undefined); // a connection lost mid-transaction: the query rejects too
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('ccpulse.leases.' || $1))`, [table]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${table} (
         stream text PRIMARY KEY,
         next_run_at bigint NOT NULL,
         holder text,
         lease_until bigint NOT NULL DEFAULT 0
       )`,
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
