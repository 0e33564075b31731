// The readable schema as a contract: every table and view with its columns, their kinds and what
// they mean. Reads and exports check names against it and normalise values by it (so both databases
// give the same JSON), and docs/schema.md is generated from it plus the migrated databases; a test
// fails when a migration and this catalog (or the doc) disagree.
import { type ColumnKind, type StoredTableName, SYNCED_AT, TABLES } from './tables.js';

/** `timestamp`: timestamptz in PostgreSQL, ISO-8601 UTC text (`2026-03-08T07:00:00.000Z`) in SQLite. */
export type RelationColumnKind = ColumnKind | 'timestamp';

export interface RelationColumn {
  name: string;
  kind: RelationColumnKind;
  doc: string;
}

export interface Relation {
  name: string;
  kind: 'table' | 'view';
  doc: string;
  columns: readonly RelationColumn[];
}

type Docs = Record<string, string>;

const SOURCE: Docs = {
  vendor: '`genesys` or `cxone`.',
  org: 'The configured org or tenant name (`default` unless GENESYS_ORGS/CXONE_ORGS name several).',
};
const STAMP = 'When ccpulse last wrote a change to this row (epoch ms); exports pull increments by it.';
const SYNCED = 'When ccpulse last wrote a change to this row; `ccpulse export --since` pulls increments by it.';
const INTERVAL_BOUNDS: Docs = {
  interval_start: 'Start of the interval (inclusive).',
  interval_end: 'End of the interval (exclusive).',
};
const QUEUE_MEASURES: Docs = {
  offered: 'Contacts that entered the queue (Genesys nOffered; CXone contactsOffered).',
  answered: 'Contacts an agent answered.',
  abandoned: 'Contacts the customer left while waiting.',
  handled: 'Contacts an agent finished handling, where the vendor says (else NULL).',
  transferred: 'Contacts transferred out.',
  abandon_rate: 'abandoned / offered, 0-1 (NULL when nothing was offered).',
  service_level: 'within_sl / sl_counted, 0-1 (NULL when nothing was counted).',
  service_level_target: "The queue's service-level goal, 0-1, where the vendor says.",
  within_sl: 'Contacts answered within the service-level threshold.',
  sl_counted: 'Contacts counted towards the service level.',
  asa_s: 'Average speed of answer, seconds: answer_wait_s / answered.',
  aht_s: 'Average handle time, seconds: handle_s / answered.',
  wait_s: 'Total time in queue of all contacts (answered or not), seconds.',
  answer_wait_s: 'Total time in queue of the answered contacts, seconds.',
  talk_s: 'Total talk time, seconds.',
  hold_s: 'Total hold time, seconds.',
  acw_s: 'Total after-contact work (wrap-up) time, seconds.',
  handle_s: 'Total handle time (talk + hold + after-contact work), seconds.',
};
const AGENT_MEASURES: Docs = {
  handled: 'Contacts the agent handled.',
  aht_s: 'Average handle time, seconds: handle_s / handled.',
  occupancy: 'Share of on-queue time spent on contacts, 0-1: (on_queue_s - idle_s) / on_queue_s.',
  talk_s: 'Total talk time, seconds.',
  hold_s: 'Total hold time, seconds.',
  acw_s: 'Total after-contact work time, seconds.',
  handle_s: 'Total handle time, seconds.',
  on_queue_s: 'Time on queue (available or on a contact), seconds, where the vendor says.',
  idle_s: 'Time on queue without a contact, seconds, where the vendor says.',
};

const TABLE_DOCS: Record<StoredTableName, { doc: string; columns: Docs }> = {
  queues: {
    doc: 'Genesys routing queues and CXone skills, as last listed.',
    columns: {
      ...SOURCE,
      id: 'Genesys queue id; CXone skill id.',
      name: 'Queue (skill) name.',
      media_type: 'The one media type the queue serves (voice, chat, email, message, callback, other), when one.',
      division_id: 'Genesys division id (NULL for CXone).',
    },
  },
  agents: {
    doc: 'Genesys users and CXone agents, as last listed.',
    columns: {
      ...SOURCE,
      id: 'Genesys user id; CXone agent id.',
      name: 'Display name.',
      email: 'Email address, where the vendor gives it.',
    },
  },
  conversations: {
    doc: 'One row per Genesys conversation or CXone contact, upserted as the vendor changes it.',
    columns: {
      ...SOURCE,
      id: 'Genesys conversationId; CXone contactId.',
      start_ms: 'Start, epoch milliseconds (UTC).',
      end_ms: 'End, epoch milliseconds; NULL while under way.',
      direction: '`inbound` or `outbound`.',
      media_type: 'voice, chat, email, message, callback or other.',
      queue_ids: 'JSON array of the queue ids it went through, in order.',
      agent_ids: 'JSON array of the agent ids who handled it, in order.',
      answered: 'An agent answered it.',
      abandoned: 'The customer left while waiting.',
      wait_ms: 'Time in queue before answer or abandon, ms.',
      handle_ms: 'Talk + hold + after-contact work, ms.',
      wrap_up_code: 'Wrap-up code (Genesys) or disposition (CXone).',
      ani: "Caller's number as the vendor gives it.",
      dnis: 'Dialled number as the vendor gives it.',
      last_updated_ms: 'When the vendor last changed the record, epoch ms, if it says.',
    },
  },
  participants: {
    doc: 'Participants of each conversation, replaced whenever the conversation is read again.',
    columns: {
      ...SOURCE,
      conversation_id: 'The conversation (conversations.id).',
      seq: 'Order within the conversation, from 0.',
      participant_id: "The vendor's participant id (CXone: derived `agent`/`acd`).",
      purpose: 'customer, agent, acd, ivr, external or other.',
      user_id: 'The agent (agents.id), for agent participants.',
      queue_id: 'The queue (queues.id), where one applies.',
    },
  },
  segments: {
    doc: "Segments of each participant's time, replaced with their conversation.",
    columns: {
      ...SOURCE,
      conversation_id: 'The conversation (conversations.id).',
      participant_seq: 'The participant (participants.seq).',
      seq: 'Order within the participant, from 0.',
      segment_type: 'interact, alert, hold, wrapup, ivr, dialing or other.',
      start_ms: 'Start, epoch ms.',
      end_ms: 'End, epoch ms; NULL while open.',
      queue_id: 'Queue of the segment, where one applies.',
      user_id: 'Agent of the segment, where the vendor names one.',
      disconnect_type: "The vendor's own word for how it ended (client, peer, transfer, ...).",
      wrap_up_code: 'Wrap-up code given in this segment.',
    },
  },
  queue_intervals: {
    doc: "A queue's totals per interval (Genesys aggregates: 30 minutes; CXone skills summary: an hour). Sums, never averages, so intervals add up.",
    columns: {
      ...SOURCE,
      queue_id: 'The queue (queues.id).',
      media_type: 'Media type of these totals, or `all` when they cover every media type of the queue.',
      interval_start_ms: 'Interval start, epoch ms (inclusive).',
      interval_end_ms: 'Interval end, epoch ms (exclusive).',
      offered: QUEUE_MEASURES.offered as string,
      answered: QUEUE_MEASURES.answered as string,
      abandoned: QUEUE_MEASURES.abandoned as string,
      handled: QUEUE_MEASURES.handled as string,
      transferred: QUEUE_MEASURES.transferred as string,
      wait_ms: 'Total time in queue of all contacts, ms.',
      answer_wait_ms: 'Total time in queue of the answered contacts, ms.',
      talk_ms: 'Total talk time, ms.',
      hold_ms: 'Total hold time, ms.',
      acw_ms: 'Total after-contact work time, ms.',
      handle_ms: 'Total handle time, ms.',
      service_level_numerator: QUEUE_MEASURES.within_sl as string,
      service_level_denominator: QUEUE_MEASURES.sl_counted as string,
      service_level_target: QUEUE_MEASURES.service_level_target as string,
    },
  },
  agent_intervals: {
    doc: "An agent's totals per interval (Genesys: 30 minutes; CXone: an hour).",
    columns: {
      ...SOURCE,
      agent_id: 'The agent (agents.id).',
      interval_start_ms: 'Interval start, epoch ms (inclusive).',
      interval_end_ms: 'Interval end, epoch ms (exclusive).',
      handled: AGENT_MEASURES.handled as string,
      talk_ms: 'Total talk time, ms.',
      hold_ms: 'Total hold time, ms.',
      acw_ms: 'Total after-contact work time, ms.',
      handle_ms: 'Total handle time, ms.',
      on_queue_ms: 'Time on queue, ms, where the vendor says.',
      idle_ms: 'Time on queue without a contact, ms, where the vendor says.',
    },
  },
  queue_snapshots: {
    doc: 'Live queue numbers sampled at a moment.',
    columns: {
      ...SOURCE,
      queue_id: 'The queue (queues.id).',
      at_ms: 'When sampled, epoch ms.',
      waiting: 'Contacts waiting.',
      interacting: 'Contacts with an agent.',
      on_queue_agents: 'Agents on queue.',
      active_agents: 'Agents logged in and active.',
      available_agents: 'Agents idle and ready, where the vendor says.',
      longest_wait_ms: 'Wait of the oldest waiting contact, ms, where the vendor says.',
    },
  },
  checkpoints: {
    doc: "Each sync stream's progress, committed with the rows it covers.",
    columns: {
      stream: 'vendor:org:data, e.g. `genesys:default:queue-intervals`.',
      value:
        'JSON: `watermark` (everything before it synced at least once, epoch ms), `settledUntil` (final, never re-read), `inFlight` (resumable windows).',
    },
  },
  stream_runs: {
    doc: "Each sync stream's last run (sync --once or the daemon).",
    columns: {
      stream: 'vendor:org:data, as in checkpoints.',
      started_at_ms: 'When the run started, epoch ms.',
      finished_at_ms: 'When it ended, epoch ms.',
      windows: 'Windows synced.',
      rows_written: 'Rows written.',
      error: 'Why it failed; NULL when it succeeded.',
    },
  },
};

type ViewSpec = { doc: string; columns: [string, RelationColumnKind, string][] };

const col = (docs: Docs, name: string, kind: RelationColumnKind): [string, RelationColumnKind, string] => [
  name,
  kind,
  docs[name] as string,
];
const sourceCols = (): [string, RelationColumnKind, string][] => [
  col(SOURCE, 'vendor', 'text'),
  col(SOURCE, 'org', 'text'),
];

const VIEWS: Record<string, ViewSpec> = {
  v_queues: {
    doc: 'Queues (CXone: skills) with their names.',
    columns: [
      ...sourceCols(),
      ['queue_id', 'text', 'Genesys queue id; CXone skill id.'],
      ['queue_name', 'text', 'Queue (skill) name.'],
      ['media_type', 'text', 'The one media type the queue serves, when one.'],
      ['division_id', 'text', 'Genesys division id.'],
      ['synced_at', 'timestamp', SYNCED],
    ],
  },
  v_agents: {
    doc: 'Agents with their names.',
    columns: [
      ...sourceCols(),
      ['agent_id', 'text', 'Genesys user id; CXone agent id.'],
      ['agent_name', 'text', 'Display name.'],
      ['email', 'text', 'Email address, where the vendor gives it.'],
      ['synced_at', 'timestamp', SYNCED],
    ],
  },
  v_queue_intervals: {
    doc: 'Queue totals per interval with the queue name and the usual measures precomputed. Sum the counts and `_s` totals across rows, then divide; never average the ratios.',
    columns: [
      col(INTERVAL_BOUNDS, 'interval_start', 'timestamp'),
      col(INTERVAL_BOUNDS, 'interval_end', 'timestamp'),
      ...sourceCols(),
      ['queue_id', 'text', 'Genesys queue id; CXone skill id.'],
      ['queue_name', 'text', 'Queue (skill) name; NULL until the queue is listed.'],
      ['media_type', 'text', 'Media type of these totals, or `all` for every media type of the queue.'],
      col(QUEUE_MEASURES, 'offered', 'int'),
      col(QUEUE_MEASURES, 'answered', 'int'),
      col(QUEUE_MEASURES, 'abandoned', 'int'),
      col(QUEUE_MEASURES, 'handled', 'int'),
      col(QUEUE_MEASURES, 'transferred', 'int'),
      col(QUEUE_MEASURES, 'abandon_rate', 'real'),
      col(QUEUE_MEASURES, 'service_level', 'real'),
      col(QUEUE_MEASURES, 'service_level_target', 'real'),
      col(QUEUE_MEASURES, 'within_sl', 'int'),
      col(QUEUE_MEASURES, 'sl_counted', 'int'),
      col(QUEUE_MEASURES, 'asa_s', 'real'),
      col(QUEUE_MEASURES, 'aht_s', 'real'),
      col(QUEUE_MEASURES, 'wait_s', 'real'),
      col(QUEUE_MEASURES, 'answer_wait_s', 'real'),
      col(QUEUE_MEASURES, 'talk_s', 'real'),
      col(QUEUE_MEASURES, 'hold_s', 'real'),
      col(QUEUE_MEASURES, 'acw_s', 'real'),
      col(QUEUE_MEASURES, 'handle_s', 'real'),
      ['synced_at', 'timestamp', SYNCED],
    ],
  },
  v_agent_intervals: {
    doc: 'Agent totals per interval with the agent name, AHT and occupancy precomputed.',
    columns: [
      col(INTERVAL_BOUNDS, 'interval_start', 'timestamp'),
      col(INTERVAL_BOUNDS, 'interval_end', 'timestamp'),
      ...sourceCols(),
      ['agent_id', 'text', 'Genesys user id; CXone agent id.'],
      ['agent_name', 'text', 'Display name; NULL until the agent is listed.'],
      col(AGENT_MEASURES, 'handled', 'int'),
      col(AGENT_MEASURES, 'aht_s', 'real'),
      col(AGENT_MEASURES, 'occupancy', 'real'),
      col(AGENT_MEASURES, 'talk_s', 'real'),
      col(AGENT_MEASURES, 'hold_s', 'real'),
      col(AGENT_MEASURES, 'acw_s', 'real'),
      col(AGENT_MEASURES, 'handle_s', 'real'),
      col(AGENT_MEASURES, 'on_queue_s', 'real'),
      col(AGENT_MEASURES, 'idle_s', 'real'),
      ['synced_at', 'timestamp', SYNCED],
    ],
  },
  v_conversations: {
    doc: 'One row per conversation (CXone: contact) with its first queue and agent named.',
    columns: [
      ['start_time', 'timestamp', 'When it started.'],
      ['end_time', 'timestamp', 'When it ended; NULL while under way.'],
      ...sourceCols(),
      ['conversation_id', 'text', 'Genesys conversationId; CXone contactId.'],
      ['media_type', 'text', 'voice, chat, email, message, callback or other.'],
      ['direction', 'text', '`inbound` or `outbound`.'],
      ['queue_id', 'text', 'The first queue it went through.'],
      ['queue_name', 'text', "That queue's name."],
      ['agent_id', 'text', 'The first agent who handled it.'],
      ['agent_name', 'text', "That agent's name."],
      ['answered', 'bool', 'An agent answered it (SQLite: 1/0).'],
      ['abandoned', 'bool', 'The customer left while waiting (SQLite: 1/0).'],
      ['wait_s', 'real', 'Time in queue before answer or abandon, seconds.'],
      ['handle_s', 'real', 'Talk + hold + after-contact work, seconds.'],
      ['wrap_up_code', 'text', 'Wrap-up code (Genesys) or disposition (CXone).'],
      ['ani', 'text', "Caller's number as the vendor gives it."],
      ['dnis', 'text', 'Dialled number as the vendor gives it.'],
      ['queue_ids', 'text', 'JSON array of every queue it went through, in order.'],
      ['agent_ids', 'text', 'JSON array of every agent who handled it, in order.'],
      ['last_updated', 'timestamp', 'When the vendor last changed it, if it says.'],
      ['synced_at', 'timestamp', SYNCED],
    ],
  },
  v_queue_snapshots: {
    doc: 'Live queue samples with the queue name.',
    columns: [
      ['sampled_at', 'timestamp', 'When the numbers were read.'],
      ...sourceCols(),
      ['queue_id', 'text', 'Genesys queue id; CXone skill id.'],
      ['queue_name', 'text', 'Queue (skill) name.'],
      ['waiting', 'int', 'Contacts waiting.'],
      ['interacting', 'int', 'Contacts with an agent.'],
      ['on_queue_agents', 'int', 'Agents on queue.'],
      ['active_agents', 'int', 'Agents logged in and active.'],
      ['available_agents', 'int', 'Agents idle and ready, where the vendor says.'],
      ['longest_wait_s', 'real', 'Wait of the oldest waiting contact, seconds, where the vendor says.'],
      ['synced_at', 'timestamp', SYNCED],
    ],
  },
  v_stream_freshness: {
    doc: 'How fresh the data is: per sync stream, how far it is synced, what is final, and its last run. A Grafana/Metabase freshness panel reads this.',
    columns: [
      ['stream', 'text', 'vendor:org:data, e.g. `genesys:default:queue-intervals`.'],
      ...sourceCols(),
      [
        'data',
        'text',
        'What the stream syncs: queue-intervals, agent-intervals, conversations, directory (Genesys); skill-intervals, agent-intervals, contacts (CXone).',
      ],
      [
        'synced_until',
        'timestamp',
        'Everything before this was synced at least once (CXone contacts: the newest update read).',
      ],
      ['settled_until', 'timestamp', 'Everything before this was read after the vendor stopped changing it (final).'],
      ['last_run_started', 'timestamp', 'When the last run started.'],
      ['last_run_finished', 'timestamp', 'When the last run ended.'],
      ['last_run_rows', 'int', 'Rows the last run wrote.'],
      ['last_error', 'text', 'Why the last run failed; NULL when it succeeded.'],
    ],
  },
};

function tableRelation(name: StoredTableName): Relation {
  const spec = TABLES[name];
  const docs = TABLE_DOCS[name];
  const columns: RelationColumn[] = spec.columns.map(([column, kind]) => ({
    name: column,
    kind,
    doc: docs.columns[column] ?? '',
  }));
  if (spec.stamped) columns.push({ name: SYNCED_AT, kind: 'int', doc: STAMP });
  return { name, kind: 'table', doc: docs.doc, columns };
}

/** Every table, then every view, as documented. */
export const RELATIONS: readonly Relation[] = [
  ...(Object.keys(TABLES) as StoredTableName[]).map(tableRelation),
  ...Object.entries(VIEWS).map(
    ([name, v]): Relation => ({
      name,
      kind: 'view',
      doc: v.doc,
      columns: v.columns.map(([column, kind, doc]) => ({ name: column, kind, doc })),
    }),
  ),
];

export const relationNamed = (name: string): Relation | undefined => RELATIONS.find((r) => r.name === name);
