// Bulk writes into PostgreSQL by COPY (text format): rows whose keys cannot be stored yet go straight
// into their table; the others into a staging table of the session, then one INSERT ... SELECT ...
// ON CONFLICT moves them in. The server reads COPY's lines far faster than unnest()'s array literals,
// and the client only joins strings.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Row } from './record-rows.js';
import { type Cell, type StoredTableName, TABLES } from './tables.js';
import { columnList, onConflictUpdate } from './upsert-sql.js';

/** Rows per chunk of COPY text handed to the stream: memory stays bounded for any batch size. */
const CHUNK = 1000;
const FRAMING = /[\\\t\n\r]/;
const UNIQUE_VIOLATION = '23505';

const stagingTable = (table: StoredTableName) => `ccpulse_stage_${table}`;
const dataColumns = (table: StoredTableName) => TABLES[table].columns.map(([name]) => name).join(', ');

/** One value in COPY's text format: \N is NULL; backslash, tab and line ends are escaped. */
function copyCell(value: Cell): string {
  if (value === null) return '\\N';
  if (typeof value !== 'string') return String(value);
  return FRAMING.test(value)
    ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : value;
}

/** Lines of COPY text, CHUNK rows at a time, each ending with `suffix` (the stamp column, or nothing). */
function* copyLines(rows: readonly Row[], suffix: string): Generator<string> {
  for (let at = 0; at < rows.length; at += CHUNK) {
    let text = '';
    for (const row of rows.slice(at, at + CHUNK)) text += `${row.map(copyCell).join('\t')}${suffix}\n`;
    yield text;
  }
}

async function copy(client: pg.ClientBase, into: string, columns: string, lines: Iterable<string>) {
  await pipeline(Readable.from(lines), client.query(copyFrom(`COPY ${into} (${columns}) FROM STDIN`)));
}

/**
 * Inserts rows whose keys the table cannot hold yet (their conversation is not stored) with no
 * conflict handling: COPY's own speed. A key stored meanwhile by another writer fails the batch.
 */
export async function copyInsert(client: pg.ClientBase, table: StoredTableName, rows: readonly Row[], now: number) {
  if (rows.length === 0) return;
  const stamped = TABLES[table].stamped;
  await copy(client, table, columnList(TABLES[table]), copyLines(rows, stamped ? `\t${now}` : ''));
}

/**
 * Creates this connection's staging tables: temporary (the session's own, so concurrent writers never
 * share one) and emptied by every commit. Run inside the caller's transaction, once per connection.
 */
export async function createStagingTables(client: pg.ClientBase): Promise<void> {
  for (const table of Object.keys(TABLES) as StoredTableName[]) {
    await client.query(
      `CREATE TEMP TABLE ${stagingTable(table)} ON COMMIT DELETE ROWS AS SELECT ${dataColumns(table)} FROM ${table} WITH NO DATA`,
    );
  }
}

/** The staged rows of `table` as an INSERT's source, each stamped with `$1` where the table is stamped. */
const fromStaging = (table: StoredTableName) =>
  `SELECT ${dataColumns(table)}${TABLES[table].stamped ? ', $1::bigint' : ''} FROM ${stagingTable(table)}`;
const stampOf = (table: StoredTableName, now: number) => (TABLES[table].stamped ? [now] : []);

/** Upserts what is staged for `table` into it: unchanged rows keep their stamp. */
async function upsertStaged(client: pg.ClientBase, table: StoredTableName, now: number) {
  const spec = TABLES[table];
  await client.query(
    `INSERT INTO ${table} (${columnList(spec)}) ${fromStaging(table)} ${onConflictUpdate(spec, 'postgres')}`,
    stampOf(table, now),
  );
}

/**
 * Upserts `rows` (values in TABLES column order, keys unique) into `table`, stamping the changed
 * ones with `now`. Within a transaction, at most once per table: the staging table empties at commit.
 */
export async function copyUpsert(client: pg.ClientBase, table: StoredTableName, rows: readonly Row[], now: number) {
  if (rows.length === 0) return;
  await copy(client, stagingTable(table), dataColumns(table), copyLines(rows, ''));
  await upsertStaged(client, table, now);
}

/**
 * Upserts `rows` (values in TABLES column order, keys unique) into `table` as copyUpsert does, and
 * returns the keys of the rows that were stored before. The primary key's own conflict checks tell
 * them apart, however stale the planner's statistics — a lookup of the batch's keys first was
 * planned as a scan of the whole table while a bulk load outgrew them (13 ms a batch at 50,000
 * conversations): first a plain COPY of all of them, then, when one was stored, an insert of the new
 * ones that returns their keys, and the upsert. Within a transaction, once per table.
 */
export async function copyUpsertTellingStored(
  client: pg.ClientBase,
  table: StoredTableName,
  rows: readonly Row[],
  now: number,
): Promise<Cell[][]> {
  if (rows.length === 0) return [];
  // A backfill's are all new: straight in by COPY, as fast as it goes. The first stored one fails it
  // (unique violation) and it is undone to the savepoint, a few rows' work wasted.
  await client.query('SAVEPOINT ccpulse_new_rows');
  try {
    await copyInsert(client, table, rows, now);
    await client.query('RELEASE SAVEPOINT ccpulse_new_rows');
    return [];
  } catch (error) {
    if ((error as { code?: unknown }).code !== UNIQUE_VIOLATION) throw error;
    await client.query('ROLLBACK TO SAVEPOINT ccpulse_new_rows');
  }
  const spec = TABLES[table];
  await copy(client, stagingTable(table), dataColumns(table), copyLines(rows, ''));
  const inserted = await client.query({
    text: `INSERT INTO ${table} (${columnList(spec)}) ${fromStaging(table)} ON CONFLICT DO NOTHING RETURNING ${spec.key.join(', ')}`,
    values: stampOf(table, now),
    rowMode: 'array',
  });
  // The rest were stored: the same rows again as an upsert (those just inserted are unchanged: no-ops).
  await upsertStaged(client, table, now);
  const at = spec.key.map((key) => spec.columns.findIndex(([name]) => name === key));
  const keyOf = (cells: readonly Cell[]) => cells.join('\u0000');
  const fresh = new Set((inserted.rows as Cell[][]).map(keyOf));
  return rows.map((row) => at.map((i) => row[i] ?? null)).filter((key) => !fresh.has(keyOf(key)));
}
