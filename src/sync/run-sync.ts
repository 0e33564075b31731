// One pass over sync streams, side by side: each runs to its last complete window, and a failing
// stream (say, one vendor down) is reported without stopping the others. Which streams an org has
// is decided where orgs are connected (src/connect).
import { CcpulseError, type Clock, type Logger } from '../core/index.js';
import type { ConversationRows, Sink } from '../store/index.js';
import { DETAILS_SAFETY_MARGIN_MS, type DetailsPageReader } from '../vendors/genesys/index.js';
import type { StreamProgress, SyncStream } from './streams.js';

export interface SyncOptions {
  /** Where a stream with no checkpoint starts (default: 3 days ago). */
  backfillFrom?: number;
  /** A fixed end for bounded backfills (default: now minus a safety margin, re-read each cycle). */
  until?: number;
  /** How long data can still change (default 72 h): re-read each cycle, and what makes a window final. */
  lookbackMs?: number;
  /** How far before the watermark this cycle reads again (default: the whole lookback). */
  rereadMs?: number;
  /** Genesys conversation windows older than this go through async details jobs (default: the lookback). */
  asyncJobAgeMs?: number;
  /** Deadline of one window of a stream (none when undefined). */
  windowTimeoutMs?: number;
}

export interface StreamOutcome {
  stream: string;
  windows: number;
  rows: number;
  error?: Error;
}

interface RunStreamsContext {
  sink: Sink;
  /** Reads Genesys async jobs' result pages to rows: a DetailsDecoder, whose owner closes it. */
  jobPages: DetailsPageReader<ConversationRows>;
  clock: Clock;
  logger: Logger;
  signal?: AbortSignal;
  onRows?(stream: string, n: number): void;
  /** Windows done of each stream's run, e.g. for a progress line. */
  onProgress?(progress: StreamProgress): void;
}

export const DEFAULT_LOOKBACK_MS = 72 * 3600_000;

export async function runStreams(
  streams: SyncStream[],
  deps: RunStreamsContext,
  options: SyncOptions = {},
): Promise<StreamOutcome[]> {
  const { clock, logger } = deps;
  const now = clock.now();
  const window = {
    backfillFrom: options.backfillFrom ?? now - 3 * 86_400_000,
    lookbackMs: options.lookbackMs ?? DEFAULT_LOOKBACK_MS,
    rereadMs: options.rereadMs,
    until: options.until ?? now - DETAILS_SAFETY_MARGIN_MS,
  };
  // Side by side, as the daemon's scheduler runs them: the org's rate budget paces their requests
  // together, and one stream's waits (a page or a job on its way) are another's time to work.
  return Promise.all(
    streams.map(async (stream) => {
      deps.signal?.throwIfAborted();
      const startedAt = clock.now();
      let outcome: StreamOutcome;
      try {
        const result = await stream.run({
          sink: deps.sink,
          jobPages: deps.jobPages,
          clock,
          window,
          signal: deps.signal,
          onRows: deps.onRows ?? (() => {}),
          onProgress: deps.onProgress,
          logger,
          asyncJobAgeMs: options.asyncJobAgeMs,
          windowTimeoutMs: options.windowTimeoutMs,
        });
        outcome = { stream: stream.name, ...result };
        logger.info({ stream: stream.name, ...result }, 'stream synced');
      } catch (error) {
        if (deps.signal?.aborted) throw error;
        const err = error instanceof Error ? error : new Error(String(error));
        outcome = { stream: stream.name, windows: 0, rows: 0, error: err };
        // The kind tells an operator a misconfiguration (config, permission) from an outage (transient).
        const kind = err instanceof CcpulseError ? err.kind : undefined;
        logger.error({ stream: stream.name, err: err.message, kind }, 'stream failed; the others continue');
      }
      await recordRun(deps, outcome, startedAt, clock.now(), logger);
      return outcome;
    }),
  );
}

/** The run, for freshness reports (`ccpulse report`, v_stream_freshness); never fails the sync. */
async function recordRun(
  deps: RunStreamsContext,
  o: StreamOutcome,
  startedAt: number,
  finishedAt: number,
  logger: Logger,
) {
  const run = { stream: o.stream, startedAt, finishedAt, windows: o.windows, rows: o.rows, error: o.error?.message };
  await deps.sink
    .writeBatch({ streamRuns: [run] })
    .catch((error: unknown) =>
      logger.warn({ stream: o.stream, err: (error as Error).message }, 'stream run not recorded'),
    );
}
