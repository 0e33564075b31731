// Which windows a stream syncs this cycle: from its watermark minus the lookback (late changes are
// re-captured), or from the backfill start on the first run, up to now. Windows are epoch-aligned;
// the last one may stop short, at the latest `alignMs` boundary, so fresh data lands within minutes
// instead of when its whole window closes; the next cycle reads that window again from its start.
// Windows that were already final when synced are not repeated, so a restarted backfill of history
// resumes where it stopped.
import { z } from 'zod';
import type { Json } from '../store/index.js';

export interface SyncWindowOptions {
  /** First run: start here (epoch ms). */
  backfillFrom: number;
  /**
   * How long data can still change after its window (default 72 h: Genesys reprocesses up to ~3 days):
   * a cycle re-reads this much before the watermark, and a window read this long after its end is final.
   */
  lookbackMs: number;
  /**
   * How far before the watermark this cycle reads again (default: the whole lookback). Frequent
   * cycles between the full re-reads use a few hours: enough for conversations that were still under
   * way at the last read. The lookback alone decides what is final.
   */
  rereadMs?: number | undefined;
  /** Window size (epoch-aligned). */
  windowMs: number;
  /**
   * The last window ends at a multiple of this (default: windowMs, i.e. whole windows only), e.g.
   * the granularity of an interval report, so that no partial interval is ever stored.
   */
  alignMs?: number | undefined;
  /** Exclusive end: usually now minus a safety margin; a fixed time for a bounded backfill. */
  until: number;
}

/** A window started but not finished (a Genesys async job...), with what a restart needs to resume it. */
export interface InFlightWindow {
  from: number;
  to: number;
  state: Json;
}

export interface StreamCheckpoint {
  /** Everything before this has been synced at least once. */
  watermark: number;
  /**
   * Every window ending at or before this was synced at least a lookback after its end, when its
   * data could no longer change: it is never re-synced.
   */
  settledUntil?: number | undefined;
  /** At most a few: the window being synced and any a restart has not reached again yet. */
  inFlight?: InFlightWindow[] | undefined;
}

export function planWindows(checkpoint: StreamCheckpoint | undefined, o: SyncWindowOptions): [number, number][] {
  const alignMs = o.alignMs ?? o.windowMs;
  if (o.windowMs % alignMs !== 0) throw new RangeError(`window ${o.windowMs} ms is not a multiple of ${alignMs} ms`);
  const end = Math.floor(o.until / alignMs) * alignMs;
  const rawStart = checkpoint
    ? Math.max(
        o.backfillFrom,
        Math.min(checkpoint.watermark, end) - Math.min(o.rereadMs ?? o.lookbackMs, o.lookbackMs),
        Math.min(checkpoint.settledUntil ?? Number.NEGATIVE_INFINITY, checkpoint.watermark, end),
      )
    : o.backfillFrom;
  const start = Math.floor(rawStart / o.windowMs) * o.windowMs;
  const windows: [number, number][] = [];
  for (let a = start; a < end; a += o.windowMs) windows.push([a, Math.min(a + o.windowMs, end)]);
  return windows;
}

/**
 * Progress after window [from, to) is synced with data read as of `readAt`. The settled mark moves
 * only over contiguous windows whose data was final when read (read a lookback after their end).
 */
export function progressAfter(
  before: StreamCheckpoint,
  [from, to]: [number, number],
  readAt: number,
  lookbackMs: number,
): StreamCheckpoint {
  const settled = before.settledUntil;
  return {
    watermark: Math.max(before.watermark, to),
    settledUntil:
      settled !== undefined && settled >= from && to + lookbackMs <= readAt ? Math.max(settled, to) : settled,
  };
}

const checkpointShape = z.object({
  watermark: z.number(),
  settledUntil: z.number().optional(),
  inFlight: z
    .array(z.object({ from: z.number(), to: z.number(), state: z.custom<Json>((v) => v !== undefined) }))
    .optional(),
});

/** A stored checkpoint value, or undefined when there is none or it is not one of ours. */
export function readStreamCheckpoint(value: unknown): StreamCheckpoint | undefined {
  const parsed = checkpointShape.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** The JSON a checkpoint is stored as (absent fields left out, so stores compare equal). */
export function checkpointJson(c: StreamCheckpoint): Json {
  const value: { [key: string]: Json } = { watermark: c.watermark };
  if (c.settledUntil !== undefined) value.settledUntil = c.settledUntil;
  if (c.inFlight?.length) value.inFlight = c.inFlight.map((w) => ({ from: w.from, to: w.to, state: w.state }));
  return value;
}
