// Model records <-> flat table rows (values in TABLES column order). Keys repeated within one batch
// keep the last record, because PostgreSQL refuses to upsert the same key twice in one statement.
import type {
  Agent,
  AgentInterval,
  Conversation,
  MediaType,
  Participant,
  Queue,
  QueueInterval,
  QueueSnapshot,
  Segment,
  Vendor,
} from '../model/index.js';
import type { Batch, StreamRun } from './sink.js';
import { type Cell, type StoredTableName, TABLES } from './tables.js';

export type Row = Cell[];

/** A queue interval over every media type is stored as `all`, so the key column is never NULL. */
const ALL_MEDIA = 'all';

const opt = <T>(value: T | undefined): T | null => (value === undefined ? null : value);

function queueRow(q: Queue): Row {
  return [q.vendor, q.org, q.id, q.name, opt(q.mediaType), opt(q.divisionId)];
}

function agentRow(a: Agent): Row {
  return [a.vendor, a.org, a.id, a.name, opt(a.email)];
}

function conversationRow(c: Conversation): Row {
  return [
    c.vendor,
    c.org,
    c.id,
    c.start,
    opt(c.end),
    opt(c.direction),
    c.mediaType,
    JSON.stringify(c.queueIds),
    JSON.stringify(c.agentIds),
    c.answered,
    c.abandoned,
    opt(c.waitMs),
    opt(c.handleMs),
    opt(c.wrapUpCode),
    opt(c.ani),
    opt(c.dnis),
    opt(c.lastUpdated),
  ];
}

function queueIntervalRow(q: QueueInterval): Row {
  return [
    q.vendor,
    q.org,
    q.queueId,
    q.mediaType ?? ALL_MEDIA,
    q.intervalStart,
    q.intervalEnd,
    q.offered,
    q.answered,
    q.abandoned,
    opt(q.handled),
    q.transferred,
    q.waitMs,
    q.answerWaitMs,
    q.talkMs,
    q.holdMs,
    q.acwMs,
    q.handleMs,
    q.serviceLevelNumerator,
    q.serviceLevelDenominator,
    opt(q.serviceLevelTarget),
  ];
}

function agentIntervalRow(a: AgentInterval): Row {
  return [
    a.vendor,
    a.org,
    a.agentId,
    a.intervalStart,
    a.intervalEnd,
    a.handled,
    a.talkMs,
    a.holdMs,
    a.acwMs,
    a.handleMs,
    opt(a.onQueueMs),
    opt(a.idleMs),
  ];
}

function snapshotRow(s: QueueSnapshot): Row {
  return [
    s.vendor,
    s.org,
    s.queueId,
    s.at,
    s.waiting,
    s.interacting,
    s.onQueueAgents,
    s.activeAgents,
    opt(s.availableAgents),
    opt(s.longestWaitMs),
  ];
}

function streamRunRow(r: StreamRun): Row {
  return [r.stream, r.startedAt, r.finishedAt, r.windows, r.rows, opt(r.error)];
}

function lastByKey(table: StoredTableName, rows: Row[]): Row[] {
  const spec = TABLES[table];
  const positions = spec.key.map((k) => spec.columns.findIndex(([name]) => name === k));
  const byKey = new Map<string, Row>();
  for (const row of rows) byKey.set(JSON.stringify(positions.map((p) => row[p])), row);
  return byKey.size === rows.length ? rows : [...byKey.values()];
}

export interface ConversationRows {
  /** (vendor, org, id) of every conversation whose children are replaced. */
  keys: [Vendor, string, string][];
  /** Per conversation (as keys), the segments of each participant: stored children past these go. */
  shapes: number[][];
  conversations: Row[];
  participants: Row[];
  segments: Row[];
}

export function conversationRows(list: readonly Conversation[]): ConversationRows {
  const latest = new Map<string, Conversation>();
  for (const c of list) latest.set(`${c.vendor}\u0000${c.org}\u0000${c.id}`, c);
  const out: ConversationRows = { keys: [], shapes: [], conversations: [], participants: [], segments: [] };
  for (const c of latest.values()) {
    const { vendor, org, id } = c;
    const shape: number[] = [];
    out.keys.push([vendor, org, id]);
    out.shapes.push(shape);
    out.conversations.push(conversationRow(c));
    for (let pi = 0; pi < c.participants.length; pi++) {
      const p = c.participants[pi] as Participant;
      shape.push(p.segments.length);
      out.participants.push([vendor, org, id, pi, p.id, p.purpose, opt(p.userId), opt(p.queueId)]);
      for (let si = 0; si < p.segments.length; si++) {
        const s = p.segments[si] as Segment;
        out.segments.push([
          vendor,
          org,
          id,
          pi,
          si,
          s.type,
          s.start,
          opt(s.end),
          opt(s.queueId),
          opt(s.userId),
          opt(s.disconnectType),
          opt(s.wrapUpCode),
        ]);
      }
    }
  }
  return out;
}

/** A batch's conversations as rows: given so, or made here from its records. */
export function batchConversationRows(batch: Batch): ConversationRows | undefined {
  const rows =
    batch.conversationRows ?? (batch.conversations?.length ? conversationRows(batch.conversations) : undefined);
  return rows && rows.keys.length > 0 ? rows : undefined;
}

/** Several pages' rows as one batch's: the pages must not repeat a conversation (the details query's do not). */
export function mergeConversationRows(pages: readonly ConversationRows[]): ConversationRows {
  if (pages.length === 1) return pages[0] as ConversationRows;
  const out: ConversationRows = { keys: [], shapes: [], conversations: [], participants: [], segments: [] };
  for (const page of pages)
    for (const part of ['keys', 'shapes', 'conversations', 'participants', 'segments'] as const)
      for (const item of page[part]) (out[part] as unknown[]).push(item);
  return out;
}

/** The rows without those of these conversation ids (every table's rows carry the id third). */
export function omitConversations(rows: ConversationRows, ids: ReadonlySet<string>): ConversationRows {
  const keep = (row: readonly unknown[]) => !ids.has(row[2] as string);
  return {
    keys: rows.keys.filter(keep),
    shapes: rows.shapes.filter((_, i) => keep(rows.keys[i] ?? [])),
    conversations: rows.conversations.filter(keep),
    participants: rows.participants.filter(keep),
    segments: rows.segments.filter(keep),
  };
}

/** The upserted (not replaced) tables of a batch, in write order, with rows de-duplicated by key. */
export function upsertRows(batch: Batch): [StoredTableName, Row[]][] {
  const tables: [StoredTableName, Row[]][] = [
    ['queues', (batch.queues ?? []).map(queueRow)],
    ['agents', (batch.agents ?? []).map(agentRow)],
    ['queue_intervals', (batch.queueIntervals ?? []).map(queueIntervalRow)],
    ['agent_intervals', (batch.agentIntervals ?? []).map(agentIntervalRow)],
    ['queue_snapshots', (batch.queueSnapshots ?? []).map(snapshotRow)],
    ['stream_runs', (batch.streamRuns ?? []).map(streamRunRow)],
  ];
  return tables.filter(([, rows]) => rows.length > 0).map(([table, rows]) => [table, lastByKey(table, rows)]);
}

/** A queue_intervals row as read back (already normalised) -> the model record. */
export function toQueueInterval(r: Record<string, Cell>): QueueInterval {
  const num = (column: string) => r[column] as number;
  const maybe = (column: string) => (r[column] === null ? undefined : (r[column] as number));
  return {
    vendor: r.vendor as Vendor,
    org: r.org as string,
    queueId: r.queue_id as string,
    intervalStart: num('interval_start_ms'),
    intervalEnd: num('interval_end_ms'),
    mediaType: r.media_type === ALL_MEDIA ? undefined : (r.media_type as MediaType),
    offered: num('offered'),
    answered: num('answered'),
    abandoned: num('abandoned'),
    handled: maybe('handled'),
    transferred: num('transferred'),
    waitMs: num('wait_ms'),
    answerWaitMs: num('answer_wait_ms'),
    talkMs: num('talk_ms'),
    holdMs: num('hold_ms'),
    acwMs: num('acw_ms'),
    handleMs: num('handle_ms'),
    serviceLevelNumerator: num('service_level_numerator'),
    serviceLevelDenominator: num('service_level_denominator'),
    serviceLevelTarget: maybe('service_level_target'),
  };
}
