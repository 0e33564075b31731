// Which windows a stream syncs this cycle: from its watermark minus the lookback (late changes are
// re-captured), or from the backfill start on the first run, up to the last complete window.

export interface SyncWindowOptions {
  /** First run: start here (epoch ms). */
  backfillFrom: number;
  /** Re-sync this much before the watermark every cycle (default 72 h: Genesys reprocesses up to ~3 days). */
  lookbackMs: number;
  /** Window size (epoch-aligned). */
  windowMs: number;
  /** Exclusive end: usually now minus a safety margin; a fixed time for a bounded backfill. */
  until: number;
}

export interface StreamCheckpoint {
  /** Everything before this has been synced at least once. */
  watermark: number;
}

export function planWindows(checkpoint: StreamCheckpoint | undefined, o: SyncWindowOptions): [number, number][] {
  const end = Math.floor(o.until / o.windowMs) * o.windowMs;
  const rawStart = checkpoint
    ? Math.max(o.backfillFrom, Math.min(checkpoint.watermark, end) - o.lookbackMs)
    : o.backfillFrom;
  const start = Math.floor(rawStart / o.windowMs) * o.windowMs;
  const windows: [number, number][] = [];
  for (let a = start; a < end; a += o.windowMs) windows.push([a, a + o.windowMs]);
  return windows;
}

export function readStreamCheckpoint(value: unknown): StreamCheckpoint | undefined {
  if (value && typeof value === 'object' && typeof (value as { watermark?: unknown }).watermark === 'number') {
    return { watermark: (value as { watermark: number }).watermark };
  }
  return undefined;
}
