// Numbered schema migrations, in a SQL subset both SQLite and PostgreSQL accept (BIGINT, DOUBLE
// PRECISION, BOOLEAN, TEXT), or per dialect where they cannot agree (views: timestamps, JSON). A
// migration, once released, never changes: add a new number instead. Times and durations in the
// tables are BIGINT epoch/milliseconds, as in the model; the views turn them into timestamps and seconds.
import { historyStatements } from './history-schema-v3.js';

export type Dialect = 'sqlite' | 'postgres';

interface Migration {
  version: number;
  name: string;
  statements: readonly string[] | Readonly<Record<Dialect, readonly string[]>>;
}

/** The statements of a migration in one dialect. */
export const statementsFor = (m: Migration, dialect: Dialect): readonly string[] =>
  Array.isArray(m.statements) ? m.statements : (m.statements as Record<Dialect, readonly string[]>)[dialect];

export const MIGRATIONS_TABLE = 'schema_migrations';

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'model tables and checkpoints',
    statements: [
      `CREATE TABLE queues (
        vendor TEXT NOT NULL, org TEXT NOT NULL, id TEXT NOT NULL,
        name TEXT NOT NULL, media_type TEXT, division_id TEXT,
        PRIMARY KEY (vendor, org, id))`,
      `CREATE TABLE agents (
        vendor TEXT NOT NULL, org TEXT NOT NULL, id TEXT NOT NULL,
        name TEXT NOT NULL, email TEXT,
        PRIMARY KEY (vendor, org, id))`,
      `CREATE TABLE conversations (
        vendor TEXT NOT NULL, org TEXT NOT NULL, id TEXT NOT NULL,
        start_ms BIGINT NOT NULL, end_ms BIGINT, direction TEXT, media_type TEXT NOT NULL,
        queue_ids TEXT NOT NULL, agent_ids TEXT NOT NULL,
        answered BOOLEAN NOT NULL, abandoned BOOLEAN NOT NULL,
        wait_ms BIGINT, handle_ms BIGINT, wrap_up_code TEXT, ani TEXT, dnis TEXT, last_updated_ms BIGINT,
        PRIMARY KEY (vendor, org, id))`,
      `CREATE TABLE participants (
        vendor TEXT NOT NULL, org TEXT NOT NULL, conversation_id TEXT NOT NULL, seq BIGINT NOT NULL,
        participant_id TEXT NOT NULL, purpose TEXT NOT NULL, user_id TEXT, queue_id TEXT,
        PRIMARY KEY (vendor, org, conversation_id, seq))`,
      `CREATE TABLE segments (
        vendor TEXT NOT NULL, org TEXT NOT NULL, conversation_id TEXT NOT NULL,
        participant_seq BIGINT NOT NULL, seq BIGINT NOT NULL,
        segment_type TEXT NOT NULL, start_ms BIGINT NOT NULL, end_ms BIGINT,
        queue_id TEXT, user_id TEXT, disconnect_type TEXT, wrap_up_code TEXT,
        PRIMARY KEY (vendor, org, conversation_id, participant_seq, seq))`,
      `CREATE TABLE queue_intervals (
        vendor TEXT NOT NULL, org TEXT NOT NULL, queue_id TEXT NOT NULL, media_type TEXT NOT NULL,
        interval_start_ms BIGINT NOT NULL, interval_end_ms BIGINT NOT NULL,
        offered BIGINT NOT NULL, answered BIGINT NOT NULL, abandoned BIGINT NOT NULL, handled BIGINT,
        transferred BIGINT NOT NULL,
        wait_ms BIGINT NOT NULL, answer_wait_ms BIGINT NOT NULL, talk_ms BIGINT NOT NULL,
        hold_ms BIGINT NOT NULL, acw_ms BIGINT NOT NULL, handle_ms BIGINT NOT NULL,
        service_level_numerator BIGINT NOT NULL, service_level_denominator BIGINT NOT NULL,
        service_level_target DOUBLE PRECISION,
        PRIMARY KEY (vendor, org, queue_id, media_type, interval_start_ms, interval_end_ms))`,
      `CREATE TABLE agent_intervals (
        vendor TEXT NOT NULL, org TEXT NOT NULL, agent_id TEXT NOT NULL,
        interval_start_ms BIGINT NOT NULL, interval_end_ms BIGINT NOT NULL,
        handled BIGINT NOT NULL, talk_ms BIGINT NOT NULL, hold_ms BIGINT NOT NULL, acw_ms BIGINT NOT NULL,
        handle_ms BIGINT NOT NULL, on_queue_ms BIGINT, idle_ms BIGINT,
        PRIMARY KEY (vendor, org, agent_id, interval_start_ms, interval_end_ms))`,
      `CREATE TABLE queue_snapshots (
        vendor TEXT NOT NULL, org TEXT NOT NULL, queue_id TEXT NOT NULL, at_ms BIGINT NOT NULL,
        waiting BIGINT NOT NULL, interacting BIGINT NOT NULL, on_queue_agents BIGINT NOT NULL,
        active_agents BIGINT NOT NULL, available_agents BIGINT, longest_wait_ms BIGINT,
        PRIMARY KEY (vendor, org, queue_id, at_ms))`,
      `CREATE TABLE checkpoints (
        stream TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL)`,
    ],
  },
  {
    version: 2,
    name: 'indexes for time-window reads',
    statements: [
      'CREATE INDEX conversations_by_start ON conversations (vendor, org, start_ms)',
      'CREATE INDEX queue_intervals_by_start ON queue_intervals (vendor, org, interval_start_ms)',
      'CREATE INDEX agent_intervals_by_start ON agent_intervals (vendor, org, interval_start_ms)',
    ],
  },
  {
    version: 3,
    name: 'history: change stamps, stream runs, reporting views',
    statements: { sqlite: historyStatements('sqlite'), postgres: historyStatements('postgres') },
  },
];

export const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
  version BIGINT NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at_ms BIGINT NOT NULL)`;

/** Applied versions this ccpulse has no migration for: a newer ccpulse wrote the database. */
export function unknownVersions<T extends { version: number }>(applied: readonly T[]): T[] {
  const known = new Set(MIGRATIONS.map((m) => m.version));
  return applied.filter((m) => !known.has(Number(m.version)));
}

export const LATEST_VERSION = MIGRATIONS.reduce((v, m) => Math.max(v, m.version), 0);
