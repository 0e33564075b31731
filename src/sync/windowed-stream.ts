// A stream synced window by window from its checkpoint: plans the windows, hands each to the stream's
// fetch-and-write step with the checkpoints that step commits, and carries the resumable state of
// windows a restart has not reached yet, so a re-sync of earlier windows never loses it.
import type { Checkpoint, Json } from '../store/index.js';
import type { StreamContext, SyncStream } from './streams.js';
import {
  checkpointJson,
  planWindows,
  progressAfter,
  readStreamCheckpoint,
  type StreamCheckpoint,
} from './sync-plan.js';

export interface WindowStep {
  stream: string;
  window: [number, number];
  /** What an earlier, interrupted run stored to resume exactly this window (e.g. a job id and cursor). */
  resume: Json | undefined;
  /** The checkpoint while this window is under way, carrying `state` to resume it after a restart. */
  inFlight(state: Json): Checkpoint;
  /** The checkpoint that marks the window done, for data read as of `readAt` (default: the window's start). */
  done(readAt?: number): Checkpoint;
}

export function windowedStream(
  name: string,
  sizes: { windowMs: number; alignMs?: number },
  syncWindow: (ctx: StreamContext, step: WindowStep) => Promise<number>,
): SyncStream {
  return {
    name,
    async run(ctx) {
      const stored = readStreamCheckpoint(await ctx.sink.readCheckpoint(name));
      const windows = planWindows(stored, { ...ctx.window, ...sizes });
      let progress: StreamCheckpoint = {
        watermark: stored?.watermark ?? 0,
        // Before the first planned window everything is done: the backfill start, or what the
        // lookback already treats as final.
        settledUntil: stored?.settledUntil ?? windows[0]?.[0],
      };
      let rows = 0;
      let done = 0;
      const report = () => ctx.onProgress?.({ stream: name, windowsDone: done, windowsTotal: windows.length, rows });
      report();
      for (const w of windows) {
        ctx.signal?.throwIfAborted();
        const startedAt = ctx.clock.now();
        const pending = (stored?.inFlight ?? []).filter((p) => p.from >= w[1]);
        const resume = stored?.inFlight?.find((p) => p.from === w[0] && p.to === w[1])?.state;
        let finished: StreamCheckpoint | undefined;
        const before = progress;
        const step: WindowStep = {
          stream: name,
          window: w,
          resume,
          inFlight: (state) => ({
            stream: name,
            value: checkpointJson({ ...before, inFlight: [{ from: w[0], to: w[1], state }, ...pending] }),
          }),
          done: (readAt = startedAt) => {
            finished = progressAfter(before, w, readAt, ctx.window.lookbackMs);
            return { stream: name, value: checkpointJson({ ...finished, inFlight: pending }) };
          },
        };
        rows += await syncWindow(ctx, step);
        progress = finished ?? progressAfter(before, w, startedAt, ctx.window.lookbackMs);
        done++;
        report();
      }
      return { windows: windows.length, rows };
    },
  };
}
