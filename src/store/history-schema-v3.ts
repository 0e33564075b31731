// Migration 3, frozen as released: a change stamp on every data table (exports pull increments by
// it), the last run of each sync stream, and the reporting views a BI tool points at. The views speak
// one contract in both databases (see relations.ts and docs/schema.md): names joined, times as
// timestamptz (PostgreSQL) or ISO-8601 UTC text (SQLite), durations in seconds, ratios 0-1. A later
// change to a view is a new migration that drops and recreates it, never an edit here.

import type { Dialect } from './migrations.js';

const STAMPED = [
  'queues',
  'agents',
  'conversations',
  'participants',
  'segments',
  'queue_intervals',
  'agent_intervals',
  'queue_snapshots',
];

interface DialectSql {
  /** Epoch ms -> the dialect's timestamp (exact to the millisecond). */
  ts(ms: string): string;
  /** First element of a JSON array held as text. */
  firstOf(json: string): string;
  /** A numeric member of a JSON object held as text (NULL when absent or not an object). */
  member(json: string, key: string): string;
  /** The n-th (1-based) ':'-separated part of a stream name such as `genesys:emea:queue-intervals`. */
  streamPart(stream: string, n: 1 | 2 | 3): string;
}

const DIALECTS: Record<Dialect, DialectSql> = {
  sqlite: {
    ts: (ms) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${ms} / 1000.0, 'unixepoch')`,
    firstOf: (json) => `json_extract(${json}, '$[0]')`,
    member: (json, key) => `json_extract(CASE WHEN json_valid(${json}) THEN ${json} END, '$.${key}')`,
    // split_part's answers, also for names with fewer parts.
    streamPart: (stream, n) => {
      const cut = (text: string, first: boolean) =>
        `CASE WHEN instr(${text}, ':') > 0 THEN ${first ? `substr(${text}, 1, instr(${text}, ':') - 1)` : `substr(${text}, instr(${text}, ':') + 1)`} ELSE ${first ? text : "''"} END`;
      if (n === 1) return cut(stream, true);
      const rest = cut(stream, false);
      return n === 2 ? cut(rest, true) : cut(cut(rest, false), true);
    },
  },
  postgres: {
    ts: (ms) => `(TIMESTAMPTZ 'epoch' + ${ms} * INTERVAL '1 millisecond')`,
    firstOf: (json) => `(${json}::jsonb ->> 0)`,
    member: (json, key) =>
      `CASE WHEN jsonb_typeof(${json}::jsonb -> '${key}') = 'number' THEN CAST(${json}::jsonb ->> '${key}' AS DOUBLE PRECISION) END`,
    streamPart: (stream, n) => `split_part(${stream}, ':', ${n})`,
  },
};

const seconds = (ms: string) => `CAST(${ms} AS DOUBLE PRECISION) / 1000`;
const ratio = (part: string, whole: string) =>
  `CASE WHEN ${whole} > 0 THEN CAST(${part} AS DOUBLE PRECISION) / ${whole} END`;

function view(name: string, columns: [string, string][], from: string): string {
  return `CREATE VIEW ${name} AS SELECT\n  ${columns.map(([alias, sql]) => `${sql} AS ${alias}`).join(',\n  ')}\nFROM ${from}`;
}

function views(d: DialectSql): string[] {
  const named = (alias: string, table: 'queues' | 'agents', idSql: string, source: string) =>
    `LEFT JOIN ${table} ${alias} ON ${alias}.vendor = ${source}.vendor AND ${alias}.org = ${source}.org AND ${alias}.id = ${idSql}`;
  return [
    view(
      'v_queues',
      [
        ['vendor', 'q.vendor'],
        ['org', 'q.org'],
        ['queue_id', 'q.id'],
        ['queue_name', 'q.name'],
        ['media_type', 'q.media_type'],
        ['division_id', 'q.division_id'],
        ['synced_at', d.ts('q.synced_at_ms')],
      ],
      'queues q',
    ),
    view(
      'v_agents',
      [
        ['vendor', 'a.vendor'],
        ['org', 'a.org'],
        ['agent_id', 'a.id'],
        ['agent_name', 'a.name'],
        ['email', 'a.email'],
        ['synced_at', d.ts('a.synced_at_ms')],
      ],
      'agents a',
    ),
    view(
      'v_queue_intervals',
      [
        ['interval_start', d.ts('i.interval_start_ms')],
        ['interval_end', d.ts('i.interval_end_ms')],
        ['vendor', 'i.vendor'],
        ['org', 'i.org'],
        ['queue_id', 'i.queue_id'],
        ['queue_name', 'q.name'],
        ['media_type', 'i.media_type'],
        ['offered', 'i.offered'],
        ['answered', 'i.answered'],
        ['abandoned', 'i.abandoned'],
        ['handled', 'i.handled'],
        ['transferred', 'i.transferred'],
        ['abandon_rate', ratio('i.abandoned', 'i.offered')],
        ['service_level', ratio('i.service_level_numerator', 'i.service_level_denominator')],
        ['service_level_target', 'i.service_level_target'],
        ['within_sl', 'i.service_level_numerator'],
        ['sl_counted', 'i.service_level_denominator'],
        ['asa_s', `${ratio('i.answer_wait_ms', 'i.answered')} / 1000`],
        ['aht_s', `${ratio('i.handle_ms', 'i.answered')} / 1000`],
        ['wait_s', seconds('i.wait_ms')],
        ['answer_wait_s', seconds('i.answer_wait_ms')],
        ['talk_s', seconds('i.talk_ms')],
        ['hold_s', seconds('i.hold_ms')],
        ['acw_s', seconds('i.acw_ms')],
        ['handle_s', seconds('i.handle_ms')],
        ['synced_at', d.ts('i.synced_at_ms')],
      ],
      `queue_intervals i ${named('q', 'queues', 'i.queue_id', 'i')}`,
    ),
    view(
      'v_agent_intervals',
      [
        ['interval_start', d.ts('i.interval_start_ms')],
        ['interval_end', d.ts('i.interval_end_ms')],
        ['vendor', 'i.vendor'],
        ['org', 'i.org'],
        ['agent_id', 'i.agent_id'],
        ['agent_name', 'a.name'],
        ['handled', 'i.handled'],
        ['aht_s', `${ratio('i.handle_ms', 'i.handled')} / 1000`],
        ['occupancy', ratio('i.on_queue_ms - i.idle_ms', 'i.on_queue_ms')],
        ['talk_s', seconds('i.talk_ms')],
        ['hold_s', seconds('i.hold_ms')],
        ['acw_s', seconds('i.acw_ms')],
        ['handle_s', seconds('i.handle_ms')],
        ['on_queue_s', seconds('i.on_queue_ms')],
        ['idle_s', seconds('i.idle_ms')],
        ['synced_at', d.ts('i.synced_at_ms')],
      ],
      `agent_intervals i ${named('a', 'agents', 'i.agent_id', 'i')}`,
    ),
    view(
      'v_conversations',
      [
        ['start_time', d.ts('c.start_ms')],
        ['end_time', d.ts('c.end_ms')],
        ['vendor', 'c.vendor'],
        ['org', 'c.org'],
        ['conversation_id', 'c.id'],
        ['media_type', 'c.media_type'],
        ['direction', 'c.direction'],
        ['queue_id', d.firstOf('c.queue_ids')],
        ['queue_name', 'q.name'],
        ['agent_id', d.firstOf('c.agent_ids')],
        ['agent_name', 'a.name'],
        ['answered', 'c.answered'],
        ['abandoned', 'c.abandoned'],
        ['wait_s', seconds('c.wait_ms')],
        ['handle_s', seconds('c.handle_ms')],
        ['wrap_up_code', 'c.wrap_up_code'],
        ['ani', 'c.ani'],
        ['dnis', 'c.dnis'],
        ['queue_ids', 'c.queue_ids'],
        ['agent_ids', 'c.agent_ids'],
        ['last_updated', d.ts('c.last_updated_ms')],
        ['synced_at', d.ts('c.synced_at_ms')],
      ],
      `conversations c ${named('q', 'queues', d.firstOf('c.queue_ids'), 'c')} ${named('a', 'agents', d.firstOf('c.agent_ids'), 'c')}`,
    ),
    view(
      'v_queue_snapshots',
      [
        ['sampled_at', d.ts('s.at_ms')],
        ['vendor', 's.vendor'],
        ['org', 's.org'],
        ['queue_id', 's.queue_id'],
        ['queue_name', 'q.name'],
        ['waiting', 's.waiting'],
        ['interacting', 's.interacting'],
        ['on_queue_agents', 's.on_queue_agents'],
        ['active_agents', 's.active_agents'],
        ['available_agents', 's.available_agents'],
        ['longest_wait_s', seconds('s.longest_wait_ms')],
        ['synced_at', d.ts('s.synced_at_ms')],
      ],
      `queue_snapshots s ${named('q', 'queues', 's.queue_id', 's')}`,
    ),
    view(
      'v_stream_freshness',
      [
        ['stream', 's.stream'],
        ['vendor', d.streamPart('s.stream', 1)],
        ['org', d.streamPart('s.stream', 2)],
        ['data', d.streamPart('s.stream', 3)],
        ['synced_until', d.ts(d.member('c.value', 'watermark'))],
        ['settled_until', d.ts(d.member('c.value', 'settledUntil'))],
        ['last_run_started', d.ts('r.started_at_ms')],
        ['last_run_finished', d.ts('r.finished_at_ms')],
        ['last_run_rows', 'r.rows_written'],
        ['last_error', 'r.error'],
      ],
      `(SELECT stream FROM checkpoints UNION SELECT stream FROM stream_runs) s
LEFT JOIN checkpoints c ON c.stream = s.stream
LEFT JOIN stream_runs r ON r.stream = s.stream`,
    ),
  ];
}

export function historyStatements(dialect: Dialect): string[] {
  return [
    ...STAMPED.map((table) => `ALTER TABLE ${table} ADD COLUMN synced_at_ms BIGINT NOT NULL DEFAULT 0`),
    // Exports read the big tables in change order.
    ...['conversations', 'queue_intervals', 'agent_intervals'].map(
      (table) => `CREATE INDEX ${table}_by_change ON ${table} (synced_at_ms)`,
    ),
    `CREATE TABLE stream_runs (
        stream TEXT NOT NULL PRIMARY KEY, started_at_ms BIGINT NOT NULL, finished_at_ms BIGINT NOT NULL,
        windows BIGINT NOT NULL, rows_written BIGINT NOT NULL, error TEXT)`,
    ...views(DIALECTS[dialect]),
  ];
}
