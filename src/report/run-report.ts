// The four reports `ccpulse report` prints, read from the reporting views (the same contract a BI
// tool reads): queue and agent totals per bucket with their measures, service levels per queue, and
// the conversations themselves. Sums are taken first and divided last, so a day's service level is
// the day's within/counted, never an average of half-hour ratios.
import { zonedIso } from '../core/index.js';
import type { Sink } from '../store/index.js';
import { describeFreshness, type FreshnessText, readFreshness } from './freshness.js';
import { type Bucket, bucketEnd, bucketStart, type Period } from './report-period.js';
import { inQueues, type Scope } from './report-scope.js';

export const REPORT_KINDS = ['queues', 'agents', 'conversations', 'service-levels'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** How a column reads: `ratio` 0-1, `seconds` a duration, `time` ISO 8601 in the report's zone. */
export type ReportColumnKind = 'text' | 'int' | 'ratio' | 'seconds' | 'time' | 'bool';
type ReportValue = string | number | boolean | null;
export type ReportRow = Record<string, ReportValue>;

interface ReportRequest {
  kind: ReportKind;
  period: Period;
  by: Bucket;
  zone: string;
  scope: Scope;
}

export interface Report {
  columns: readonly { name: string; kind: ReportColumnKind }[];
  rows: ReportRow[];
  freshness: FreshnessText;
}

const STREAMS: Record<ReportKind, readonly string[]> = {
  queues: ['queue-intervals', 'skill-intervals'],
  'service-levels': ['queue-intervals', 'skill-intervals'],
  agents: ['agent-intervals'],
  conversations: ['conversations', 'contacts'],
};

/** A queue's totals over any span, as `report queues` and `query ... queue-intervals` both print them. */
interface QueueTotals {
  offered: number;
  answered: number;
  abandoned: number;
  transferred: number;
  withinSl: number;
  slCounted: number;
  answerWaitS: number;
  handleS: number;
}

/** The measures of the queues report, from totals: sums first, divided last. */
export function queueMeasures(t: QueueTotals): ReportRow {
  return {
    offered: t.offered,
    answered: t.answered,
    abandoned: t.abandoned,
    transferred: t.transferred,
    abandon_rate: ratio(t.abandoned, t.offered),
    service_level: ratio(t.withinSl, t.slCounted),
    asa_s: ms3(ratio(t.answerWaitS, t.answered)),
    aht_s: ms3(ratio(t.handleS, t.answered)),
    handle_s: ms3(t.handleS),
  };
}

const BUCKET_COLUMNS = [
  { name: 'period_start', kind: 'time' },
  { name: 'period_end', kind: 'time' },
  { name: 'vendor', kind: 'text' },
  { name: 'org', kind: 'text' },
] as const;

const COLUMNS: Record<ReportKind, Report['columns']> = {
  queues: [
    ...BUCKET_COLUMNS,
    { name: 'queue_id', kind: 'text' },
    { name: 'queue_name', kind: 'text' },
    { name: 'offered', kind: 'int' },
    { name: 'answered', kind: 'int' },
    { name: 'abandoned', kind: 'int' },
    { name: 'transferred', kind: 'int' },
    { name: 'abandon_rate', kind: 'ratio' },
    { name: 'service_level', kind: 'ratio' },
    { name: 'asa_s', kind: 'seconds' },
    { name: 'aht_s', kind: 'seconds' },
    { name: 'handle_s', kind: 'seconds' },
  ],
  'service-levels': [
    ...BUCKET_COLUMNS,
    { name: 'queue_id', kind: 'text' },
    { name: 'queue_name', kind: 'text' },
    { name: 'offered', kind: 'int' },
    { name: 'answered', kind: 'int' },
    { name: 'within_sl', kind: 'int' },
    { name: 'sl_counted', kind: 'int' },
    { name: 'service_level', kind: 'ratio' },
    { name: 'service_level_target', kind: 'ratio' },
    { name: 'target_met', kind: 'bool' },
  ],
  agents: [
    ...BUCKET_COLUMNS,
    { name: 'agent_id', kind: 'text' },
    { name: 'agent_name', kind: 'text' },
    { name: 'handled', kind: 'int' },
    { name: 'aht_s', kind: 'seconds' },
    { name: 'occupancy', kind: 'ratio' },
    { name: 'talk_s', kind: 'seconds' },
    { name: 'hold_s', kind: 'seconds' },
    { name: 'acw_s', kind: 'seconds' },
    { name: 'handle_s', kind: 'seconds' },
    { name: 'on_queue_s', kind: 'seconds' },
  ],
  conversations: [
    { name: 'start_time', kind: 'time' },
    { name: 'end_time', kind: 'time' },
    { name: 'vendor', kind: 'text' },
    { name: 'org', kind: 'text' },
    { name: 'conversation_id', kind: 'text' },
    { name: 'media_type', kind: 'text' },
    { name: 'direction', kind: 'text' },
    { name: 'queue_id', kind: 'text' },
    { name: 'queue_name', kind: 'text' },
    { name: 'agent_id', kind: 'text' },
    { name: 'agent_name', kind: 'text' },
    { name: 'answered', kind: 'bool' },
    { name: 'abandoned', kind: 'bool' },
    { name: 'wait_s', kind: 'seconds' },
    { name: 'handle_s', kind: 'seconds' },
    { name: 'wrap_up_code', kind: 'text' },
  ],
};

/** Durations to the millisecond: the views' seconds summed in floating point lose nothing more. */
const ms3 = (s: number | null) => (s === null ? null : Math.round(s * 1000) / 1000);
const ratio = (part: number | null, whole: number | null) =>
  part === null || whole === null || whole <= 0 ? null : part / whole;
const num = (v: unknown) => (typeof v === 'number' ? v : null);
/** NULL-aware sum: a measure the vendor never gave stays NULL instead of becoming 0. */
const add = (a: number | null, b: unknown) => (typeof b === 'number' ? (a ?? 0) + b : a);

type Totals = Record<string, number | null>;

interface Group {
  start: number;
  end: number;
  vendor: string;
  org: string;
  id: string;
  name: string | null;
  totals: Totals;
  /** The last non-NULL value of each carried column (a queue's target). */
  carried: Record<string, number | null>;
}

/**
 * Sums view rows into (bucket, vendor, org, id) groups. Rows carry ISO-8601 UTC bounds; `interval`
 * keeps each stored interval as its own bucket.
 */
async function sumByBucket(
  rows: AsyncIterable<Record<string, ReportValue>[]>,
  request: ReportRequest,
  idColumn: string,
  nameColumn: string,
  summed: readonly string[],
  carried: readonly string[],
  keep: (row: Record<string, ReportValue>) => boolean,
): Promise<Group[]> {
  const groups = new Map<string, Group>();
  for await (const page of rows)
    for (const r of page) {
      if (!keep(r)) continue;
      const startMs = Date.parse(String(r.interval_start));
      const [start, end] =
        request.by === 'interval'
          ? [startMs, Date.parse(String(r.interval_end))]
          : ((b) => [b, bucketEnd(b, request.by as Exclude<Bucket, 'interval'>, request.zone)])(
              bucketStart(startMs, request.by, request.zone),
            );
      const key = `${start}|${end}|${r.vendor}|${r.org}|${r[idColumn]}`;
      let g = groups.get(key);
      if (!g) {
        g = {
          start,
          end,
          vendor: String(r.vendor),
          org: String(r.org),
          id: String(r[idColumn]),
          name: null,
          totals: Object.fromEntries(summed.map((c) => [c, null])),
          carried: Object.fromEntries(carried.map((c) => [c, null])),
        };
        groups.set(key, g);
      }
      if (typeof r[nameColumn] === 'string') g.name = r[nameColumn] as string;
      for (const c of summed) g.totals[c] = add(g.totals[c] ?? null, r[c]);
      for (const c of carried) if (typeof r[c] === 'number') g.carried[c] = r[c] as number;
    }
  return [...groups.values()].sort(
    (a, b) =>
      a.start - b.start ||
      a.vendor.localeCompare(b.vendor) ||
      a.org.localeCompare(b.org) ||
      (a.name ?? a.id).localeCompare(b.name ?? b.id) ||
      a.id.localeCompare(b.id),
  );
}

function sourceFilters(request: ReportRequest, timeColumn: string) {
  const { scope, period } = request;
  return [
    { column: timeColumn, op: '>=' as const, value: new Date(period.from).toISOString() },
    { column: timeColumn, op: '<' as const, value: new Date(period.to).toISOString() },
    ...(scope.vendor ? [{ column: 'vendor', op: '=' as const, value: scope.vendor }] : []),
    ...(scope.org ? [{ column: 'org', op: '=' as const, value: scope.org }] : []),
    ...(scope.queues ? [{ column: 'queue_id', op: 'in' as const, values: scope.queues.map((q) => q.queueId) }] : []),
  ];
}

const bucketCells = (g: Group, zone: string) => ({
  period_start: zonedIso(g.start, zone),
  period_end: zonedIso(g.end, zone),
  vendor: g.vendor,
  org: g.org,
});

async function queueRows(sink: Sink, request: ReportRequest): Promise<ReportRow[]> {
  const groups = await sumByBucket(
    sink.rows({ relation: 'v_queue_intervals', where: sourceFilters(request, 'interval_start') }),
    request,
    'queue_id',
    'queue_name',
    ['offered', 'answered', 'abandoned', 'transferred', 'within_sl', 'sl_counted', 'answer_wait_s', 'handle_s'],
    ['service_level_target'],
    inQueues(request.scope),
  );
  return groups.map((g) => {
    const t = g.totals;
    const serviceLevel = ratio(t.within_sl ?? null, t.sl_counted ?? null);
    const target = g.carried.service_level_target ?? null;
    const base = { ...bucketCells(g, request.zone), queue_id: g.id, queue_name: g.name };
    if (request.kind === 'service-levels')
      return {
        ...base,
        offered: t.offered ?? 0,
        answered: t.answered ?? 0,
        within_sl: t.within_sl ?? 0,
        sl_counted: t.sl_counted ?? 0,
        service_level: serviceLevel,
        service_level_target: target,
        target_met: serviceLevel === null || target === null ? null : serviceLevel >= target,
      };
    return {
      ...base,
      ...queueMeasures({
        offered: t.offered ?? 0,
        answered: t.answered ?? 0,
        abandoned: t.abandoned ?? 0,
        transferred: t.transferred ?? 0,
        withinSl: t.within_sl ?? 0,
        slCounted: t.sl_counted ?? 0,
        answerWaitS: t.answer_wait_s ?? 0,
        handleS: t.handle_s ?? 0,
      }),
    };
  });
}

async function agentRows(sink: Sink, request: ReportRequest): Promise<ReportRow[]> {
  const groups = await sumByBucket(
    sink.rows({ relation: 'v_agent_intervals', where: sourceFilters(request, 'interval_start') }),
    request,
    'agent_id',
    'agent_name',
    ['handled', 'talk_s', 'hold_s', 'acw_s', 'handle_s', 'on_queue_s', 'idle_s'],
    [],
    () => true,
  );
  return groups.map((g) => {
    const t = g.totals;
    const onQueue = t.on_queue_s ?? null;
    return {
      ...bucketCells(g, request.zone),
      agent_id: g.id,
      agent_name: g.name,
      handled: t.handled ?? 0,
      aht_s: ms3(ratio(t.handle_s ?? null, t.handled ?? null)),
      occupancy: onQueue === null || t.idle_s === null ? null : ratio(onQueue - (t.idle_s ?? 0), onQueue),
      talk_s: ms3(t.talk_s ?? null),
      hold_s: ms3(t.hold_s ?? null),
      acw_s: ms3(t.acw_s ?? null),
      handle_s: ms3(t.handle_s ?? null),
      on_queue_s: ms3(onQueue),
    };
  });
}

async function conversationRows(sink: Sink, request: ReportRequest): Promise<ReportRow[]> {
  const keep = inQueues(request.scope);
  const out: ReportRow[] = [];
  const time = (v: ReportValue) => (typeof v === 'string' ? zonedIso(Date.parse(v), request.zone) : null);
  for await (const page of sink.rows({
    relation: 'v_conversations',
    where: sourceFilters(request, 'start_time'),
    orderBy: ['start_time', 'vendor', 'org', 'conversation_id'],
  }))
    for (const r of page) {
      if (!keep(r)) continue;
      out.push({
        start_time: time(r.start_time ?? null),
        end_time: time(r.end_time ?? null),
        vendor: r.vendor ?? null,
        org: r.org ?? null,
        conversation_id: r.conversation_id ?? null,
        media_type: r.media_type ?? null,
        direction: r.direction ?? null,
        queue_id: r.queue_id ?? null,
        queue_name: r.queue_name ?? null,
        agent_id: r.agent_id ?? null,
        agent_name: r.agent_name ?? null,
        answered: r.answered ?? null,
        abandoned: r.abandoned ?? null,
        wait_s: ms3(num(r.wait_s)),
        handle_s: ms3(num(r.handle_s)),
        wrap_up_code: r.wrap_up_code ?? null,
      });
    }
  return out;
}

const READ: Record<ReportKind, (sink: Sink, request: ReportRequest) => Promise<ReportRow[]>> = {
  queues: queueRows,
  'service-levels': queueRows,
  agents: agentRows,
  conversations: conversationRows,
};

export async function runReport(sink: Sink, request: ReportRequest, now: number): Promise<Report> {
  const rows = await READ[request.kind](sink, request);
  const streams = await readFreshness(sink, STREAMS[request.kind], request.scope);
  return {
    columns: COLUMNS[request.kind],
    rows,
    freshness: describeFreshness(streams, request.period, now, request.zone),
  };
}
