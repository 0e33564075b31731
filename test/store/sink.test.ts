import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import {
  MIGRATIONS,
  openPostgresSink,
  openSink,
  SQLITE_FILE,
  StoreConnectError,
  StoreWriteError,
  TABLE_NAMES,
} from '../../src/store/index.js';
import { RELATIONS } from '../../src/store/relations.js';
import { TABLES, writtenColumns } from '../../src/store/tables.js';
import {
  agentIntervals,
  conversation,
  conversations,
  fullBatch,
  queueIntervals,
  queues,
  snapshots,
  T0,
} from './sample-records.js';
import { PG_URL, postgresReachable, type SinkKind, sinkPair, withDatabase } from './test-sinks.js';

const HOUR = 3_600_000;
const versions = MIGRATIONS.map((m) => m.version);

for (const kind of ['sqlite', 'postgres'] as SinkKind[]) {
  describe(`${kind} sink`, () => {
    test('migrations apply once; re-running them, in-process or from a second opener, is a no-op', async (t) => {
      await withDatabase(t, kind, async (db) => {
        const first = await db.open();
        assert.deepEqual(
          (await first.appliedMigrations()).map((m) => m.version),
          versions,
        );
        assert.deepEqual(await first.migrate(), []);
        const second = await db.open();
        assert.deepEqual(await second.migrate(), []);
        assert.deepEqual(await second.appliedMigrations(), await first.appliedMigrations());
        assert.deepEqual(
          Object.values(await second.counts()),
          TABLE_NAMES.map(() => 0),
        );
      });
    });

    test('the migrated columns are exactly the columns the code writes, and every view has its documented columns', async (t) => {
      await withDatabase(t, kind, async (db) => {
        await db.open();
        for (const spec of Object.values(TABLES)) {
          assert.deepEqual(await columnsOf(kind, db.location, spec.name), writtenColumns(spec), spec.name);
        }
        for (const relation of RELATIONS) {
          const actual = await columnsOf(kind, db.location, relation.name);
          assert.deepEqual(
            actual,
            relation.columns.map((c) => c.name),
            relation.name,
          );
        }
      });
    });

    test('writing the same batch twice changes nothing', async (t) => {
      await withDatabase(t, kind, async (db) => {
        const sink = await db.open();
        const written = await sink.writeBatch(fullBatch());
        assert.deepEqual(written, {
          conversations: 30,
          participants: 30 * 2 + 30, // customer + acd each, plus 0/1/2 agents in turn
          segments: 30 * 2 + 30 * 2,
          queues: 8,
          agents: 6,
          queue_intervals: 48,
          agent_intervals: 36,
          queue_snapshots: 8,
          checkpoints: 1,
        });
        const once = await sink.dump();
        const countsOnce = await sink.counts();
        await sink.writeBatch(fullBatch());
        assert.deepEqual(await sink.dump(), once);
        assert.deepEqual(await sink.counts(), countsOnce);
        assert.equal(countsOnce.segments, 120);
        assert.deepEqual(await sink.readCheckpoint('genesys:acme:conversations'), {
          watermark: T0 + 6 * HOUR,
          jobId: null,
        });
      });
    });

    test('a key repeated within one batch keeps its last record', async (t) => {
      await withDatabase(t, kind, async (db) => {
        const sink = await db.open();
        const [a] = queues();
        assert.ok(a);
        const c1 = conversation({ vendor: 'genesys', org: 'acme' }, 'dup', T0, ['u-a']);
        const c2 = conversation({ vendor: 'genesys', org: 'acme' }, 'dup', T0, ['u-a', 'u-Z']);
        await sink.writeBatch({ queues: [a, { ...a, name: 'renamed' }], conversations: [c1, c2] });
        const dump = await sink.dump();
        assert.deepEqual(
          dump.queues.map((q) => q.name),
          ['renamed'],
        );
        assert.equal(dump.participants.length, 4);
        assert.equal(dump.conversations[0]?.agent_ids, '["u-a","u-Z"]');
      });
    });

    test('a late change to a conversation replaces its participants and segments', async (t) => {
      await withDatabase(t, kind, async (db) => {
        const sink = await db.open();
        const source = { vendor: 'genesys' as const, org: 'acme' };
        const other = conversation(source, 'c-other', T0, ['u-a']);
        await sink.writeBatch({ conversations: [conversation(source, 'c-late', T0, ['u-a', 'u-Z', 'u_é']), other] });
        assert.equal((await sink.counts()).participants, 5 + 3);

        // Reprocessed by the vendor: one agent only, different wrap-up, new lastUpdated.
        const late = conversation(source, 'c-late', T0, ['u-Z']);
        late.lastUpdated = T0 + 3 * HOUR;
        await sink.writeBatch({ conversations: [late] });
        const dump = await sink.dump();
        const mine = dump.participants.filter((p) => p.conversation_id === 'c-late');
        assert.deepEqual(
          mine.map((p) => [p.participant_id, p.user_id]),
          [
            ['p-customer', null],
            ['p-acd', null],
            ['p-agent-0', 'u-Z'],
          ],
        );
        assert.equal(dump.segments.filter((s) => s.conversation_id === 'c-late').length, 4);
        assert.equal(dump.conversations.find((c) => c.id === 'c-late')?.last_updated_ms, T0 + 3 * HOUR);
        // The other conversation's children are untouched.
        assert.equal(dump.participants.filter((p) => p.conversation_id === 'c-other').length, 3);
      });
    });

    test('a batch that fails midway leaves neither its rows nor its checkpoint', async (t) => {
      await withDatabase(t, kind, async (db) => {
        const sink = await db.open();
        await sink.writeBatch({
          conversations: conversations(4),
          checkpoint: { stream: 'genesys:acme:conversations', value: { watermark: 1 } },
        });
        const before = await sink.dump();

        const changed = conversations(6).map((c) => ({ ...c, wrapUpCode: 'changed', participants: [] }));
        const intervals = queueIntervals(2);
        // A vendor time that did not parse: the database refuses it after the earlier tables were written.
        intervals[intervals.length - 1] = { ...(intervals.at(-1) as (typeof intervals)[number]), intervalStart: NaN };
        await assert.rejects(
          sink.writeBatch({
            conversations: changed,
            queues: queues(),
            queueIntervals: intervals,
            checkpoint: { stream: 'genesys:acme:conversations', value: { watermark: 2 } },
          }),
          (error) => error instanceof StoreWriteError && /queue_intervals/.test(error.message),
        );
        assert.deepEqual(await sink.dump(), before);
        assert.deepEqual(await sink.readCheckpoint('genesys:acme:conversations'), { watermark: 1 });

        // The sink is still usable after the rollback.
        await sink.writeBatch({ queues: queues(), checkpoint: { stream: 'genesys:acme:conversations', value: 3 } });
        assert.equal(await sink.readCheckpoint('genesys:acme:conversations'), 3);
      });
    });

    test('checkpoints: absent streams read undefined, JSON values round-trip, later writes win', async (t) => {
      await withDatabase(t, kind, async (db) => {
        const sink = await db.open();
        assert.equal(await sink.readCheckpoint('nope'), undefined);
        const value = { cursor: 'abc"\\é', jobId: 'job-1', pages: [1, 2, 3], done: false, nested: { x: null } };
        await sink.writeBatch({ checkpoint: { stream: 'cxone:t1:contacts', value } });
        assert.deepEqual(await sink.readCheckpoint('cxone:t1:contacts'), value);
        await sink.writeBatch({ checkpoint: { stream: 'cxone:t1:contacts', value: 'done' } });
        assert.equal(await sink.readCheckpoint('cxone:t1:contacts'), 'done');
        // A second opener (another process) sees the committed checkpoint.
        const again = await db.open();
        assert.equal(await again.readCheckpoint('cxone:t1:contacts'), 'done');
      });
    });

    test('queueIntervals reads back model records overlapping a window, filtered by queue', async (t) => {
      await withDatabase(t, kind, async (db) => {
        const sink = await db.open();
        const all = queueIntervals(6);
        await sink.writeBatch({
          queueIntervals: all,
          agentIntervals: agentIntervals(1),
          queueSnapshots: snapshots(T0),
        });
        const got = await sink.queueIntervals({ vendor: 'genesys', org: 'acme', from: T0 + HOUR, to: T0 + 3 * HOUR });
        const expected = all
          .filter((q) => q.vendor === 'genesys' && q.intervalStart >= T0 + HOUR && q.intervalStart < T0 + 3 * HOUR)
          .sort(
            (a, b) =>
              (a.queueId < b.queueId ? -1 : a.queueId > b.queueId ? 1 : 0) ||
              (a.mediaType ?? 'all').localeCompare(b.mediaType ?? 'all') ||
              a.intervalStart - b.intervalStart,
          );
        assert.equal(got.length, 8);
        assert.deepEqual(got, expected);
        assert.equal(got.filter((q) => q.mediaType === undefined).length, 2);

        const filtered = await sink.queueIntervals({
          vendor: 'cxone',
          org: 'Acme-EU',
          queueIds: ['q-a', 'q.1'],
          from: T0 + 30 * 60_000, // mid-interval: the overlapping first hour counts
          to: T0 + HOUR,
        });
        assert.deepEqual(
          filtered.map((q) => [q.queueId, q.intervalStart, q.handled]),
          [
            ['q-a', T0, 8],
            ['q.1', T0, 8],
          ],
        );
        assert.deepEqual(
          await sink.queueIntervals({ vendor: 'cxone', org: 'Acme-EU', queueIds: [], from: T0, to: T0 + HOUR }),
          [],
        );
        assert.deepEqual(await sink.queueIntervals({ vendor: 'genesys', org: 'other', from: T0, to: T0 + HOUR }), []);
      });
    });
  });
}

test('SQLite and PostgreSQL hold the same rows after the same batches', async (t) => {
  await sinkPair(t, async (lite, postgres) => {
    const late = conversations(30).map((c) => (c.id === 'c-00007' ? conversation(c, c.id, c.start, ['u_é']) : c));
    const batches = [
      fullBatch(),
      { conversations: late, queueSnapshots: snapshots(T0 + 7 * HOUR), checkpoint: { stream: 's', value: [1, 'two'] } },
      { agentIntervals: agentIntervals(8), queues: queues().map((q) => ({ ...q, name: `${q.name}!` })) },
    ];
    for (const batch of batches) {
      assert.deepEqual(await lite.writeBatch(batch), await postgres.writeBatch(batch));
    }
    const [a, b] = [await lite.dump(), await postgres.dump()];
    for (const table of TABLE_NAMES) assert.deepEqual(a[table], b[table], table);
    assert.deepEqual(await lite.counts(), await postgres.counts());
  });
});

test('openSink without DATABASE_URL puts a WAL-mode SQLite file in the data folder', async (t) => {
  await withDatabase(t, 'sqlite', async (db) => {
    const dataDir = join(db.location, '..', 'nested');
    const sink = await openSink({ dataDir, databaseUrl: undefined });
    assert.equal(sink.kind, 'sqlite');
    await sink.writeBatch({ queues: queues() });
    const file = join(dataDir, SQLITE_FILE);
    assert.ok(existsSync(file));
    const raw = new Database(file, { readonly: true });
    assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal((raw.prepare('SELECT COUNT(*) AS n FROM queues').get() as { n: number }).n, 8);
    raw.close();
    await sink.close();
  });
});

test('an unreachable PostgreSQL is a StoreConnectError that never shows the password', async () => {
  const url = 'postgres://ccpulse:hunter2-secret@127.0.0.1:1/ccpulse';
  await assert.rejects(openPostgresSink({ url }), (error) => {
    assert.ok(error instanceof StoreConnectError);
    const text = `${error.message} ${error.hint} ${JSON.stringify(error)}`;
    assert.ok(!text.includes('hunter2'), text);
    assert.match(error.message, /127\.0\.0\.1:1/);
    return true;
  });
});

async function columnsOf(kind: SinkKind, location: string, table: string): Promise<string[]> {
  if (kind === 'sqlite') {
    const raw = new Database(location, { readonly: true });
    const rows = raw.pragma(`table_info(${table})`) as { name: string; cid: number }[];
    raw.close();
    return rows.sort((a, b) => a.cid - b.cid).map((r) => r.name);
  }
  assert.ok(await postgresReachable());
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  const result = await client.query(
    'SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position',
    [location, table],
  );
  await client.end();
  return result.rows.map((r: { column_name: string }) => r.column_name);
}
