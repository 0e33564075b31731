// Per-token request limits as the vendor enforces them: a fixed one-minute window per token
// (Genesys: 300/min per client-credentials token, 3,000/min per user per OAuth client), 429 +
// Retry-After above it; Genesys reports the window on every response in `inin-ratelimit-*` headers
// (CXone sends none). The window opens at the token's first request and its count resets a minute
// later: a response recorded in the Genesys Python SDK's logging docs shows `count: 1, allowed: 180,
// reset: 61` on a first request, and Genesys's own samples wait `inin-ratelimit-reset` seconds after
// a 429 for the count to reset. Reset is reported as whole seconds rounded up past the window's end
// (61 at its start), never short of it.
import type { MiddlewareHandler } from 'hono';
import type { EmulatedVendor, EmulatorContext } from './emulator-context.js';
import { vendorError } from './vendor-errors.js';

export interface RateLimitSettings {
  clientPerMinute: number;
  userPerMinute: number;
  /** Genesys async details jobs of one org running (QUEUED or PENDING) at once; the next submit is a 429. */
  detailsJobsConcurrent: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  clientPerMinute: 300,
  userPerMinute: 3000,
  detailsJobsConcurrent: 5,
};

export function rateLimitMiddleware(
  ctx: EmulatorContext,
  vendor: EmulatedVendor,
  settings: RateLimitSettings,
): MiddlewareHandler {
  const windows = new Map<string, { start: number; count: number }>();
  return async (c, next) => {
    const token = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const issued = token ? ctx.tokens.get(token) : undefined;
    if (!issued) return next();
    const now = ctx.clock.now();
    // Forget finished windows now and then, so a long run with many tokens stays small.
    if (windows.size > 10_000) for (const [k, v] of windows) if (now - v.start >= 60_000) windows.delete(k);
    const allowed = issued.user ? settings.userPerMinute : settings.clientPerMinute;
    // A user's limit is per user per OAuth client, shared by all their tokens; a client's is per token.
    const key = issued.user ? `user:${issued.client.id}:${issued.user.id}` : `token:${issued.value}`;
    let w = windows.get(key);
    if (!w || now - w.start >= 60_000) {
      w = { start: now, count: 0 };
      windows.set(key, w);
    }
    w.count++;
    const reset = Math.floor((w.start + 60_000 - now) / 1000) + 1;
    if (w.count > allowed) {
      c.header('retry-after', String(reset));
      if (vendor === 'genesys') limitHeaders(c.header.bind(c), w.count, allowed, reset);
      const message = `Rate limit exceeded the maximum. Retry the request in [${reset}] seconds`;
      return vendorError(
        c,
        vendor,
        429,
        vendor === 'genesys' ? 'too.many.requests.retry.after' : 'too_many_requests',
        message,
      );
    }
    await next();
    // Genesys reports its limit on every answer; CXone sends no such headers.
    if (vendor === 'genesys') limitHeaders((k, v) => c.res.headers.set(k, v), w.count, allowed, reset);
  };
}

function limitHeaders(set: (name: string, value: string) => void, count: number, allowed: number, reset: number) {
  set('inin-ratelimit-count', String(count));
  set('inin-ratelimit-allowed', String(allowed));
  set('inin-ratelimit-reset', String(reset));
}
