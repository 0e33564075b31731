// `export` pulls increments by watermark on both databases: a loader that upserts each export by key
// ends with exactly the rows the database holds, however the writes interleave with the exports,
// and it receives pages (never the whole result at once).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createManualClock } from '../../src/core/index.js';
import { exportRelation, ReportInputError } from '../../src/report/index.js';
import { type Cell, type Sink, UnknownRelationError } from '../../src/store/index.js';
import { conversations, queueIntervals, T0 } from '../store/sample-records.js';
import { type SinkKind, withDatabase } from '../store/test-sinks.js';

const HOUR = 3_600_000;

async function exportAll(sink: Sink, relation: string, since: number | undefined, now: number, pageSize = 7) {
  const pages: Record<string, Cell>[][] = [];
  const result = await exportRelation(sink, {
    relation,
    since,
    now,
    pageSize,
    write: (_c, rows) => void pages.push([...rows]),
  });
  return { ...result, pages };
}

for (const kind of ['sqlite', 'postgres'] as SinkKind[]) {
  describe(`${kind}: export by watermark`, () => {
    for (const [relation, key] of [
      ['conversations', (r: Record<string, Cell>) => `${r.vendor}|${r.org}|${r.id}`],
      ['v_conversations', (r: Record<string, Cell>) => `${r.vendor}|${r.org}|${r.conversation_id}`],
    ] as const) {
      test(`${relation}: increments upserted by key equal the table, across interleaved writes`, async (t) => {
        await withDatabase(t, kind, async (db) => {
          const clock = createManualClock(T0);
          const sink = await db.open({ clock });
          const loaded = new Map<string, Record<string, Cell>>();
          const load = (pages: Record<string, Cell>[][]) => {
            for (const page of pages) for (const r of page) loaded.set(key(r), r);
          };
          const all = conversations(40);
          await sink.writeBatch({ conversations: all.slice(0, 25) });
          clock.advance(HOUR);
          let run = await exportAll(sink, relation, undefined, clock.now());
          assert.equal(run.rows, 25 * 1);
          assert.ok(run.pages.length >= 4, 'paged');
          assert.equal(run.nextWatermark, T0, 'the newest stamp seen (older than the lag)');
          load(run.pages);
          // Changes and new rows, some stamped within the lag of the next export's start.
          await sink.writeBatch({ conversations: all.slice(20, 30).map((c) => ({ ...c, wrapUpCode: 'Changed' })) });
          clock.advance(60_000);
          await sink.writeBatch({ conversations: all.slice(30) });
          run = await exportAll(sink, relation, run.nextWatermark, clock.now());
          assert.ok(run.rows >= 20, `${run.rows} rows: the changed and the new`);
          assert.equal(run.nextWatermark, clock.now() - 10 * 60_000, 'trails the start by the lag');
          load(run.pages);
          const again = await exportAll(sink, relation, run.nextWatermark, clock.now() + HOUR);
          assert.equal(again.rows, 20, 'rows within the lag come again (at least once), nothing else');
          load(again.pages);
          const everything = await exportAll(sink, relation, undefined, clock.now());
          const truth = new Map(everything.pages.flat().map((r) => [key(r), r]));
          assert.equal(truth.size, 40);
          assert.deepEqual(new Map([...loaded].sort()), new Map([...truth].sort()));
          assert.equal(
            loaded.get(key(everything.pages.flat().find((r) => r.wrap_up_code === 'Changed') as Record<string, Cell>))
              ?.wrap_up_code,
            'Changed',
          );
        });
      });
    }

    test('a relation without change stamps exports whole; --since is refused for it; unknown names list the real ones', async (t) => {
      await withDatabase(t, kind, async (db) => {
        const sink = await db.open();
        await sink.writeBatch({
          queueIntervals: queueIntervals(2),
          checkpoint: { stream: 'genesys:acme:queue-intervals', value: { watermark: T0 } },
        });
        const whole = await exportAll(sink, 'checkpoints', undefined, T0);
        assert.deepEqual([whole.rows, whole.nextWatermark], [1, undefined]);
        await assert.rejects(exportAll(sink, 'checkpoints', T0, T0), ReportInputError);
        await assert.rejects(exportAll(sink, 'calls', undefined, T0), UnknownRelationError);
        const intervals = await exportAll(sink, 'v_queue_intervals', T0 - 1, T0 + HOUR);
        assert.equal(intervals.rows, 16);
        assert.equal(typeof intervals.pages[0]?.[0]?.interval_start, 'string');
      });
    });
  });
}
