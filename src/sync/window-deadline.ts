// The deadline of one stream window: every request, job wait and write of the window shares one
// signal that fires when the window has taken too long. The window then fails as a whole — its
// checkpoint untouched, so the next run reads it again — and the stream run reports it and ends,
// letting the other streams (and the daemon's next cycle) go on.
import { CcpulseError } from '../core/index.js';
import type { StreamContext } from './streams.js';

class WindowTimeoutError extends CcpulseError {
  constructor(stream: string, window: [number, number] | undefined, timeoutMs: number) {
    const which = window
      ? `the window ${new Date(window[0]).toISOString()}..${new Date(window[1]).toISOString()}`
      : 'its run';
    super(
      'WINDOW_TIMEOUT',
      `${stream}: ${which} did not finish within ${Math.round(timeoutMs / 1000)} s; its checkpoint is unchanged`,
      'The vendor is answering too slowly (or an async job is taking long): the next run reads the window again. Raise CCPULSE_WINDOW_TIMEOUT_SECONDS if windows legitimately take longer.',
    );
  }
}

/** Runs `work` with the context's signal narrowed to the window's deadline (`ctx.windowTimeoutMs`). */
export async function withWindowDeadline<T>(
  ctx: StreamContext,
  stream: string,
  window: [number, number] | undefined,
  work: (ctx: StreamContext) => Promise<T>,
): Promise<T> {
  const ms = ctx.windowTimeoutMs;
  if (ms === undefined) return work(ctx);
  const deadline = AbortSignal.timeout(ms);
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, deadline]) : deadline;
  try {
    return await work({ ...ctx, signal });
  } catch (error) {
    if (deadline.aborted && !ctx.signal?.aborted) throw new WindowTimeoutError(stream, window, ms);
    throw error;
  }
}
