// Ingest against the raw database ceilings, on the same data: Genesys job-result pages (JSON bytes, as
// the wire brings them) through ccpulse's own path — the API client, the decode worker (parse,
// validate, map to rows), a page per transaction while the next is decoded — against the bare
// drivers writing the very same rows: better-sqlite3 prepared INSERTs in one transaction, and
// PostgreSQL COPY FROM STDIN. Conversations per second, and their ratio; SQLite's the median of
// three runs of each side, interleaved. bench/run.ts runs it in a process of its own
// (`node --import tsx bench/ingest.ts <conversations>` prints the JSON); `ingest-rss` is the child
// that measures peak RSS for one size (at 100k and 1M).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Database from 'better-sqlite3';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { conversationDetail } from '../src/emulator/genesys/conversation-details.js';
import { createSeedOrg } from '../src/emulator/index.js';
import { createTraffic, type SimConversation } from '../src/emulator/traffic/traffic.js';
import { createApiClient } from '../src/http/index.js';
import type { Conversation } from '../src/model/index.js';
import { openPostgresSink, openSqliteSink, type Sink } from '../src/store/index.js';
import { conversationRows, type Row } from '../src/store/record-rows.js';
import { TABLES } from '../src/store/tables.js';
import { DetailsDecoder } from '../src/sync/details-decoder.js';
import { writeJobPages } from '../src/sync/write-pages.js';
import { detailsJobResultPages } from '../src/vendors/genesys/index.js';
import { toConversation } from '../src/vendors/genesys/map-to-model.js';
import { jobResults } from '../src/vendors/genesys/schemas.js';
import { runJsonChild } from './child-json.js';
import { median } from './median.js';

export const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PAGE = 1000;

// Each timed section starts with what ran before it cleared away: its garbage collected (the sides
// alternate, and one side's leftovers were collected in the other's time, ~50-100 ms of a 2 s run)
// and its writes flushed to the disk (`sync`): otherwise the kernel was still writing back the other
// side's ~100 MB, and the side that fsyncs more often (ccpulse checkpoints as it goes, the ceiling
// once at its commit) waited for it — SQLite's ratio spread 0.76-0.85 over six runs without the
// flush, 0.82-0.87 over seven with it.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const quiet = () => {
  execFileSync('sync');
  collectGarbage();
};
const DAY = 86_400_000;
const ORG = 'bench';

/** Pages generated from the emulator's traffic; later pages repeat them under new conversation ids. */
const BASE_PAGES = 10;

/**
 * `count` distinct conversations as job-result pages of JSON text (1,000 each), made from the
 * emulator's traffic: ten pages rendered, the rest copies of those with each id's first 8 hex digits
 * replaced by the round number — so a million conversations cost the memory of ten pages.
 */
export function* detailPages(count: number, seed = 42): Generator<string> {
  const org = createSeedOrg({ seed });
  const traffic = createTraffic(org, { conversationsPerDay: 20_000 });
  const from = Date.UTC(2026, 9, 1);
  const list: SimConversation[] = traffic.conversationsStarting(from, from + DAY).slice(0, BASE_PAGES * PAGE);
  const base: string[] = [];
  for (let at = 0; at < list.length; at += PAGE)
    base.push(JSON.stringify(list.slice(at, at + PAGE).map((c) => conversationDetail(org, c))));
  for (let made = 0, page = 0; made < count; page++) {
    const round = Math.floor(page / base.length);
    const text = base[page % base.length] as string;
    const details =
      round === 0
        ? text
        : text.replaceAll(/"conversationId":"[0-9a-f]{8}/g, `"conversationId":"${round.toString(16).padStart(8, '0')}`);
    const n = Math.min(PAGE, count - made);
    made += n;
    const body = n === PAGE ? details : JSON.stringify((JSON.parse(details) as unknown[]).slice(0, n));
    // The fields of the vendor's page around the conversations (AnalyticsConversationAsyncQueryResponse).
    const cursor = made < count ? `,"cursor":"${made}"` : '';
    yield `{"conversations":${body}${cursor},"dataAvailabilityDate":"2026-10-02T00:00:00.000Z"}`;
  }
}

/** A page as records, as the sync read it before the decode worker: only to make the ceilings' rows. */
export function pageConversations(text: string): Conversation[] {
  const parsed = jobResults.parse(JSON.parse(text));
  return parsed.conversations.map((c) => toConversation(ORG, c));
}

const EMPTY_PAGE = '{"conversations":[],"dataAvailabilityDate":"2026-10-02T00:00:00.000Z"}';

/** A decode worker as the daemon has it after its first page: started and ready (its start is not timed, as the sink's opening is not). */
export async function readyDecoder(): Promise<DetailsDecoder> {
  const decoder = new DetailsDecoder();
  await decoder.start();
  return decoder;
}

/**
 * ccpulse's path for an async job's results, as the sync runs it (details-job-window.ts): the API
 * client reads each page's body, the decode worker parses, validates and maps it to rows, and the
 * pages are written one per transaction with their checkpoint while the next is fetched and decoded.
 * Only the network is left out: `fetch` answers the pages from memory, in order.
 */
export async function ingestThrough(
  sink: Sink,
  pages: Iterable<string | Uint8Array<ArrayBuffer>>,
  decoder: DetailsDecoder,
): Promise<number> {
  const bodies = pages[Symbol.iterator]();
  const client = createApiClient({
    vendor: 'genesys',
    baseUrl: 'https://api.bench.invalid',
    tokens: { getToken: async () => 'bench', invalidate: () => undefined },
    fetch: async () => {
      const next = bodies.next();
      return new Response(next.done ? EMPTY_PAGE : next.value, { headers: { 'content-type': 'application/json' } });
    },
  });
  return writeJobPages(
    sink,
    detailsJobResultPages(client, ORG, 'bench-job', { reader: decoder, pageSize: PAGE }),
    (next) => ({ stream: 'bench', value: next ?? 'done' }),
    () => undefined,
    () => decoder.working(),
  );
}

type Tables = { conversations: Row[]; participants: Row[]; segments: Row[] };

function rowsOf(pages: string[]): Tables {
  const out: Tables = { conversations: [], participants: [], segments: [] };
  for (const text of pages) {
    const r = conversationRows(pageConversations(text));
    out.conversations.push(...r.conversations);
    out.participants.push(...r.participants);
    out.segments.push(...r.segments);
  }
  return out;
}

const TABLE_ORDER = ['conversations', 'participants', 'segments'] as const;
const stamp = (table: keyof Tables, row: Row, now: number) => (TABLES[table].stamped ? [...row, now] : row);
const columnsOf = (table: keyof Tables) => [
  ...TABLES[table].columns.map(([name]) => name),
  ...(TABLES[table].stamped ? ['synced_at_ms'] : []),
];

/** The raw ceiling: prepared INSERTs of the same rows into the same schema, one transaction. */
function sqliteCeiling(path: string, rows: Tables): number {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const now = Date.now();
  quiet();
  const started = performance.now();
  db.transaction(() => {
    for (const table of TABLE_ORDER) {
      const cols = columnsOf(table);
      const insert = db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
      for (const row of rows[table])
        insert.run(stamp(table, row, now).map((v) => (typeof v === 'boolean' ? Number(v) : v)));
    }
  })();
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return seconds;
}

const copyText = (v: unknown) =>
  v === null || v === undefined
    ? '\\N'
    : String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');

/** The raw ceiling: COPY FROM STDIN of the same rows into the same schema, one transaction. */
async function postgresCeiling(schema: string, rows: Tables): Promise<number> {
  const client = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
  await client.connect();
  const now = Date.now();
  try {
    quiet();
    const started = performance.now();
    await client.query('BEGIN');
    for (const table of TABLE_ORDER) {
      // A thousand lines to a chunk: a chunk per line spent the ceiling's time in the stream, not the server.
      const lines = function* () {
        for (let at = 0; at < rows[table].length; at += PAGE) {
          let text = '';
          for (const row of rows[table].slice(at, at + PAGE))
            text += `${stamp(table, row, now).map(copyText).join('\t')}\n`;
          yield text;
        }
      };
      await pipeline(
        Readable.from(lines()),
        client.query(copyFrom(`COPY ${table} (${columnsOf(table).join(', ')}) FROM STDIN`)),
      );
    }
    await client.query('COMMIT');
    return (performance.now() - started) / 1000;
  } finally {
    await client.end();
  }
}

async function dropSchema(schema: string) {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
}

export interface IngestFigures {
  conversations: number;
  sqlite: { ccpulsePerSecond: number; ceilingPerSecond: number; ratio: number };
  postgres: { ccpulsePerSecond: number; ceilingPerSecond: number; ratio: number } | { skipped: string };
}

const perSecond = (n: number, seconds: number) => Math.round(n / seconds);

/** Runs of each SQLite side, interleaved; the figures are their medians (one run moved ±10 % with the disk). */
const RUNS = 3;

export async function measureIngest(count = 50_000): Promise<IngestFigures> {
  const pages = [...detailPages(count)];
  const rows = rowsOf(pages);
  const dir = mkdtempSync(join(tmpdir(), 'ccpulse-bench-ingest-'));
  let made = 0;
  // Both start from a migrated, empty database of the same schema (indexes included).
  const emptyDatabase = async () => {
    const path = join(dir, `${++made}.db`);
    await (await openSqliteSink({ path })).close();
    return path;
  };
  try {
    // Each side as a running daemon has it when a job's results come: its code warm (the same client
    // has fetched the token, submitted the job and polled it; the worker and the sink have had a page
    // before). One page through each first, into a database of its own, untimed.
    const decoder = await readyDecoder();
    const warm = await openSqliteSink({ path: join(dir, 'warm.db') });
    await ingestThrough(warm, [Buffer.from(pages[0] as string)], decoder);
    await warm.close();
    sqliteCeiling(await emptyDatabase(), rowsOf(pages.slice(0, 1)));
    const ceilings: number[] = [];
    const ours: number[] = [];
    let n = 0;
    for (let run = 0; run < RUNS; run++) {
      ceilings.push(sqliteCeiling(await emptyDatabase(), rows));
      const sink = await openSqliteSink({ path: await emptyDatabase() });
      const bodies = pages.map((text) => Buffer.from(text));
      quiet();
      const started = performance.now();
      n = await ingestThrough(sink, bodies, decoder);
      ours.push((performance.now() - started) / 1000);
      await sink.close();
    }
    const [ceiling, ourSeconds] = [median(ceilings), median(ours)];
    const sqlite = {
      ccpulsePerSecond: perSecond(n, ourSeconds),
      ceilingPerSecond: perSecond(n, ceiling),
      ratio: Number((ceiling / ourSeconds).toFixed(2)),
    };

    let postgres: IngestFigures['postgres'];
    const suffix = `${process.pid}_${Date.now() % 1e6}`;
    const [ceilingSchema, ourSchema] = [`bench_copy_${suffix}`, `bench_ccpulse_${suffix}`];
    try {
      await (await openPostgresSink({ url: PG_URL, schema: ceilingSchema })).close();
      const copySeconds = await postgresCeiling(ceilingSchema, rows);
      const pgSink = await openPostgresSink({ url: PG_URL, schema: ourSchema });
      const bodies = pages.map((text) => Buffer.from(text));
      quiet();
      const started = performance.now();
      await ingestThrough(pgSink, bodies, decoder);
      const pgSeconds = (performance.now() - started) / 1000;
      await pgSink.close();
      postgres = {
        ccpulsePerSecond: perSecond(n, pgSeconds),
        ceilingPerSecond: perSecond(n, copySeconds),
        ratio: Number((copySeconds / pgSeconds).toFixed(2)),
      };
    } catch (error) {
      postgres = {
        skipped: `PostgreSQL at ${PG_URL.replace(/\/\/[^@]*@/, '//')} not usable: ${(error as Error).message}`,
      };
    } finally {
      await decoder.close();
      await dropSchema(ceilingSchema).catch(() => undefined);
      await dropSchema(ourSchema).catch(() => undefined);
    }
    return { conversations: n, sqlite, postgres };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** measureIngest in a process of its own: a heap grown by the bench's earlier parts slowed the side that allocates more. */
export const measureIngestApart = (count = 50_000) =>
  runJsonChild<IngestFigures>(fileURLToPath(import.meta.url), [String(count)]);

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${JSON.stringify(await measureIngest(Number(process.argv[2])))}\n`);
}
