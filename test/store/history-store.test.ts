import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createManualClock } from '../../src/core/index.js';
import { queueIntervalSummary } from '../../src/model/index.js';
import { type Sink, UnknownRelationError } from '../../src/store/index.js';
import { RELATIONS } from '../../src/store/relations.js';
import { agentIntervals, fullBatch, queueIntervals, queues, T0 } from './sample-records.js';
import { type SinkKind, sinkPair, withDatabase } from './test-sinks.js';

const all = async (sink: Sink, query: Parameters<Sink['rows']>[0], pageSize?: number) => {
  const out = [];
  for await (const page of sink.rows(query, pageSize)) out.push(...page);
  return out;
};

for (const kind of ['sqlite', 'postgres'] as SinkKind[]) {
  describe(`${kind}: history reads`, () => {
    test('a row is stamped when written or changed, not when the same values are written again', async (t) => {
      await withDatabase(t, kind, async (db) => {
        const clock = createManualClock(T0);
        const sink = await db.open({ clock });
        const list = queues();
        await sink.writeBatch({ queues: list });
        clock.advance(60_000);
        const [first, second] = list;
        assert.ok(first && second);
        await sink.writeBatch({ queues: [first, { ...second, name: 'Renamed' }] });
        const rows = await all(sink, { relation: 'queues', orderBy: ['vendor', 'org', 'id'] });
        const stampOf = (id: string, vendor: string) =>
          rows.find((r) => r.id === id && r.vendor === vendor)?.synced_at_ms;
        assert.equal(stampOf(first.id, first.vendor), T0, 'unchanged: keeps its first stamp');
        assert.equal(stampOf(second.id, second.vendor), T0 + 60_000, 'changed: stamped again');
        const since = await all(sink, {
          relation: 'v_queues',
          where: [{ column: 'synced_at', op: '>=', value: new Date(T0 + 1).toISOString() }],
        });
        assert.deepEqual(
          since.map((r) => r.queue_name),
          ['Renamed'],
        );
      });
    });

    test('rows() streams in pages, filters and orders; stops early without leaking', async (t) => {
      await withDatabase(t, kind, async (db) => {
        const sink = await db.open();
        await sink.writeBatch({ queueIntervals: queueIntervals(6) });
        const pages: number[] = [];
        for await (const page of sink.rows(
          {
            relation: 'queue_intervals',
            where: [
              { column: 'vendor', op: '=', value: 'genesys' },
              { column: 'interval_start_ms', op: '>=', value: T0 + 3_600_000 },
              { column: 'queue_id', op: 'in', values: ['q-a', 'q-B'] },
            ],
            orderBy: ['interval_start_ms', 'queue_id'],
          },
          3,
        ))
          pages.push(page.length);
        assert.deepEqual(pages, [3, 3, 3, 1]);
        // Breaking out of the loop releases the cursor: the sink keeps working.
        for (let i = 0; i < 12; i++) {
          for await (const page of sink.rows({ relation: 'queue_intervals' }, 2)) {
            assert.equal(page.length, 2);
            break;
          }
        }
        assert.equal((await sink.counts()).queue_intervals, 48);
        assert.deepEqual(await all(sink, { relation: 'queues', where: [{ column: 'id', op: 'in', values: [] }] }), []);
      });
    });

    test('the views precompute the measures the model defines, with names joined and times as ISO-8601', async (t) => {
      await withDatabase(t, kind, async (db) => {
        const sink = await db.open();
        await sink.writeBatch(fullBatch());
        const source = queueIntervals(6).find((i) => i.vendor === 'genesys' && i.queueId === 'q-a');
        assert.ok(source);
        const [row] = await all(sink, {
          relation: 'v_queue_intervals',
          where: [
            { column: 'vendor', op: '=', value: 'genesys' },
            { column: 'queue_id', op: '=', value: 'q-a' },
            { column: 'interval_start', op: '=', value: new Date(source.intervalStart).toISOString() },
          ],
        });
        assert.ok(row);
        const s = queueIntervalSummary(source);
        assert.equal(row.queue_name, 'Queue q-a «1»');
        assert.equal(row.interval_start, '2026-11-24T00:00:00.000Z');
        assert.equal(row.interval_end, '2026-11-24T01:00:00.000Z');
        assert.equal(row.abandon_rate, s.abandonRate);
        assert.equal(row.service_level, s.serviceLevel);
        assert.equal(row.asa_s, (s.averageSpeedOfAnswerMs as number) / 1000);
        assert.equal(row.aht_s, (s.averageHandleMs as number) / 1000);
        assert.equal(row.handle_s, source.handleMs / 1000);
        assert.equal(row.handled, null);

        const agent = agentIntervals(1).find((a) => a.vendor === 'genesys' && a.agentId === 'u-a');
        const [a] = await all(sink, {
          relation: 'v_agent_intervals',
          where: [
            { column: 'vendor', op: '=', value: 'genesys' },
            { column: 'agent_id', op: '=', value: 'u-a' },
          ],
        });
        assert.ok(agent && a);
        assert.equal(a.agent_name, 'Agent u-a');
        assert.equal(a.occupancy, ((agent.onQueueMs ?? 0) - (agent.idleMs ?? 0)) / (agent.onQueueMs ?? 1));
        assert.equal(a.aht_s, agent.handleMs / agent.handled / 1000);

        const conversations = await all(sink, { relation: 'v_conversations', orderBy: ['vendor', 'conversation_id'] });
        const answered = conversations.find((c) => c.agent_id !== null);
        assert.ok(answered);
        assert.equal(answered.answered, true);
        assert.equal(typeof answered.agent_name, 'string');
        assert.equal(answered.queue_name, answered.vendor === 'genesys' ? 'Queue q-a «1»' : 'Queue q-a «1»');
        assert.match(String(answered.start_time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      });
    });

    test('stream runs and checkpoints read back through v_stream_freshness', async (t) => {
      await withDatabase(t, kind, async (db) => {
        const sink = await db.open();
        await sink.writeBatch({
          checkpoint: {
            stream: 'genesys:emea:queue-intervals',
            value: { watermark: T0 + 7_200_000, settledUntil: T0 },
          },
        });
        await sink.writeBatch({ checkpoint: { stream: 'odd:value', value: 'not an object' } });
        await sink.writeBatch({
          streamRuns: [
            { stream: 'genesys:emea:queue-intervals', startedAt: T0, finishedAt: T0 + 5000, windows: 2, rows: 40 },
            {
              stream: 'genesys:emea:directory',
              startedAt: T0,
              finishedAt: T0 + 1000,
              windows: 0,
              rows: 0,
              error: 'token refused',
            },
          ],
        });
        const rows = await all(sink, { relation: 'v_stream_freshness', orderBy: ['stream'] });
        assert.deepEqual(rows, [
          {
            stream: 'genesys:emea:directory',
            vendor: 'genesys',
            org: 'emea',
            data: 'directory',
            synced_until: null,
            settled_until: null,
            last_run_started: '2026-11-24T00:00:00.000Z',
            last_run_finished: '2026-11-24T00:00:01.000Z',
            last_run_rows: 0,
            last_error: 'token refused',
          },
          {
            stream: 'genesys:emea:queue-intervals',
            vendor: 'genesys',
            org: 'emea',
            data: 'queue-intervals',
            synced_until: '2026-11-24T02:00:00.000Z',
            settled_until: '2026-11-24T00:00:00.000Z',
            last_run_started: '2026-11-24T00:00:00.000Z',
            last_run_finished: '2026-11-24T00:00:05.000Z',
            last_run_rows: 40,
            last_error: null,
          },
          {
            stream: 'odd:value',
            vendor: 'odd',
            org: 'value',
            data: '',
            synced_until: null,
            settled_until: null,
            last_run_started: null,
            last_run_finished: null,
            last_run_rows: null,
            last_error: null,
          },
        ]);
      });
    });

    test('an unknown table or view is refused with the names that exist', async (t) => {
      await withDatabase(t, kind, async (db) => {
        const sink = await db.open();
        await assert.rejects(
          all(sink, { relation: 'queues; DROP TABLE queues' }),
          (e: unknown) => e instanceof UnknownRelationError && /v_queue_intervals/.test(e.hint),
        );
      });
    });
  });
}

test('every table and view reads back the same values from SQLite and PostgreSQL', async (t) => {
  await sinkPair(t, async (sqlite, postgres) => {
    for (const sink of [sqlite, postgres]) {
      await sink.writeBatch(fullBatch());
      await sink.writeBatch({
        streamRuns: [{ stream: 'cxone:Acme-EU:contacts', startedAt: T0, finishedAt: T0 + 1, windows: 1, rows: 3 }],
      });
    }
    for (const relation of RELATIONS) {
      const orderBy = relation.columns.map((c) => c.name).filter((c) => !c.endsWith('synced_at'));
      const [a, b] = [
        await all(sqlite, { relation: relation.name, orderBy }),
        await all(postgres, { relation: relation.name, orderBy }),
      ];
      assert.ok(a.length > 0, `${relation.name} is empty`);
      // Text order differs between the two databases' collations; compare as sets in code-unit order.
      const sorted = (rows: typeof a) => rows.map((r) => JSON.stringify(r)).sort();
      assert.deepEqual(sorted(b), sorted(a), relation.name);
    }
  });
});
