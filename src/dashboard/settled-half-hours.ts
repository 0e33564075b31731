// Today's half-hours of one signed-in session, read on two cadences. CXone's classic skill summary
// has no interval breakdown, so every half-hour of the chart is its own request: ~30 per refresh by
// the afternoon. The current and the previous half-hour are read at every refresh (contacts that
// started there are still ending); older ones are settled and re-read at most every
// SETTLED_REREAD_MS. The day's totals never come from here (one exact request), so at most a
// settled chart bar can lag, by that long.
import type { Clock } from '../core/index.js';
import type { QueueInterval } from '../model/index.js';

const SETTLED_REREAD_MS = 5 * 60_000;
const INTERVAL_MS = 30 * 60_000;

type Read = (start: number) => Promise<QueueInterval[]>;

interface SettledHalfHours {
  /** The intervals of every half-hour in `starts`; `owner` (the session's client) keys what is kept. */
  read(owner: object, starts: number[], read: Read): Promise<QueueInterval[][]>;
}

export function createSettledHalfHours(clock: Clock, options: { parallel: number }): SettledHalfHours {
  // Kept per session and dropped with it: nothing read with one user's token reaches another's page.
  const kept = new WeakMap<object, Map<number, { readAt: number; rows: QueueInterval[] }>>();
  return {
    async read(owner, starts, read) {
      const now = clock.now();
      const settledBefore = Math.floor(now / INTERVAL_MS) * INTERVAL_MS - INTERVAL_MS;
      const previous = kept.get(owner);
      const fresh = new Map<number, { readAt: number; rows: QueueInterval[] }>();
      const rows = await mapLimited(starts, options.parallel, async (start) => {
        const known = previous?.get(start);
        const reuse = known && start < settledBefore && now - known.readAt < SETTLED_REREAD_MS;
        const entry = reuse ? known : { readAt: now, rows: await read(start) };
        fresh.set(start, entry);
        return entry.rows;
      });
      // Only the half-hours asked for now: yesterday's go at midnight.
      kept.set(owner, fresh);
      return rows;
    },
  };
}

/** `fn` over `items` with at most `limit` calls in flight; results in input order. */
async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
