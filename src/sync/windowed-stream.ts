// A stream synced window by window from its checkpoint: plans the windows, hands each to the stream's
// fetch-and-write step with the checkpoints that step commits, and carries the resumable state of
// windows a restart has not reached yet, so a re-sync of earlier windows never loses it. Several
// windows may run at once (async jobs side by side): each checkpoint then carries every window under
// way, the watermark moves only over windows done without a gap, and a window done ahead of that
// is remembered as done so a restart does not read it again.
import type { Batch, Checkpoint, Json, Sink } from '../store/index.js';
import type { StreamContext, SyncStream } from './streams.js';
import {
  checkpointJson,
  type InFlightWindow,
  planWindows,
  progressAfter,
  readStreamCheckpoint,
  type StreamCheckpoint,
} from './sync-plan.js';
import { withWindowDeadline } from './window-deadline.js';

export interface WindowStep {
  stream: string;
  window: [number, number];
  /** What an earlier, interrupted run stored to resume exactly this window (e.g. a job id and cursor). */
  resume: Json | undefined;
  /** The checkpoint while this window is under way, carrying `state` to resume it after a restart. */
  inFlight(state: Json): Checkpoint;
  /**
   * The checkpoint that marks the window done, for data read as of `readAt` (default: the window's
   * start). Call it for the write that commits the window's last rows, not before.
   */
  done(readAt?: number): Checkpoint;
}

interface WindowedStreamOptions {
  windowMs: number;
  alignMs?: number;
  /** Windows synced at once in this context (default 1: one after another). */
  concurrency?(ctx: StreamContext): number;
}

/** The state a window done ahead of the watermark is remembered by. */
const DONE_KEY = 'windowDoneAt';

export function windowedStream(
  name: string,
  options: WindowedStreamOptions,
  syncWindow: (ctx: StreamContext, step: WindowStep) => Promise<number>,
): SyncStream {
  const sizes = { windowMs: options.windowMs, alignMs: options.alignMs };
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
      // Windows under way or done ahead of the watermark, by start; states of windows before the
      // plan are stale (the lookback reads them afresh).
      const first = windows[0]?.[0] ?? Number.POSITIVE_INFINITY;
      const open = new Map<number, InFlightWindow>();
      for (const w of stored?.inFlight ?? []) if (w.from >= first) open.set(w.from, w);
      const readAt = new Map<number, number>();
      let next = 0;
      const compose = (): Json => checkpointJson({ ...progress, inFlight: [...open.values()] });
      /** Moves the watermark over the windows done without a gap. */
      const advance = () => {
        for (let w = windows[next]; w && readAt.has(w[0]); w = windows[++next]) {
          progress = progressAfter(progress, w, readAt.get(w[0]) as number, ctx.window.lookbackMs);
          open.delete(w[0]);
        }
        // A stored state of a window this plan does not have (its size changed) is stale once passed.
        for (const [from, o] of open) if (o.to <= progress.watermark && !readAt.has(from)) open.delete(from);
      };

      let rows = 0;
      let done = 0;
      const report = () => ctx.onProgress?.({ stream: name, windowsDone: done, windowsTotal: windows.length, rows });
      report();
      const runWindow = async (ctx: StreamContext, w: [number, number]) => {
        const startedAt = ctx.clock.now();
        const resume = open.get(w[0])?.state;
        const markDone = (at: number) => {
          readAt.set(w[0], at);
          open.set(w[0], { from: w[0], to: w[1], state: { [DONE_KEY]: at } });
          advance();
        };
        const doneAt = doneState(resume);
        if (doneAt !== undefined) {
          markDone(doneAt);
        } else {
          const step: WindowStep = {
            stream: name,
            window: w,
            resume,
            inFlight: (state) => {
              open.set(w[0], { from: w[0], to: w[1], state });
              return { stream: name, value: compose() };
            },
            done: (at = startedAt) => {
              markDone(at);
              return { stream: name, value: compose() };
            },
          };
          // Not `rows += await …`: that reads `rows` before the await and loses the windows that
          // finished meanwhile (windows run side by side).
          const written = await withWindowDeadline(ctx, name, w, (windowCtx) => syncWindow(windowCtx, step));
          rows += written;
          if (!readAt.has(w[0])) markDone(startedAt);
        }
        done++;
        report();
      };
      const limit = Math.max(1, options.concurrency?.(ctx) ?? 1);
      // Writes commit in the order their checkpoints were composed, so the last one stored is the newest.
      const windowCtx = limit > 1 ? { ...ctx, sink: oneWriteAtATime(ctx.sink) } : ctx;
      await eachConcurrently(windows, limit, (w) => runWindow(windowCtx, w), ctx.signal);
      return { windows: windows.length, rows };
    },
  };
}

/** The sink with its batches queued: each starts when the one before it has committed. */
function oneWriteAtATime(sink: Sink): Sink {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    kind: sink.kind,
    migrate: () => sink.migrate(),
    appliedMigrations: () => sink.appliedMigrations(),
    readCheckpoint: (stream) => sink.readCheckpoint(stream),
    queueIntervals: (query) => sink.queueIntervals(query),
    rows: (query, pageSize) => sink.rows(query, pageSize),
    counts: () => sink.counts(),
    dump: () => sink.dump(),
    close: () => sink.close(),
    writeBatch(batch: Batch) {
      const result = tail.then(() => sink.writeBatch(batch));
      tail = result.catch(() => undefined);
      return result;
    },
  };
}

function doneState(state: Json | undefined): number | undefined {
  if (state === null || typeof state !== 'object' || Array.isArray(state)) return undefined;
  const at = state[DONE_KEY];
  return typeof at === 'number' ? at : undefined;
}

/**
 * Runs `work` over `items` in order with at most `limit` at once. After a failure no new item
 * starts; those under way finish (their commits stand) and the first failure is thrown.
 */
async function eachConcurrently<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
  signal: AbortSignal | undefined,
): Promise<void> {
  let at = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && at < items.length) {
      const item = items[at++] as T;
      try {
        signal?.throwIfAborted();
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
}
