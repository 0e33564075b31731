// One sync cycle over every configured org (`ccpulse sync --once`, bench, tests): each org connected
// once, then all their streams run; a failing stream is reported without stopping the others.
import type { Config } from '../config/index.js';
import type { ApiObserver } from '../http/index.js';
import type { Sink } from '../store/index.js';
import {
  runStreams,
  type StreamOutcome,
  type StreamProgress,
  type SyncOptions,
  type SyncStream,
} from '../sync/index.js';
import { connectOrg } from './connect-org.js';
import { createRuntime, type Runtime, type RuntimeOptions } from './runtime.js';

export interface SyncDeps extends RuntimeOptions {
  config: Config;
  sink: Sink;
  /** The process's runtime; built from the options above when absent. */
  runtime?: Runtime;
  observer?: ApiObserver;
  signal?: AbortSignal;
  onRows?(stream: string, n: number): void;
  /** Windows done of each stream's run, e.g. for a progress line. */
  onProgress?(progress: StreamProgress): void;
}

export async function syncOnce(deps: SyncDeps, options: SyncOptions = {}): Promise<StreamOutcome[]> {
  const runtime = deps.runtime ?? createRuntime(deps);
  const streams: SyncStream[] = [];
  for (const org of deps.config.orgs) {
    streams.push(...(await connectOrg(org, runtime, { observer: deps.observer })).streams());
  }
  return runStreams(
    streams,
    {
      sink: deps.sink,
      clock: runtime.clock,
      logger: runtime.logger,
      signal: deps.signal,
      onRows: deps.onRows,
      onProgress: deps.onProgress,
    },
    options,
  );
}
