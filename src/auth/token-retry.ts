// Retries the token requests that are safe to repeat — client credentials and CXone's access key:
// each POST asks for a new token for the same client, so one whose answer was lost spent nothing — on
// what says "try again": no answer (reset, refused, a connect timeout), a 5xx, a 429 (after its
// Retry-After). Attempts and the waits between them share one deadline, and a wait that would reach
// it is not begun. Code and refresh-token exchanges never come here (token-request.ts says why).
import { CcpulseError, type Clock, fullJitterDelay } from '../core/index.js';
import { RateLimitedError } from './auth-errors.js';

/** A few attempts: a token endpoint down for longer is an outage the next run (or request) meets anyway. */
const MAX_ATTEMPTS = 4;
const BASE_DELAY_MS = 250;
const MAX_DELAY_MS = 4000;

interface TokenRetryOptions {
  clock: Clock;
  random: () => number;
  /** The deadline of the whole token request: its attempts and the waits between them. */
  timeoutMs: number;
}

/** Runs `attempt` (given the deadline left) until it succeeds, fails for good, or the deadline is spent. */
export async function withTokenRetries<T>(
  attempt: (remainingMs: number) => Promise<T>,
  options: TokenRetryOptions,
): Promise<T> {
  // Attempts are timed on real time (the network's), waits on the clock they sleep on.
  let spentMs = 0;
  for (let n = 1; ; n++) {
    const sent = performance.now();
    try {
      return await attempt(options.timeoutMs - spentMs);
    } catch (error) {
      spentMs += performance.now() - sent;
      // A token exchange's transient failures are exactly no answer, a 5xx and a 429 (error-codes.ts).
      if (n >= MAX_ATTEMPTS || !(error instanceof CcpulseError && error.kind === 'transient')) throw error;
      const delayMs =
        error instanceof RateLimitedError && error.retryAfterMs !== undefined
          ? error.retryAfterMs
          : fullJitterDelay(n, BASE_DELAY_MS, MAX_DELAY_MS, options.random);
      if (spentMs + delayMs >= options.timeoutMs) throw error;
      await options.clock.sleep(delayMs);
      spentMs += delayMs;
    }
  }
}
