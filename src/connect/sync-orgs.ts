// One sync cycle over every configured org (`ccpulse sync --once`, bench, tests): each org connected
// and signed in once, then all their streams run; an org that cannot be connected (its vendor
// unreachable) or signed in (wrong credentials: one error, not one per stream) and a failing stream
// are reported without stopping the others, as the daemon does.
import type { Config } from '../config/index.js';
import { CcpulseError } from '../core/index.js';
import type { ApiObserver } from '../http/index.js';
import type { ConversationRows, Sink } from '../store/index.js';
import {
  DetailsDecoder,
  runStreams,
  type StreamOutcome,
  type StreamProgress,
  type SyncOptions,
  type SyncStream,
} from '../sync/index.js';
import type { DetailsPageReader } from '../vendors/genesys/index.js';
import { connectOrg } from './connect-org.js';
import { createRuntime, type Runtime, type RuntimeOptions } from './runtime.js';

export interface SyncDeps extends RuntimeOptions {
  config: Config;
  sink: Sink;
  /** The process's runtime; built from the options above when absent. */
  runtime?: Runtime;
  observer?: ApiObserver;
  /** Reads Genesys async jobs' result pages; default: a decode worker of this call's own, closed at its end. */
  jobPages?: DetailsPageReader<ConversationRows>;
  signal?: AbortSignal;
  onRows?(stream: string, n: number): void;
  /** Windows done of each stream's run, e.g. for a progress line. */
  onProgress?(progress: StreamProgress): void;
}

export async function syncOnce(deps: SyncDeps, options: SyncOptions = {}): Promise<StreamOutcome[]> {
  if (deps.jobPages) return syncWith(deps, deps.jobPages, options);
  // Its thread starts with the first job page, if any.
  const decoder = new DetailsDecoder();
  try {
    return await syncWith(deps, decoder, options);
  } finally {
    await decoder.close();
  }
}

async function syncWith(
  deps: SyncDeps,
  jobPages: DetailsPageReader<ConversationRows>,
  options: SyncOptions,
): Promise<StreamOutcome[]> {
  const runtime = deps.runtime ?? createRuntime({ ...deps, limits: deps.limits ?? deps.config.limits });
  const streams: SyncStream[] = [];
  const unconnected: StreamOutcome[] = [];
  for (const org of deps.config.orgs) {
    try {
      const connection = await connectOrg(org, runtime, { observer: deps.observer });
      await connection.tokens.getToken(deps.signal);
      for (const s of connection.streams()) streams.push(s);
    } catch (error) {
      deps.signal?.throwIfAborted();
      const err = error instanceof Error ? error : new Error(String(error));
      // Named like the org's streams (`vendor:org`), so the summary says whose streams did not run.
      const label = `${org.vendor}:${org.name}`;
      unconnected.push({ stream: label, windows: 0, rows: 0, error: err });
      const kind = err instanceof CcpulseError ? err.kind : undefined;
      runtime.logger.error(
        { org: label, err: err.message, kind },
        'cannot connect or sign in to the org; its streams were skipped, the other orgs continue',
      );
    }
  }
  const outcomes = await runStreams(
    streams,
    {
      sink: deps.sink,
      jobPages,
      clock: runtime.clock,
      logger: runtime.logger,
      signal: deps.signal,
      onRows: deps.onRows,
      onProgress: deps.onProgress,
    },
    { ...options, windowTimeoutMs: options.windowTimeoutMs ?? runtime.limits.windowTimeoutMs },
  );
  return [...unconnected, ...outcomes];
}
