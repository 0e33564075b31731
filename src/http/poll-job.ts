// Vendors' asynchronous jobs (Genesys analytics details jobs, CXone Data Extraction) are waited for
// the same way: ask for the job's state, and while it still runs wait 1 s, doubling up to 15 s,
// before asking again — quick for short jobs, few requests for long ones.
import type { Clock } from '../core/index.js';

const FIRST_POLL_MS = 1000;
const MAX_POLL_MS = 15_000;

/** Calls `check` until it returns a value (the job ended well) or throws (it ended badly). */
export async function pollJob<T>(
  check: () => Promise<T | undefined>,
  options: { clock: Clock; signal?: AbortSignal | undefined },
): Promise<T> {
  for (let delay = FIRST_POLL_MS; ; delay = Math.min(MAX_POLL_MS, delay * 2)) {
    const result = await check();
    if (result !== undefined) return result;
    await options.clock.sleep(delay, options.signal);
  }
}
