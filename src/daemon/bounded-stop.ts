// Stopping within a bounded time whatever is down (issue #17 item 6b): the daemon gets a moment to
// finish the batch in progress, then each connection a moment to close; whatever has not finished by
// then is abandoned and named. Abandoning is safe: a batch commits with its checkpoint or not at all,
// so the next start resumes where the last commit ended.
import type { Logger } from '../core/index.js';

interface BoundedStopOptions {
  /** Resolves when the daemon's workers have stopped. */
  running: Promise<void>;
  /** What would be abandoned if the workers do not stop in time (the streams mid-run). */
  inProgress(): string[];
  /** Closers in order, each named for the log ("health server", "Redis", "PostgreSQL"). */
  closers: { name: string; close(): Promise<void> }[];
  /** How long the batch in progress may take to finish (default 5 s). */
  drainMs?: number;
  /** How long all the closers together may take (default 2 s). */
  closeMs?: number;
  logger: Logger;
}

/** Returns what was abandoned (empty when everything stopped in time). */
export async function stopWithin(options: BoundedStopOptions): Promise<string[]> {
  const abandoned: string[] = [];
  const drained = await settleWithin(options.running, options.drainMs ?? 5000);
  if (drained === 'late') {
    const streams = options.inProgress();
    if (streams.length === 0) abandoned.push('workers');
    for (const s of streams) abandoned.push(`stream ${s} (batch in progress)`);
  }
  const closeBy = Date.now() + (options.closeMs ?? 2000);
  for (const closer of options.closers) {
    const result = await settleWithin(
      closer.close().catch(() => undefined),
      Math.max(0, closeBy - Date.now()),
    );
    if (result === 'late') abandoned.push(`${closer.name} connection`);
  }
  if (abandoned.length > 0)
    options.logger.warn(
      { abandoned },
      `stop deadline reached; abandoned: ${abandoned.join(', ')} (uncommitted batches roll back, the next start resumes from the checkpoints)`,
    );
  return abandoned;
}

async function settleWithin(work: Promise<unknown>, ms: number): Promise<'done' | 'late'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  const done = work.then(
    () => 'done' as const,
    () => 'done' as const,
  );
  const result = await Promise.race([done, late]);
  clearTimeout(timer);
  return result;
}
