// The one interface every sink (SQLite, PostgreSQL) implements: batched idempotent upserts of
// model records with their checkpoint in the same transaction, and the reads the CLI/dashboard need.
import type {
  Agent,
  AgentInterval,
  Conversation,
  Queue,
  QueueInterval,
  QueueSnapshot,
  Vendor,
} from '../model/index.js';
import type { ConversationRows } from './record-rows.js';
import type { RowQuery } from './row-query.js';
import type { Cell, StoredTableName, TableName } from './tables.js';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A sync stream's progress (watermark, async job id, cursor...), committed with the rows it covers. */
export interface Checkpoint {
  /** e.g. `genesys:acme:conversations`. */
  stream: string;
  value: Json;
}

export interface Batch {
  queues?: readonly Queue[];
  agents?: readonly Agent[];
  /** Each conversation replaces its stored participants and segments. */
  conversations?: readonly Conversation[];
  /** Conversations already turned into rows (on a worker thread), instead of `conversations`. */
  conversationRows?: ConversationRows;
  queueIntervals?: readonly QueueInterval[];
  agentIntervals?: readonly AgentInterval[];
  queueSnapshots?: readonly QueueSnapshot[];
  /** How sync streams last ran (one row per stream, replaced). */
  streamRuns?: readonly StreamRun[];
  checkpoint?: Checkpoint;
  /**
   * The write of the batch before it, when that one is still under way: this one may be written at
   * the same time but commits only once that one has, and rolls back if it failed — so a checkpoint
   * is never committed ahead of the rows before it.
   */
  after?: Promise<unknown>;
}

/** One run of a sync stream, for freshness reports. Times are epoch ms. */
export interface StreamRun {
  stream: string;
  startedAt: number;
  finishedAt: number;
  windows: number;
  rows: number;
  /** Why it failed; absent when it succeeded. */
  error?: string | undefined;
}

/** Rows written per table by one batch (after de-duplicating keys within the batch). */
export type BatchResult = Partial<Record<StoredTableName, number>>;

export interface QueueIntervalQuery {
  vendor: Vendor;
  org: string;
  /** Only these queues; all when absent. */
  queueIds?: readonly string[] | undefined;
  /** Epoch ms: intervals that overlap [from, to) are returned. */
  from: number;
  to: number;
}

export interface AppliedMigration {
  version: number;
  name: string;
}

/** Every row of every data table, normalised and sorted by key, so two databases compare with deepEqual. */
export type Dump = Record<TableName, Record<string, string | number | boolean | null>[]>;

export interface Sink {
  readonly kind: 'sqlite' | 'postgres';
  /** Applies pending migrations; returns the versions applied now (empty when already up to date). */
  migrate(): Promise<number[]>;
  appliedMigrations(): Promise<AppliedMigration[]>;
  /** One transaction: all rows and the checkpoint commit together, or nothing does. */
  writeBatch(batch: Batch): Promise<BatchResult>;
  readCheckpoint(stream: string): Promise<Json | undefined>;
  /** Sorted by queueId, mediaType, intervalStart, intervalEnd. */
  queueIntervals(query: QueueIntervalQuery): Promise<QueueInterval[]>;
  /**
   * Streams the rows of a table or view, page by page, normalised by column kind: memory stays flat
   * however many rows match. Finish or break the loop before writing through the same sink.
   */
  rows(query: RowQuery, pageSize?: number): AsyncIterable<Record<string, Cell>[]>;
  counts(): Promise<Record<TableName, number>>;
  dump(): Promise<Dump>;
  close(): Promise<void>;
}
