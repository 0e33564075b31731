// The sync streams of one org: what each fetches per window and how it checkpoints.
import type { CxoneConfig, GenesysConfig } from '../config/index.js';
import type { Clock } from '../core/index.js';
import type { ApiClient } from '../http/index.js';
import type { Sink } from '../store/index.js';
import { completedContactPages, skillSummaryIntervals } from '../vendors/cxone/index.js';
import { conversationDetailPages, listAgents, listQueues, queryQueueIntervals } from '../vendors/genesys/index.js';
import { planWindows, readStreamCheckpoint, type SyncWindowOptions } from './sync-plan.js';
import { writeConversationPages } from './write-pages.js';

export interface StreamContext {
  sink: Sink;
  clock: Clock;
  window: Omit<SyncWindowOptions, 'windowMs'>;
  signal?: AbortSignal;
  /** Rows written, for progress and metrics. */
  onRows(stream: string, n: number): void;
}

export interface SyncStream {
  name: string;
  run(ctx: StreamContext): Promise<{ windows: number; rows: number }>;
}

const HOUR = 3600_000;

export function genesysStreams(org: GenesysConfig, client: ApiClient): SyncStream[] {
  const base = `genesys:${org.name}`;
  return [
    {
      name: `${base}:directory`,
      async run(ctx) {
        const queues = await listQueues(client, org.name, ctx.signal);
        const agents = await listAgents(client, org.name, ctx.signal);
        // A full snapshot each cycle: nothing to resume, so no checkpoint.
        await ctx.sink.writeBatch({ queues, agents });
        ctx.onRows(`${base}:directory`, queues.length + agents.length);
        return { windows: 1, rows: queues.length + agents.length };
      },
    },
    windowed(`${base}:queue-intervals`, 24 * HOUR, async (ctx, [from, to], checkpoint) => {
      const queueIntervals = await queryQueueIntervals(
        client,
        org.name,
        { from, to, granularity: 'PT30M' },
        ctx.signal,
      );
      await ctx.sink.writeBatch({ queueIntervals, checkpoint });
      ctx.onRows(checkpoint.stream, queueIntervals.length);
      return queueIntervals.length;
    }),
    windowed(`${base}:conversations`, 6 * HOUR, (ctx, [from, to], checkpoint) =>
      writeConversationPages(
        ctx.sink,
        conversationDetailPages(client, org.name, { from, to, clock: ctx.clock, signal: ctx.signal }),
        checkpoint,
        (n) => ctx.onRows(checkpoint.stream, n),
      ),
    ),
  ];
}

export function cxoneStreams(org: CxoneConfig, client: ApiClient): SyncStream[] {
  const base = `cxone:${org.name}`;
  return [
    windowed(`${base}:skill-intervals`, HOUR, async (ctx, [from, to], checkpoint) => {
      const queueIntervals = await skillSummaryIntervals(client, org.name, from, to, ctx.signal);
      const nonEmpty = queueIntervals.filter((i) => i.offered > 0);
      await ctx.sink.writeBatch({ queueIntervals: nonEmpty, checkpoint });
      ctx.onRows(checkpoint.stream, nonEmpty.length);
      return nonEmpty.length;
    }),
    {
      // Completed contacts come ordered by last update, so each page's newest update is a safe
      // watermark; the next cycle asks again from one second before it (re-reads are upserts).
      name: `${base}:contacts`,
      async run(ctx) {
        const stream = `${base}:contacts`;
        const stored = readStreamCheckpoint(await ctx.sink.readCheckpoint(stream));
        let watermark = stored?.watermark ?? ctx.window.backfillFrom;
        let rows = 0;
        for await (const page of completedContactPages(client, org.name, watermark - 1000, { signal: ctx.signal })) {
          watermark = Math.max(watermark, ...page.map((c) => c.lastUpdated ?? 0));
          await ctx.sink.writeBatch({ conversations: page, checkpoint: { stream, value: { watermark } } });
          ctx.onRows(stream, page.length);
          rows += page.length;
        }
        return { windows: 1, rows };
      },
    },
  ];
}

function windowed(
  name: string,
  windowMs: number,
  syncWindow: (
    ctx: StreamContext,
    window: [number, number],
    checkpoint: { stream: string; value: { watermark: number } },
  ) => Promise<number>,
): SyncStream {
  return {
    name,
    async run(ctx) {
      const stored = readStreamCheckpoint(await ctx.sink.readCheckpoint(name));
      const windows = planWindows(stored, { ...ctx.window, windowMs });
      let rows = 0;
      let watermark = stored?.watermark ?? 0;
      for (const w of windows) {
        ctx.signal?.throwIfAborted();
        watermark = Math.max(watermark, w[1]);
        rows += await syncWindow(ctx, w, { stream: name, value: { watermark } });
      }
      return { windows: windows.length, rows };
    },
  };
}
