// `ccpulse report` against the emulator's own aggregates, on both databases: a day in the reader's
// zone (DST-change days in New York and Berlin: 23 and 25 hours) must give the numbers the vendors
// themselves give for that day, and a BI tool summing the views must get them too.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { printReport, type ReportFlags } from '../../src/cli/commands/report.js';
import { parseConfig } from '../../src/config/index.js';
import { dayStart } from '../../src/core/index.js';
import type { ApiClient } from '../../src/http/index.js';
import type { QueueInterval } from '../../src/model/index.js';
import type { Sink } from '../../src/store/index.js';
import { agentPerformanceIntervals, skillSummaryIntervals } from '../../src/vendors/cxone/index.js';
import { queryAgentIntervals, queryQueueIntervals } from '../../src/vendors/genesys/index.js';
import { PG_URL, type SinkKind, withDatabase } from '../store/test-sinks.js';
import { clientFor } from '../support/connect-client.js';
import { type SyncEmulator, startSyncEmulator, syncCycle } from '../sync/sync-fixture.js';

const DAY = 86_400_000;
type Json = Record<string, string | number | boolean | null>;

const CASES = [
  // Spring forward: 23 hours (02:00 EST -> 03:00 EDT).
  {
    zone: 'America/New_York',
    date: '2026-03-08',
    start: '2026-03-08T00:00:00-05:00',
    end: '2026-03-09T00:00:00-04:00',
    hours: 23,
  },
  // Fall back: 25 hours (03:00 CEST -> 02:00 CET).
  {
    zone: 'Europe/Berlin',
    date: '2026-10-25',
    start: '2026-10-25T00:00:00+02:00',
    end: '2026-10-26T00:00:00+01:00',
    hours: 25,
  },
] as const;

const flags = (over: Partial<ReportFlags>): ReportFlags => ({ queue: [], format: 'json', ...over });

async function reportJson(
  sink: Sink,
  kind: Parameters<typeof printReport>[1],
  over: Partial<ReportFlags>,
  now: number,
) {
  const warnings: string[] = [];
  const text = await printReport(sink, kind, flags(over), undefined, now, { write: (t: string) => warnings.push(t) });
  return { rows: JSON.parse(text) as Json[], stderr: warnings.join('') };
}

/** The vendor's figures for one queue over the day, from its own aggregate answer. */
function totals(intervals: readonly QueueInterval[]) {
  const by = new Map<
    string,
    {
      offered: number;
      answered: number;
      abandoned: number;
      within: number;
      counted: number;
      handleMs: number;
      answerWaitMs: number;
    }
  >();
  for (const i of intervals) {
    const t = by.get(i.queueId) ?? {
      offered: 0,
      answered: 0,
      abandoned: 0,
      within: 0,
      counted: 0,
      handleMs: 0,
      answerWaitMs: 0,
    };
    t.offered += i.offered;
    t.answered += i.answered;
    t.abandoned += i.abandoned;
    t.within += i.serviceLevelNumerator;
    t.counted += i.serviceLevelDenominator;
    t.handleMs += i.handleMs;
    t.answerWaitMs += i.answerWaitMs;
    by.set(i.queueId, t);
  }
  return by;
}

const close = (actual: unknown, expected: number | null, what: string) => {
  if (expected === null) return assert.equal(actual, null, what);
  assert.equal(typeof actual, 'number', what);
  assert.ok(
    Math.abs((actual as number) - expected) <= 1e-9 + Math.abs(expected) * 1e-12,
    `${what}: ${actual} != ${expected}`,
  );
};

for (const c of CASES) {
  describe(`report on ${c.date} in ${c.zone} (${c.hours} h)`, () => {
    const from = Date.parse(c.start);
    const to = Date.parse(c.end);
    let env: SyncEmulator;
    let genesys: ApiClient;
    let cxone: ApiClient;
    before(async () => {
      assert.equal(to - from, c.hours * 3600_000, 'the case is a DST-change day');
      env = await startSyncEmulator({ seed: 5, notBefore: dayStart(to, 'UTC', 2) + 2 * 3600_000 });
      const config = parseConfig(env.emulator.env());
      const org = (vendor: string) => config.orgs.find((o) => o.vendor === vendor) as (typeof config.orgs)[number];
      genesys = await clientFor(org('genesys'), { clock: env.clock });
      cxone = await clientFor(org('cxone'), { clock: env.clock });
    });
    after(() => env.close());

    for (const kind of ['sqlite', 'postgres'] as SinkKind[]) {
      test(`${kind}: queues, service levels, agents and conversations equal the emulator's own for the zone's day`, async (t) => {
        await withDatabase(t, kind, async (db) => {
          const sink = await db.open({ clock: env.clock });
          await syncCycle(env, sink, { backfillFrom: dayStart(from, 'UTC', -1), until: dayStart(to, 'UTC', 1) });
          const now = env.clock.now();
          const day = { from: c.date, tz: c.zone };

          const queues = await reportJson(sink, 'queues', day, now);
          assert.doesNotMatch(queues.stderr, /warning/, 'the day is fully synced: no warning');
          assert.ok(queues.rows.length > 0);
          for (const r of queues.rows) {
            assert.equal(r.period_start, c.start);
            assert.equal(r.period_end, c.end);
            assert.equal(typeof r.queue_name, 'string', `names joined: ${JSON.stringify(r)}`);
          }
          const expected = {
            genesys: totals(
              await queryQueueIntervals(genesys, 'default', { from, to, granularity: 'P1D', timeZone: c.zone }),
            ),
            cxone: totals(await skillSummaryIntervals(cxone, 'default', from, to)),
          };
          for (const vendor of ['genesys', 'cxone'] as const) {
            const rows = queues.rows.filter((r) => r.vendor === vendor);
            const vendorQueues = [...expected[vendor]].filter(([, e]) => e.offered > 0);
            assert.deepEqual(
              rows.map((r) => r.queue_id).sort(),
              vendorQueues.map(([id]) => id).sort(),
              `${vendor} queues`,
            );
            for (const [id, e] of vendorQueues) {
              const r = rows.find((x) => x.queue_id === id) as Json;
              assert.deepEqual(
                [r.offered, r.answered, r.abandoned],
                [e.offered, e.answered, e.abandoned],
                `${vendor} ${id}`,
              );
              close(r.abandon_rate, e.abandoned / e.offered, `${vendor} ${id} abandon rate`);
              close(r.service_level, e.counted > 0 ? e.within / e.counted : null, `${vendor} ${id} service level`);
              // CXone's summaries give averages in whole seconds (each hour's and the day's): within a second.
              const within = vendor === 'cxone' ? 1 : 0;
              for (const [column, total] of [
                ['aht_s', e.handleMs],
                ['asa_s', e.answerWaitMs],
              ] as const) {
                const want = Math.round(total / e.answered) / 1000;
                if (within)
                  assert.ok(
                    Math.abs((r[column] as number) - want) <= within,
                    `${vendor} ${id} ${column}: ${r[column]} vs ${want}`,
                  );
                else close(r[column], want, `${vendor} ${id} ${column}`);
              }
            }
          }

          const levels = await reportJson(sink, 'service-levels', { ...day, vendor: 'genesys' }, now);
          for (const r of levels.rows) {
            const e = expected.genesys.get(String(r.queue_id));
            assert.ok(e);
            assert.deepEqual([r.within_sl, r.sl_counted], [e.within, e.counted]);
            assert.equal(typeof r.service_level_target, 'number');
            assert.equal(r.target_met, (r.service_level as number) >= (r.service_level_target as number));
          }

          // Hours on the zone's clock: the skipped or repeated hour is handled, never invented.
          const hourly = await reportJson(sink, 'queues', { ...day, by: 'hour', vendor: 'genesys' }, now);
          const starts = new Set(hourly.rows.map((r) => String(r.period_start)));
          assert.ok(starts.size <= c.hours && starts.size >= c.hours - 6, `${starts.size} hours`);
          if (c.zone === 'America/New_York')
            assert.ok(![...starts].some((s) => s.includes('T02:')), 'no 02:00 on spring-forward day');
          else assert.equal([...starts].filter((s) => s.includes('T02:')).length <= 2, true);
          const sum = (rows: Json[], col: string) => rows.reduce((n, r) => n + (r[col] as number), 0);
          assert.equal(
            sum(hourly.rows, 'offered'),
            sum(
              queues.rows.filter((r) => r.vendor === 'genesys'),
              'offered',
            ),
          );

          const agents = await reportJson(sink, 'agents', day, now);
          const agentExpected = {
            genesys: await queryAgentIntervals(genesys, 'default', { from, to, granularity: 'P1D', timeZone: c.zone }),
            cxone: await agentPerformanceIntervals(cxone, 'default', from, to),
          };
          for (const vendor of ['genesys', 'cxone'] as const) {
            const handled = new Map<string, { handled: number; handleMs: number }>();
            for (const a of agentExpected[vendor]) {
              const h = handled.get(a.agentId) ?? { handled: 0, handleMs: 0 };
              h.handled += a.handled;
              h.handleMs += a.handleMs;
              handled.set(a.agentId, h);
            }
            const rows = agents.rows.filter((r) => r.vendor === vendor && (r.handled as number) > 0);
            const worked = [...handled].filter(([, h]) => h.handled > 0);
            assert.deepEqual(rows.map((r) => r.agent_id).sort(), worked.map(([id]) => id).sort(), `${vendor} agents`);
            for (const [id, h] of worked) {
              const r = rows.find((x) => x.agent_id === id) as Json;
              assert.equal(r.handled, h.handled, `${vendor} ${id} handled`);
              close(r.handle_s, h.handleMs / 1000, `${vendor} ${id} handle`);
              if (vendor === 'genesys') assert.equal(typeof r.agent_name, 'string');
            }
          }

          const conversations = await reportJson(sink, 'conversations', { ...day, vendor: 'genesys' }, now);
          const own = env.emulator.context.traffic.conversationsStarting(from, to);
          assert.deepEqual(conversations.rows.map((r) => r.conversation_id).sort(), own.map((x) => x.id).sort());
          assert.ok(
            conversations.rows.every(
              (r) =>
                String(r.start_time).endsWith(c.zone === 'Europe/Berlin' ? ':00' : ':00') &&
                /[+-]\d\d:\d\d$/.test(String(r.start_time)),
            ),
          );

          // A BI tool reading the views: sums over the day's UTC bounds equal the report.
          const viewTotals = await sumViews(kind, db.location, from, to);
          for (const r of queues.rows) {
            const v = viewTotals.get(`${r.vendor}|${r.queue_id}`);
            assert.ok(v, `${r.vendor} ${r.queue_id} in the view`);
            assert.deepEqual([v.offered, v.abandoned], [r.offered, r.abandoned]);
            close(v.within / v.counted, r.service_level as number, 'view service level');
            close(Math.round((v.handle_s / v.answered) * 1000) / 1000, r.aht_s as number, 'view AHT');
          }
        });
      });
    }
  });
}

interface ViewSums {
  offered: number;
  abandoned: number;
  answered: number;
  within: number;
  counted: number;
  handle_s: number;
}

/** What a dashboard's SQL gets from v_queue_intervals for [from, to). */
async function sumViews(kind: SinkKind, location: string, from: number, to: number): Promise<Map<string, ViewSums>> {
  const sql = (
    p: (n: number) => string,
  ) => `SELECT vendor, queue_id, SUM(offered) AS offered, SUM(abandoned) AS abandoned,
    SUM(answered) AS answered, SUM(within_sl) AS within, SUM(sl_counted) AS counted, SUM(handle_s) AS handle_s
    FROM v_queue_intervals WHERE interval_start >= ${p(1)} AND interval_start < ${p(2)} GROUP BY vendor, queue_id`;
  let rows: Record<string, unknown>[];
  if (kind === 'sqlite') {
    const db = new Database(location, { readonly: true });
    rows = db.prepare(sql(() => '?')).all(new Date(from).toISOString(), new Date(to).toISOString()) as Record<
      string,
      unknown
    >[];
    db.close();
  } else {
    const client = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${location}` });
    await client.connect();
    rows = (
      await client.query(
        sql((n) => `$${n}::timestamptz`),
        [new Date(from), new Date(to)],
      )
    ).rows;
    await client.end();
  }
  return new Map(
    rows.map((r) => [
      `${r.vendor}|${r.queue_id}`,
      {
        offered: Number(r.offered),
        abandoned: Number(r.abandoned),
        answered: Number(r.answered),
        within: Number(r.within),
        counted: Number(r.counted),
        handle_s: Number(r.handle_s),
      },
    ]),
  );
}

test('the test days are what they claim', () => {
  assert.equal(dayStart(Date.parse('2026-03-08T12:00:00Z'), 'America/New_York'), Date.parse('2026-03-08T05:00:00Z'));
  assert.equal(
    dayStart(Date.parse('2026-10-25T12:00:00Z'), 'Europe/Berlin', 1) -
      dayStart(Date.parse('2026-10-25T12:00:00Z'), 'Europe/Berlin'),
    25 * 3600_000,
  );
  assert.ok(DAY);
});
