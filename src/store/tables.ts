// The data tables as the code sees them: column kinds and keys, used to build upserts and to read
// rows back the same way from both databases. The DDL lives in migrations.ts; a test checks the two
// agree column for column.

export type ColumnKind = 'text' | 'int' | 'real' | 'bool';

export interface TableSpec {
  name: StoredTableName;
  /** Column name -> kind, in insert order. */
  columns: readonly (readonly [string, ColumnKind])[];
  /** The primary key: upserts conflict on it and dumps sort by it. */
  key: readonly string[];
  /**
   * Rows carry `synced_at_ms`, set by the sink when the row is written or changed (not on a rewrite
   * with equal values): what exports pull increments by. Bookkeeping, so dumps leave it out.
   */
  stamped: boolean;
}

export const SYNCED_AT = 'synced_at_ms';

export const TABLE_NAMES = [
  'queues',
  'agents',
  'conversations',
  'participants',
  'segments',
  'queue_intervals',
  'agent_intervals',
  'queue_snapshots',
  'checkpoints',
] as const;
/** The tables whose contents two equal syncs agree on: what dump() and counts() cover. */
export type TableName = (typeof TABLE_NAMES)[number];
/** Every table, including the bookkeeping of when each stream last ran (which differs run to run). */
export type StoredTableName = TableName | 'stream_runs';

const source = [
  ['vendor', 'text'],
  ['org', 'text'],
] as const;

export const TABLES: Record<StoredTableName, TableSpec> = {
  queues: {
    name: 'queues',
    columns: [...source, ['id', 'text'], ['name', 'text'], ['media_type', 'text'], ['division_id', 'text']],
    key: ['vendor', 'org', 'id'],
    stamped: true,
  },
  agents: {
    name: 'agents',
    columns: [...source, ['id', 'text'], ['name', 'text'], ['email', 'text']],
    key: ['vendor', 'org', 'id'],
    stamped: true,
  },
  conversations: {
    name: 'conversations',
    columns: [
      ...source,
      ['id', 'text'],
      ['start_ms', 'int'],
      ['end_ms', 'int'],
      ['direction', 'text'],
      ['media_type', 'text'],
      ['queue_ids', 'text'],
      ['agent_ids', 'text'],
      ['answered', 'bool'],
      ['abandoned', 'bool'],
      ['wait_ms', 'int'],
      ['handle_ms', 'int'],
      ['wrap_up_code', 'text'],
      ['ani', 'text'],
      ['dnis', 'text'],
      ['last_updated_ms', 'int'],
    ],
    key: ['vendor', 'org', 'id'],
    stamped: true,
  },
  participants: {
    name: 'participants',
    columns: [
      ...source,
      ['conversation_id', 'text'],
      ['seq', 'int'],
      ['participant_id', 'text'],
      ['purpose', 'text'],
      ['user_id', 'text'],
      ['queue_id', 'text'],
    ],
    key: ['vendor', 'org', 'conversation_id', 'seq'],
    stamped: true,
  },
  segments: {
    name: 'segments',
    columns: [
      ...source,
      ['conversation_id', 'text'],
      ['participant_seq', 'int'],
      ['seq', 'int'],
      ['segment_type', 'text'],
      ['start_ms', 'int'],
      ['end_ms', 'int'],
      ['queue_id', 'text'],
      ['user_id', 'text'],
      ['disconnect_type', 'text'],
      ['wrap_up_code', 'text'],
    ],
    key: ['vendor', 'org', 'conversation_id', 'participant_seq', 'seq'],
    stamped: true,
  },
  queue_intervals: {
    name: 'queue_intervals',
    columns: [
      ...source,
      ['queue_id', 'text'],
      ['media_type', 'text'],
      ['interval_start_ms', 'int'],
      ['interval_end_ms', 'int'],
      ['offered', 'int'],
      ['answered', 'int'],
      ['abandoned', 'int'],
      ['handled', 'int'],
      ['transferred', 'int'],
      ['wait_ms', 'int'],
      ['answer_wait_ms', 'int'],
      ['talk_ms', 'int'],
      ['hold_ms', 'int'],
      ['acw_ms', 'int'],
      ['handle_ms', 'int'],
      ['service_level_numerator', 'int'],
      ['service_level_denominator', 'int'],
      ['service_level_target', 'real'],
    ],
    key: ['vendor', 'org', 'queue_id', 'media_type', 'interval_start_ms', 'interval_end_ms'],
    stamped: true,
  },
  agent_intervals: {
    name: 'agent_intervals',
    columns: [
      ...source,
      ['agent_id', 'text'],
      ['interval_start_ms', 'int'],
      ['interval_end_ms', 'int'],
      ['handled', 'int'],
      ['talk_ms', 'int'],
      ['hold_ms', 'int'],
      ['acw_ms', 'int'],
      ['handle_ms', 'int'],
      ['on_queue_ms', 'int'],
      ['idle_ms', 'int'],
    ],
    key: ['vendor', 'org', 'agent_id', 'interval_start_ms', 'interval_end_ms'],
    stamped: true,
  },
  queue_snapshots: {
    name: 'queue_snapshots',
    columns: [
      ...source,
      ['queue_id', 'text'],
      ['at_ms', 'int'],
      ['waiting', 'int'],
      ['interacting', 'int'],
      ['on_queue_agents', 'int'],
      ['active_agents', 'int'],
      ['available_agents', 'int'],
      ['longest_wait_ms', 'int'],
    ],
    key: ['vendor', 'org', 'queue_id', 'at_ms'],
    stamped: true,
  },
  checkpoints: {
    name: 'checkpoints',
    columns: [
      ['stream', 'text'],
      ['value', 'text'],
    ],
    key: ['stream'],
    stamped: false,
  },
  stream_runs: {
    name: 'stream_runs',
    columns: [
      ['stream', 'text'],
      ['started_at_ms', 'int'],
      ['finished_at_ms', 'int'],
      ['windows', 'int'],
      ['rows_written', 'int'],
      ['error', 'text'],
    ],
    key: ['stream'],
    stamped: false,
  },
};

/** The columns an insert writes: the table's own, then the stamp. */
export const writtenColumns = (spec: TableSpec): string[] => [
  ...spec.columns.map(([name]) => name),
  ...(spec.stamped ? [SYNCED_AT] : []),
];

export type Cell = string | number | boolean | null;

/** A value as read from either driver -> one canonical JS value (SQLite gives booleans as 0/1). */
export function normalizeCell(kind: ColumnKind, value: unknown): Cell {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'bool':
      return Boolean(value);
    case 'int':
    case 'real':
      return Number(value);
    case 'text':
      return String(value);
  }
}

/** Code-unit order, not a database collation: PostgreSQL's locale collation would differ from SQLite's. */
export function compareByKey(spec: TableSpec) {
  return (a: Record<string, Cell>, b: Record<string, Cell>): number => {
    for (const column of spec.key) {
      const x = a[column] ?? null;
      const y = b[column] ?? null;
      if (x === y) continue;
      if (x === null) return -1;
      if (y === null) return 1;
      return x < y ? -1 : 1;
    }
    return 0;
  };
}
