// SQLite sink (the default, embedded): better-sqlite3 in WAL mode, one prepared statement per table,
// every batch in one IMMEDIATE transaction so rows and checkpoint commit together.
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { type Clock, ensurePrivateDir, ensurePrivateFile, narrowToOwner, systemClock } from '../core/index.js';
import type { QueueInterval } from '../model/index.js';
import { CREATE_MIGRATIONS_TABLE, MIGRATIONS, MIGRATIONS_TABLE, statementsFor } from './migrations.js';
import { batchConversationRows, type Row, toQueueInterval, upsertRows } from './record-rows.js';
import { buildSelect, normalizeRow, type RowQuery } from './row-query.js';
import { migrated, refuseNewerSchema } from './schema-version.js';
import type { AppliedMigration, Batch, BatchResult, Dump, Json, QueueIntervalQuery, Sink } from './sink.js';
import {
  committedBefore,
  MigrationError,
  StoreConnectError,
  StoreWriteError,
  sqliteOpenError,
} from './store-errors.js';
import {
  type Cell,
  compareByKey,
  normalizeCell,
  type StoredTableName,
  TABLE_NAMES,
  TABLES,
  type TableName,
  writtenColumns,
} from './tables.js';
import { columnList, onConflictUpdate } from './upsert-sql.js';

interface SqliteSinkOptions {
  /** Database file, e.g. `./data/ccpulse.db`; its folder is created. */
  path: string;
  clock?: Clock;
}

// SQLite cannot bind booleans.
const bindable = (v: Cell): Cell => (typeof v === 'boolean' ? Number(v) : v);

class SqliteSink implements Sink {
  readonly kind = 'sqlite';
  readonly #db: Database.Database;
  readonly #clock: Clock;
  readonly #where: string;
  #statements: Map<string, Database.Statement> | undefined;

  constructor(options: SqliteSinkOptions) {
    this.#clock = options.clock ?? systemClock;
    this.#where = options.path;
    try {
      // Callers' numbers live here: the folder 0700 and the database (its -wal and -shm take the
      // database file's mode) 0600 from the first byte.
      if (options.path !== ':memory:' && options.path !== '') {
        ensurePrivateDir(dirname(options.path));
        ensurePrivateFile(options.path);
        for (const suffix of ['-wal', '-shm']) narrowToOwner(`${options.path}${suffix}`);
      }
      this.#db = new Database(options.path);
      // WAL lets the dashboard read while the daemon writes; NORMAL keeps every commit across a
      // process crash (kill -9), losing at most the last commits only on power loss. Switching to
      // WAL is also the first read and write: a damaged or read-only file fails here, clearly.
      this.#db.pragma('journal_mode = WAL');
      this.#db.pragma('synchronous = NORMAL');
      this.#db.pragma('busy_timeout = 5000');
      // A batch of 1,000 conversations writes 500 to 1,000 pages to the WAL: at the default
      // threshold (1,000 pages) nearly every commit ran a checkpoint and its fsync. At 10,000 pages
      // (~40 MiB of WAL) a checkpoint comes every ten batches or so, with a tenth of the syncs.
      this.#db.pragma('wal_autocheckpoint = 10000');
    } catch (cause) {
      throw sqliteOpenError(options.path, cause);
    }
  }

  async migrate(): Promise<number[]> {
    let known: AppliedMigration[];
    try {
      known = await this.appliedMigrations();
    } catch (cause) {
      // The first read of the schema: a truncated file that still has a header fails here.
      throw sqliteOpenError(this.#where, cause);
    }
    refuseNewerSchema(this.#where, known);
    const applied: number[] = [];
    const isApplied = this.#db.prepare(`SELECT 1 FROM ${MIGRATIONS_TABLE} WHERE version = ?`);
    const record = this.#db.prepare(`INSERT INTO ${MIGRATIONS_TABLE} (version, name, applied_at_ms) VALUES (?, ?, ?)`);
    for (const m of MIGRATIONS) {
      // IMMEDIATE takes the write lock first, so two processes cannot both apply the same version.
      const apply = this.#db.transaction(() => {
        if (isApplied.get(m.version)) return false;
        for (const sql of statementsFor(m, 'sqlite')) this.#db.exec(sql);
        record.run(m.version, m.name, this.#clock.now());
        return true;
      });
      try {
        if (apply.immediate()) applied.push(m.version);
      } catch (cause) {
        const opened = sqliteOpenError(this.#where, cause);
        throw opened instanceof StoreConnectError ? new MigrationError(m.version, m.name, { cause }) : opened;
      }
    }
    this.#statements = undefined;
    return applied;
  }

  async appliedMigrations(): Promise<AppliedMigration[]> {
    this.#db.exec(CREATE_MIGRATIONS_TABLE);
    const rows = this.#db.prepare(`SELECT version, name FROM ${MIGRATIONS_TABLE} ORDER BY version`).all() as {
      version: number;
      name: string;
    }[];
    return rows.map((r) => ({ version: Number(r.version), name: r.name }));
  }

  #statement(key: string, sql: () => string): Database.Statement {
    this.#statements ??= new Map();
    let statement = this.#statements.get(key);
    if (!statement) {
      statement = this.#db.prepare(sql());
      this.#statements.set(key, statement);
    }
    return statement;
  }

  #upsert(table: StoredTableName): Database.Statement {
    const spec = TABLES[table];
    return this.#statement(
      `upsert:${table}`,
      () =>
        `INSERT INTO ${table} (${columnList(spec)}) VALUES (${writtenColumns(spec)
          .map(() => '?')
          .join(', ')}) ${onConflictUpdate(spec, 'sqlite')}`,
    );
  }

  async writeBatch(batch: Batch): Promise<BatchResult> {
    // This thread writes one batch at a time: the one before has committed or failed by now.
    await committedBefore(batch.after)();
    const result: BatchResult = {};
    const now = this.#clock.now();
    /** Upserts the rows; with `updated`, the indexes of those that were stored already go there. */
    const run = (table: StoredTableName, statement: Database.Statement, rows: Row[], updated?: number[]) => {
      const stamped = TABLES[table].stamped;
      // One array of bound values refilled for every row: hundreds of thousands of rows a minute
      // in a backfill, and a copy per row was the write path's largest allocation.
      const values: Cell[] = [];
      // An upsert that updates leaves the last inserted rowid where it was; one that inserts moves it
      // (a new rowid that happens to equal it only costs a trim that finds nothing).
      let rowid = updated ? (this.#lastRowid().get() as number | bigint) : 0;
      try {
        for (let r = 0; r < rows.length; r++) {
          const row = rows[r] as Row;
          for (let i = 0; i < row.length; i++) values[i] = bindable(row[i] ?? null);
          if (stamped) values[row.length] = now;
          const info = statement.run(values);
          if (updated && info.lastInsertRowid === rowid) updated.push(r);
          rowid = info.lastInsertRowid;
        }
      } catch (cause) {
        throw new StoreWriteError(table, { cause });
      }
      if (rows.length > 0) result[table] = (result[table] ?? 0) + rows.length;
    };
    const write = this.#db.transaction(() => {
      const c = batchConversationRows(batch);
      if (c) {
        // Children are upserted by position; only a conversation stored before can have more of them
        // than its new record (the vendor's record shrank), so only those are trimmed.
        const stored: number[] = [];
        run('conversations', this.#upsert('conversations'), c.conversations, stored);
        run('participants', this.#upsert('participants'), c.participants);
        run('segments', this.#upsert('segments'), c.segments);
        for (const i of stored) this.#trimChildren(c.keys[i] as [string, string, string], c.shapes[i] ?? []);
      }
      for (const [table, rows] of upsertRows(batch)) run(table, this.#upsert(table), rows);
      if (batch.checkpoint) {
        const { stream, value } = batch.checkpoint;
        run('checkpoints', this.#upsert('checkpoints'), [[stream, JSON.stringify(value)]]);
      }
    });
    write.immediate();
    return result;
  }

  #lastRowid(): Database.Statement {
    return this.#statement('select:last-rowid', () => 'SELECT last_insert_rowid()').pluck();
  }

  /** Removes a stored conversation's participants and segments past its new record's. */
  #trimChildren(key: readonly string[], segments: readonly number[]) {
    const where = 'vendor = ? AND org = ? AND conversation_id = ?';
    this.#statement('trim:participants', () => `DELETE FROM participants WHERE ${where} AND seq >= ?`).run(
      ...key,
      segments.length,
    );
    this.#statement('trim:segments-of-gone', () => `DELETE FROM segments WHERE ${where} AND participant_seq >= ?`).run(
      ...key,
      segments.length,
    );
    const trim = this.#statement(
      'trim:segments',
      () => `DELETE FROM segments WHERE ${where} AND participant_seq = ? AND seq >= ?`,
    );
    for (const [p, n] of segments.entries()) trim.run(...key, p, n);
  }

  async readCheckpoint(stream: string): Promise<Json | undefined> {
    const row = this.#db.prepare('SELECT value FROM checkpoints WHERE stream = ?').get(stream) as
      | { value: string }
      | undefined;
    return row ? (JSON.parse(row.value) as Json) : undefined;
  }

  async queueIntervals(q: QueueIntervalQuery): Promise<QueueInterval[]> {
    const params: (string | number)[] = [q.vendor, q.org, q.to, q.from];
    let sql =
      'SELECT * FROM queue_intervals WHERE vendor = ? AND org = ? AND interval_start_ms < ? AND interval_end_ms > ?';
    if (q.queueIds) {
      if (q.queueIds.length === 0) return [];
      sql += ` AND queue_id IN (${q.queueIds.map(() => '?').join(', ')})`;
      for (const id of q.queueIds) params.push(id);
    }
    return this.#read('queue_intervals', sql, params).map(toQueueInterval);
  }

  async *rows(query: RowQuery, pageSize = 1000): AsyncIterable<Record<string, Cell>[]> {
    const { sql, params, relation } = buildSelect(query, () => '?');
    let page: Record<string, Cell>[] = [];
    // One statement stepped row by row: only a page is ever held, however large the table.
    for (const raw of this.#db.prepare(sql).iterate(params) as IterableIterator<Record<string, unknown>>) {
      page.push(normalizeRow(relation, raw));
      if (page.length >= pageSize) {
        yield page;
        page = [];
      }
    }
    if (page.length > 0) yield page;
  }

  async counts(): Promise<Record<TableName, number>> {
    const out = {} as Record<TableName, number>;
    for (const table of TABLE_NAMES) {
      const row = this.#db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number };
      out[table] = Number(row.n);
    }
    return out;
  }

  async dump(): Promise<Dump> {
    const out = {} as Dump;
    for (const table of TABLE_NAMES) out[table] = this.#read(table, `SELECT * FROM ${table}`, []);
    return out;
  }

  #read(table: TableName, sql: string, params: (string | number)[]): Record<string, Cell>[] {
    const spec = TABLES[table];
    const rows = this.#db.prepare(sql).all(params) as Record<string, unknown>[];
    return rows
      .map((r) => Object.fromEntries(spec.columns.map(([name, kind]) => [name, normalizeCell(kind, r[name])])))
      .sort(compareByKey(spec));
  }

  async close(): Promise<void> {
    this.#db.close();
  }
}

/** Opens (creating if needed) the SQLite database and applies pending migrations. */
export async function openSqliteSink(options: SqliteSinkOptions): Promise<SqliteSink> {
  return migrated(new SqliteSink(options));
}
