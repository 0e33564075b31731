// PostgreSQL sink (DATABASE_URL): one pooled connection per batch, BEGIN..COMMIT around rows and
// checkpoint, each table's rows COPY'd into a staging table and upserted from it in one statement.
import pg from 'pg';
import { type Clock, type Logger, silentLogger, systemClock } from '../core/index.js';
import type { QueueInterval } from '../model/index.js';
import { CREATE_MIGRATIONS_TABLE, LATEST_VERSION, MIGRATIONS, MIGRATIONS_TABLE, statementsFor } from './migrations.js';
import { copyInsert, copyUpsert, copyUpsertTellingStored, createStagingTables } from './postgres-copy.js';
import { batchConversationRows, type ConversationRows, type Row, toQueueInterval, upsertRows } from './record-rows.js';
import { buildSelect, normalizeRow, type RowQuery } from './row-query.js';
import { migrated, refuseNewerSchema } from './schema-version.js';
import type { AppliedMigration, Batch, BatchResult, Dump, Json, QueueIntervalQuery, Sink } from './sink.js';
import {
  committedBefore,
  describeDatabaseUrl,
  isPostgresDenied,
  MigrationError,
  StoreConnectError,
  StorePermissionError,
  StoreWriteError,
} from './store-errors.js';
import {
  type Cell,
  compareByKey,
  normalizeCell,
  type StoredTableName,
  TABLE_NAMES,
  TABLES,
  type TableName,
} from './tables.js';

interface PostgresSinkOptions {
  /** `postgres://user[:password]@host:port/db`; never logged as given. */
  url: string;
  /** Tables live in this schema (created if missing); the server's default search_path otherwise. */
  schema?: string | undefined;
  clock?: Clock;
  logger?: Logger;
  /** How long connecting (TCP, TLS, sign-in) may take before the batch fails. */
  connectTimeoutMs?: number;
}

const INT8_OID = 20;
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

// BIGINT arrives as a string by default; our values (epoch ms, sums of ms) fit a double exactly.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

class PostgresSink implements Sink {
  readonly kind = 'postgres';
  readonly #pool: pg.Pool;
  readonly #clock: Clock;
  readonly #schema: string | undefined;
  readonly #where: string;
  /** Connections whose staging tables exist (a failed transaction discards its connection). */
  readonly #staged = new WeakSet<pg.PoolClient>();

  constructor(options: PostgresSinkOptions) {
    if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
      throw new StoreConnectError(`schema "${options.schema}" (use lower-case letters, digits and _)`);
    }
    this.#clock = options.clock ?? systemClock;
    this.#schema = options.schema;
    this.#where = describeDatabaseUrl(options.url);
    this.#pool = new pg.Pool({
      connectionString: options.url,
      types,
      // A database that silently stops answering fails a batch within seconds instead of holding the
      // stream (and the daemon's shutdown) until the kernel gives up on the socket.
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      keepAlive: true,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    const logger = options.logger ?? silentLogger;
    // An idle connection dropped by the server must not crash the process; the next query reconnects.
    this.#pool.on('error', (error) => logger.warn({ err: error.message }, 'postgres connection lost'));
  }

  async #connect(): Promise<pg.PoolClient> {
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (cause) {
      throw new StoreConnectError(this.#where, { cause });
    }
    // The pool listens only to idle clients: a connection lost mid-transaction emits 'error' on the
    // checked-out client, which would crash the process. Its query rejects as well; that is the report.
    if (client.listenerCount('error') === 0) client.on('error', () => undefined);
    return client;
  }

  /** PostgreSQL's refusal of what this role may not do, as the error that says so; others as they are. */
  #refusal(error: unknown): unknown {
    return isPostgresDenied(error) ? new StorePermissionError(this.#where, error) : error;
  }

  /** A query outside a transaction (reads). */
  async #query(sql: string, params: unknown[]): Promise<pg.QueryResult> {
    try {
      return await this.#pool.query(sql, params);
    } catch (error) {
      throw this.#refusal(error);
    }
  }

  async #transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.#connect();
    let failed = false;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      failed = true;
      await client.query('ROLLBACK').catch(() => undefined);
      throw this.#refusal(error);
    } finally {
      // After a failure the connection may be the broken one: discard it rather than hand it out again.
      client.release(failed);
    }
  }

  async migrate(): Promise<number[]> {
    const schema = this.#schema;
    if (schema) {
      // Under a lock: replicas creating the same schema at once would fail on the catalog's unique index.
      await this.#transaction(async (client) => {
        await client.query(`SELECT pg_advisory_xact_lock(hashtext('ccpulse.schema.' || $1))`, [schema]);
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      });
    }
    const recorded = await this.appliedMigrations();
    refuseNewerSchema(this.#where, recorded);
    // Only what is due takes the lock and its CREATE statements: a role that may write the tables but
    // not create in the schema (the owner migrates, the app writes) opens an up-to-date database.
    const due = MIGRATIONS.filter((m) => !recorded.some((r) => r.version === m.version));
    const applied: number[] = [];
    for (const m of due) {
      try {
        const done = await this.#transaction(async (client) => {
          // Replicas starting together: the lock makes one apply and the others see it recorded.
          await client.query(`SELECT pg_advisory_xact_lock(hashtext('ccpulse.migrate.' || current_schema()))`);
          await client.query(CREATE_MIGRATIONS_TABLE);
          const seen = await client.query(`SELECT 1 FROM ${MIGRATIONS_TABLE} WHERE version = $1`, [m.version]);
          if (seen.rowCount) return false;
          for (const sql of statementsFor(m, 'postgres')) await client.query(sql);
          await client.query(`INSERT INTO ${MIGRATIONS_TABLE} (version, name, applied_at_ms) VALUES ($1, $2, $3)`, [
            m.version,
            m.name,
            this.#clock.now(),
          ]);
          return true;
        });
        if (done) applied.push(m.version);
      } catch (cause) {
        if (cause instanceof StoreConnectError || cause instanceof StorePermissionError) throw cause;
        throw new MigrationError(m.version, m.name, { cause });
      }
    }
    return applied;
  }

  async appliedMigrations(): Promise<AppliedMigration[]> {
    const client = await this.#connect();
    try {
      const exists = await client.query(`SELECT to_regclass('${MIGRATIONS_TABLE}') AS t`);
      if (exists.rows[0]?.t === null) return [];
      const result = await client.query(`SELECT version, name FROM ${MIGRATIONS_TABLE} ORDER BY version`);
      return result.rows.map((r: { version: number; name: string }) => ({ version: r.version, name: r.name }));
    } catch (error) {
      throw this.#refusal(error);
    } finally {
      client.release();
    }
  }

  /** See inspectPostgres: the GRANT statements this role would need, names quoted as PostgreSQL does. */
  async missingGrants(needsCreate: boolean): Promise<string[]> {
    const client = await this.#connect();
    try {
      const { rows } = await client.query(
        `SELECT quote_ident(current_user) AS role, quote_ident(current_database()) AS db,
                quote_ident(current_schema()) AS schema,
                (SELECT quote_ident(n.nspname)
                   FROM unnest(string_to_array(current_setting('search_path'), ',')) WITH ORDINALITY AS p(name, i)
                   JOIN pg_namespace n ON n.nspname = replace(replace(trim(p.name), '"$user"', current_user), '"', '')
                  ORDER BY p.i LIMIT 1) AS first_existing,
                current_schema() IS NOT NULL AND has_schema_privilege(current_schema(), 'CREATE') AS can_create,
                has_database_privilege(current_database(), 'TEMPORARY') AS can_temp,
                (SELECT coalesce(array_agg(quote_ident(c.relname) ORDER BY c.relname), '{}')
                   FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                  WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname = ANY($1::text[])
                    AND NOT (has_table_privilege(c.oid, 'SELECT') AND has_table_privilege(c.oid, 'INSERT')
                         AND has_table_privilege(c.oid, 'UPDATE') AND has_table_privilege(c.oid, 'DELETE'))) AS denied,
                (SELECT NOT (has_table_privilege(c.oid, 'SELECT') AND has_table_privilege(c.oid, 'INSERT'))
                   FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                  WHERE n.nspname = current_schema() AND c.relname = $2) AS migrations_denied`,
        // A privilege list in has_table_privilege is true when any one is held: each is asked alone.
        [Object.keys(TABLES), MIGRATIONS_TABLE],
      );
      const r = rows[0] as {
        role: string;
        db: string;
        schema: string | null;
        first_existing: string | null;
        can_create: boolean;
        can_temp: boolean;
        denied: string[];
        migrations_denied: boolean | null;
      };
      // No schema of the search_path is usable (USAGE): ccpulse could neither create nor find a table.
      // The fix names the schema PostgreSQL would then use: the path's first one that exists.
      const schema = r.schema ?? r.first_existing ?? 'public';
      const missing: string[] = [];
      if (r.schema === null) missing.push(`GRANT USAGE, CREATE ON SCHEMA ${schema} TO ${r.role}`);
      else if (needsCreate && !r.can_create) missing.push(`GRANT CREATE ON SCHEMA ${schema} TO ${r.role}`);
      if (!r.can_temp) missing.push(`GRANT TEMPORARY ON DATABASE ${r.db} TO ${r.role}`);
      if (r.migrations_denied) missing.push(`GRANT SELECT, INSERT ON ${schema}.${MIGRATIONS_TABLE} TO ${r.role}`);
      if (r.denied.length > 0)
        missing.push(
          `GRANT SELECT, INSERT, UPDATE, DELETE ON ${r.denied.map((t) => `${schema}.${t}`).join(', ')} TO ${r.role}`,
        );
      return missing;
    } finally {
      client.release();
    }
  }

  /** Staging tables for this connection, created with its first upsert. */
  async #staging(client: pg.PoolClient) {
    if (this.#staged.has(client)) return;
    await createStagingTables(client);
    this.#staged.add(client);
  }

  /** Writes `fresh` rows (keys not stored: plain COPY) and upserts `rows` (through staging). */
  async #upsert(client: pg.PoolClient, table: StoredTableName, rows: Row[], now: number, fresh: Row[] = []) {
    try {
      await copyInsert(client, table, fresh, now);
      if (rows.length === 0) return;
      await this.#staging(client);
      await copyUpsert(client, table, rows, now);
    } catch (cause) {
      throw new StoreWriteError(table, { cause });
    }
  }

  /** Upserts the batch's conversations; returns the keys (keyOf) of those that were stored before. */
  async #upsertConversations(client: pg.PoolClient, c: ConversationRows, now: number): Promise<Set<string>> {
    try {
      await this.#staging(client);
      return new Set((await copyUpsertTellingStored(client, 'conversations', c.conversations, now)).map(keyOf));
    } catch (cause) {
      throw new StoreWriteError('conversations', { cause });
    }
  }

  /** A batch `after` another runs on a connection of its own while that one is written (see Batch). */
  async writeBatch(batch: Batch): Promise<BatchResult> {
    const before = committedBefore(batch.after);
    const now = this.#clock.now();
    return this.#transaction(async (client) => {
      const result: BatchResult = {};
      const count = (table: StoredTableName, n: number) => {
        if (n > 0) result[table] = n;
      };
      const c = batchConversationRows(batch);
      if (c) {
        // A conversation not stored yet has no children to conflict with: they are COPY'd straight in
        // (a backfill's are nearly all). A stored one's children are upserted by position (an
        // unchanged row keeps its stamp), then those past its new record (it shrank) go.
        const stored = await this.#upsertConversations(client, c, now);
        for (const table of ['participants', 'segments'] as const) {
          const [again, fresh] = splitByConversation(c[table], stored);
          await this.#upsert(client, table, again, now, fresh);
        }
        await trimChildren(client, c, stored);
        count('conversations', c.conversations.length);
        count('participants', c.participants.length);
        count('segments', c.segments.length);
      }
      for (const [table, rows] of upsertRows(batch)) {
        await this.#upsert(client, table, rows, now);
        count(table, rows.length);
      }
      await before();
      if (batch.checkpoint) {
        const { stream, value } = batch.checkpoint;
        await this.#upsert(client, 'checkpoints', [[stream, JSON.stringify(value)]], now);
        count('checkpoints', 1);
      }
      return result;
    });
  }

  async readCheckpoint(stream: string): Promise<Json | undefined> {
    const result = await this.#query('SELECT value FROM checkpoints WHERE stream = $1', [stream]);
    const row = result.rows[0] as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as Json) : undefined;
  }

  async queueIntervals(q: QueueIntervalQuery): Promise<QueueInterval[]> {
    if (q.queueIds?.length === 0) return [];
    const params: unknown[] = [q.vendor, q.org, q.to, q.from];
    let sql =
      'SELECT * FROM queue_intervals WHERE vendor = $1 AND org = $2 AND interval_start_ms < $3 AND interval_end_ms > $4';
    if (q.queueIds) {
      sql += ' AND queue_id = ANY($5::text[])';
      params.push(q.queueIds);
    }
    return (await this.#read('queue_intervals', sql, params)).map(toQueueInterval);
  }

  async *rows(query: RowQuery, pageSize = 1000): AsyncIterable<Record<string, Cell>[]> {
    const { sql, params, relation } = buildSelect(query, (n) => `$${n}`);
    const client = await this.#connect();
    let open = false;
    try {
      // A server-side cursor: the server holds the result, we fetch a page at a time.
      await client.query('BEGIN READ ONLY');
      open = true;
      await client.query(`DECLARE ccpulse_rows NO SCROLL CURSOR FOR ${sql}`, params);
      for (;;) {
        const result = await client.query(`FETCH FORWARD ${Math.max(1, Math.floor(pageSize))} FROM ccpulse_rows`);
        if (result.rows.length === 0) break;
        yield (result.rows as Record<string, unknown>[]).map((raw) => normalizeRow(relation, raw));
      }
      await client.query('COMMIT');
      open = false;
    } catch (error) {
      throw this.#refusal(error);
    } finally {
      // Also when the reader stops early: the cursor and its transaction go with the rollback.
      if (open) await client.query('ROLLBACK').catch(() => undefined);
      client.release();
    }
  }

  async counts(): Promise<Record<TableName, number>> {
    const out = {} as Record<TableName, number>;
    for (const table of TABLE_NAMES) {
      const result = await this.#query(`SELECT COUNT(*) AS n FROM ${table}`, []);
      out[table] = Number(result.rows[0].n);
    }
    return out;
  }

  async dump(): Promise<Dump> {
    const out = {} as Dump;
    for (const table of TABLE_NAMES) out[table] = await this.#read(table, `SELECT * FROM ${table}`, []);
    return out;
  }

  async #read(table: TableName, sql: string, params: unknown[]): Promise<Record<string, Cell>[]> {
    const spec = TABLES[table];
    const result = await this.#query(sql, params);
    return (result.rows as Record<string, unknown>[])
      .map((r) => Object.fromEntries(spec.columns.map(([name, kind]) => [name, normalizeCell(kind, r[name])])))
      .sort(compareByKey(spec));
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}

const MATCH = 't.vendor = k.vendor AND t.org = k.org AND t.conversation_id = k.id';
const keyOf = (cells: readonly Cell[]) => `${cells[0]}\u0000${cells[1]}\u0000${cells[2]}`;

/** Rows of stored conversations and rows of new ones (every conversation table starts vendor, org, id). */
function splitByConversation(rows: Row[], stored: ReadonlySet<string>): [Row[], Row[]] {
  if (stored.size === 0) return [[], rows];
  const again: Row[] = [];
  const fresh: Row[] = [];
  for (const row of rows) (stored.has(keyOf(row)) ? again : fresh).push(row);
  return [again, fresh];
}

/** Removes stored conversations' participants and segments past their new records. */
async function trimChildren(client: pg.PoolClient, c: ConversationRows, stored: ReadonlySet<string>): Promise<void> {
  const keys: (readonly string[])[] = [];
  const shapes: number[][] = [];
  c.keys.forEach((key, i) => {
    if (!stored.has(keyOf(key))) return;
    keys.push(key);
    shapes.push(c.shapes[i] ?? []);
  });
  if (keys.length === 0) return;
  const column = (i: number) => keys.map((k) => k[i]);
  await client.query(
    `DELETE FROM participants t USING unnest($1::text[], $2::text[], $3::text[], $4::bigint[]) AS k(vendor, org, id, n)
     WHERE ${MATCH} AND t.seq >= k.n`,
    [column(0), column(1), column(2), shapes.map((s) => s.length)],
  );
  // Each conversation's shape as an int[] literal (segments per participant): a participant past its
  // end has no bound (NULL, so 0) and loses every segment. One index-driven pass: the former
  // per-participant unnest made the planner sort the whole segments table for every batch.
  await client.query(
    `DELETE FROM segments t USING unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS k(vendor, org, id, shape)
     WHERE ${MATCH} AND t.seq >= coalesce((k.shape::int[])[(t.participant_seq + 1)::int], 0)`,
    [column(0), column(1), column(2), shapes.map((s) => `{${s.join(',')}}`)],
  );
}

/** What `ccpulse doctor` reads of a PostgreSQL database, without writing anything. */
export interface PostgresInspection {
  /** 0 when ccpulse has not created its tables there yet; undefined when the role may not read it. */
  version: number | undefined;
  /** The rights ccpulse's writes and migrations need that the signed-in role lacks, as GRANT statements. */
  missingGrants: string[];
}

/**
 * The schema version at `url` and the grants the role still needs: CREATE on the schema its tables go
 * in while a migration is due (PostgreSQL 15 no longer gives PUBLIC that right on `public`),
 * TEMPORARY on the database (writes upsert through temporary staging tables), and SELECT, INSERT,
 * UPDATE, DELETE on every ccpulse table there. Throws what opening the sink would: a
 * StoreConnectError when it cannot be reached in time, SchemaTooNewError for a newer ccpulse's schema.
 */
export async function inspectPostgres(url: string, connectTimeoutMs: number): Promise<PostgresInspection> {
  const sink = new PostgresSink({ url, connectTimeoutMs });
  try {
    const applied = await sink.appliedMigrations().catch(async (error: unknown) => {
      // The role may not read ccpulse's own record of its schema: the grants say what it lacks.
      if (!(error instanceof StorePermissionError)) throw error;
      return undefined;
    });
    if (applied === undefined) return { version: undefined, missingGrants: await sink.missingGrants(false) };
    refuseNewerSchema(describeDatabaseUrl(url), applied);
    const version = applied.reduce((v, m) => Math.max(v, m.version), 0);
    return { version, missingGrants: await sink.missingGrants(version < LATEST_VERSION) };
  } finally {
    await sink.close();
  }
}

/** Connects and applies pending migrations. */
export async function openPostgresSink(options: PostgresSinkOptions): Promise<PostgresSink> {
  return migrated(new PostgresSink(options));
}
