// The sync streams of one org: what each fetches per window and how it checkpoints.
import type { CxoneConfig, GenesysConfig } from '../config/index.js';
import type { Clock, Logger } from '../core/index.js';
import type { ApiClient } from '../http/index.js';
import type { Batch, ConversationRows, Sink } from '../store/index.js';
import {
  agentPerformanceIntervals,
  completedContactPages,
  listCxoneAgents,
  skillSummaryWindow,
} from '../vendors/cxone/index.js';
import {
  type DetailsPageReader,
  dataAvailabilityDate,
  detailsQueryPages,
  listAgents,
  listQueues,
  queryAgentIntervals,
  queryQueueIntervals,
} from '../vendors/genesys/index.js';
import { syncWindowThroughJob } from './details-job-window.js';
import { rowsInThread } from './details-rows.js';
import { readStreamCheckpoint, type SyncWindowOptions } from './sync-plan.js';
import { withWindowDeadline } from './window-deadline.js';
import { type WindowStep, windowedStream } from './windowed-stream.js';
import { writeConversationPages } from './write-pages.js';

/** A stream's progress through one run, for progress lines and metrics. */
export interface StreamProgress {
  stream: string;
  windowsDone: number;
  windowsTotal: number;
  rows: number;
}

export interface StreamContext {
  sink: Sink;
  /** Reads the result pages of Genesys async jobs to rows (on a worker thread: details-decoder.ts). */
  jobPages: DetailsPageReader<ConversationRows>;
  clock: Clock;
  window: Omit<SyncWindowOptions, 'windowMs'>;
  signal?: AbortSignal;
  /** Rows written, for progress and metrics. */
  onRows(stream: string, n: number): void;
  /** After each window (and once before the first), when the caller wants to show progress. */
  onProgress?(progress: StreamProgress): void;
  logger?: Logger;
  /**
   * Genesys conversation windows that ended longer ago than this are read through async details
   * jobs (history); newer ones through the details query. Default: the lookback, so the windows
   * every cycle re-reads use the details query and a job reads a history window once, when final.
   */
  asyncJobAgeMs?: number;
  /** Deadline of one window (or of a run of a stream without windows); none when undefined. */
  windowTimeoutMs?: number;
}

export interface SyncStream {
  name: string;
  run(ctx: StreamContext): Promise<{ windows: number; rows: number }>;
}

const iso = (ms: number) => new Date(ms).toISOString();
const MINUTE = 60_000;
const HALF_HOUR = 30 * MINUTE;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
// Interval reports end at their last whole interval (PT30M for Genesys, an hour for CXone's summaries),
// never a partial one; conversations at the last whole minute. The window in progress is re-read each cycle.

export function genesysStreams(org: GenesysConfig, client: ApiClient): SyncStream[] {
  const base = `genesys:${org.name}`;
  // Asked once per run (a run's windows share its `window` object), and only when a window is old
  // enough for a job: jobs see data only up to it.
  const availability = new WeakMap<StreamContext['window'], Promise<number>>();
  const availableUntil = (ctx: StreamContext) => {
    let date = availability.get(ctx.window);
    if (!date) {
      date = dataAvailabilityDate(client, ctx.signal);
      availability.set(ctx.window, date);
    }
    return date;
  };
  const isHistory = async (ctx: StreamContext, to: number) =>
    to <= ctx.clock.now() - (ctx.asyncJobAgeMs ?? ctx.window.lookbackMs) && to <= (await availableUntil(ctx));

  return [
    directoryStream(`${base}:directory`, async (signal) => ({
      queues: await listQueues(client, org.name, signal),
      agents: await listAgents(client, org.name, signal),
    })),
    windowedStream(`${base}:queue-intervals`, { windowMs: DAY, alignMs: HALF_HOUR }, async (ctx, step) => {
      const [from, to] = step.window;
      const queueIntervals = await queryQueueIntervals(
        client,
        org.name,
        { from, to, granularity: 'PT30M' },
        ctx.signal,
      );
      return writeWindow(ctx, step, { queueIntervals }, queueIntervals.length);
    }),
    windowedStream(`${base}:agent-intervals`, { windowMs: DAY, alignMs: HALF_HOUR }, async (ctx, step) => {
      const [from, to] = step.window;
      const agentIntervals = await queryAgentIntervals(
        client,
        org.name,
        { from, to, granularity: 'PT30M' },
        ctx.signal,
      );
      return writeWindow(ctx, step, { agentIntervals }, agentIntervals.length);
    }),
    windowedStream(
      `${base}:conversations`,
      // Windows side by side up to the org's async-job allowance: each history window holds one job.
      { windowMs: 6 * HOUR, alignMs: MINUTE, concurrency: () => org.detailsJobsConcurrency },
      async (ctx, step) => {
        const [from, to] = step.window;
        if (await isHistory(ctx, to)) {
          return syncWindowThroughJob(ctx, step, { client, org: org.name, logger: ctx.logger });
        }
        return writeConversationPages(
          ctx.sink,
          // Read in this thread: for the query's pages of 100 the decode worker cost more than it saved
          // (details-decoder.ts).
          detailsQueryPages(client, org.name, { from, to, clock: ctx.clock, signal: ctx.signal }, rowsInThread),
          () => step.done(),
          (n) => ctx.onRows(step.stream, n),
        );
      },
    ),
  ];
}

export function cxoneStreams(org: CxoneConfig, client: ApiClient): SyncStream[] {
  const base = `cxone:${org.name}`;
  return [
    // The agent list names the agent ids of agents/performance and completed contacts. CXone's
    // skills are named by its reports (skill-intervals), so the directory holds agents only.
    directoryStream(`${base}:directory`, async (signal) => ({
      agents: await listCxoneAgents(client, org.name, signal),
    })),
    windowedStream(`${base}:skill-intervals`, { windowMs: HOUR }, async (ctx, step) => {
      const [from, to] = step.window;
      const { intervals, skills } = await skillSummaryWindow(client, org.name, from, to, ctx.signal);
      const nonEmpty = intervals.filter((i) => i.offered > 0);
      // CXone names its skills only in its reports: the names the views join come from here.
      return writeWindow(ctx, step, { queueIntervals: nonEmpty, queues: skills }, nonEmpty.length);
    }),
    windowedStream(`${base}:agent-intervals`, { windowMs: HOUR }, async (ctx, step) => {
      const [from, to] = step.window;
      const intervals = await agentPerformanceIntervals(client, org.name, from, to, ctx.signal);
      // CXone lists every agent of the skills, most with nothing that hour: keep those who worked or were on queue.
      const agentIntervals = intervals.filter((i) => i.handled > 0 || (i.onQueueMs ?? 0) > 0);
      return writeWindow(ctx, step, { agentIntervals }, agentIntervals.length);
    }),
    {
      // Completed contacts come ordered by last update, so each page's newest update is a safe
      // watermark; the next cycle asks again from one second before it (re-reads are upserts).
      name: `${base}:contacts`,
      run: (outer) =>
        withWindowDeadline(outer, `${base}:contacts`, undefined, async (ctx) => {
          const stream = `${base}:contacts`;
          const stored = readStreamCheckpoint(await ctx.sink.readCheckpoint(stream));
          let watermark = stored?.watermark ?? ctx.window.backfillFrom;
          let rows = 0;
          let unreadUntil: number | undefined;
          const pages = completedContactPages(client, org.name, watermark - 1000, {
            signal: ctx.signal,
            now: ctx.clock.now(),
            // A daemon stopped (or a --from) past CXone's 30 days: say loudly what was skipped and how to get it.
            onUnreachable: (gap) => {
              unreadUntil = gap.to;
              ctx.logger?.warn(
                { stream, unreadFrom: iso(gap.from), unreadUntil: iso(gap.to) },
                `CXone contacts changed between ${iso(gap.from)} and ${iso(gap.to)} were NOT synced: contacts/completed reaches 30 days back only. Read that span through the Data Extraction API: ccpulse query cxone interactions --from ${iso(gap.from)} --to ${iso(gap.to)}`,
              );
            },
          });
          for await (const page of pages) {
            // A bounded run (--until) stops at its end like every other stream: updates from then on
            // belong to a later run (pages come oldest update first, so nothing after it is needed).
            const inRange = page.filter((c) => (c.lastUpdated ?? 0) < ctx.window.until);
            if (inRange.length > 0) {
              for (const c of inRange) watermark = Math.max(watermark, c.lastUpdated ?? 0);
              await ctx.sink.writeBatch({ conversations: inRange, checkpoint: { stream, value: { watermark } } });
              ctx.onRows(stream, inRange.length);
              rows += inRange.length;
            }
            if (inRange.length < page.length) break;
          }
          // The skipped span is reported once: the next cycle starts where this one could.
          if (unreadUntil !== undefined && unreadUntil > watermark) {
            watermark = unreadUntil;
            await ctx.sink.writeBatch({ checkpoint: { stream, value: { watermark } } });
          }
          ctx.onProgress?.({ stream, windowsDone: 1, windowsTotal: 1, rows });
          return { windows: 1, rows };
        }),
    },
  ];
}

/** The org's directory, a full snapshot each cycle: nothing to resume, so no checkpoint. */
function directoryStream(
  name: string,
  read: (signal: AbortSignal | undefined) => Promise<Pick<Batch, 'queues' | 'agents'>>,
): SyncStream {
  return {
    name,
    run: (outer) =>
      withWindowDeadline(outer, name, undefined, async (ctx) => {
        const batch = await read(ctx.signal);
        await ctx.sink.writeBatch(batch);
        const rows = (batch.queues?.length ?? 0) + (batch.agents?.length ?? 0);
        ctx.onRows(name, rows);
        ctx.onProgress?.({ stream: name, windowsDone: 1, windowsTotal: 1, rows });
        return { windows: 1, rows };
      }),
  };
}

/** Writes one window's rows with the checkpoint that marks it done, in one transaction. */
async function writeWindow(ctx: StreamContext, step: WindowStep, rows: Omit<Batch, 'checkpoint'>, n: number) {
  await ctx.sink.writeBatch({ ...rows, checkpoint: step.done() });
  ctx.onRows(step.stream, n);
  return n;
}
