// Fault injection for the emulator's APIs: server errors, 429s, slow answers, reset connections,
// malformed JSON and tokens revoked mid-run, at seeded rates. A fault replaces a response; it never
// changes the data, so a retried request gets the right answer.
import type { Hono, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { EmulatedVendor, EmulatorContext } from './emulator-context.js';
import { vendorError } from './vendor-errors.js';

export interface FaultSettings {
  /** Probabilities per API request, 0..1. */
  serverErrorRate: number;
  rateLimitRate: number;
  slowRate: number;
  slowMs: number;
  resetRate: number;
  malformedRate: number;
  /** Revoke the calling token (it then gets 401 until a new one is fetched). */
  revokeRate: number;
  /** The next N async jobs end FAILED. */
  failNextJobs: number;
  /** The next N async jobs end EXPIRED (results gone before they were read). */
  expireNextJobs: number;
}

export const NO_FAULTS: FaultSettings = {
  serverErrorRate: 0,
  rateLimitRate: 0,
  slowRate: 0,
  slowMs: 2000,
  resetRate: 0,
  malformedRate: 0,
  revokeRate: 0,
  failNextJobs: 0,
  expireNextJobs: 0,
};

const rate = z.number().min(0).max(1);
const count = z.number().int().min(0);
/** What `POST /__emulator/faults` accepts: any subset of the settings; the rest keep their values. */
const faultSettingsSchema = z
  .object({
    serverErrorRate: rate,
    rateLimitRate: rate,
    slowRate: rate,
    slowMs: count,
    resetRate: rate,
    malformedRate: rate,
    revokeRate: rate,
    failNextJobs: count,
    expireNextJobs: count,
  })
  .partial()
  .strict();

/** Changes faults while running (both servers share them); `reset` first returns to no faults. */
export function setFaults(ctx: EmulatorContext, changes: Partial<FaultSettings>, reset = false): FaultSettings {
  ctx.faults = { ...(reset ? NO_FAULTS : ctx.faults), ...changes };
  return ctx.faults;
}

/**
 * `GET /__emulator/faults` shows the settings; `POST` changes them (JSON subset; `?reset=true` starts
 * from none). Outside `/api` and the vendors' paths, so faults never hit the control route itself.
 */
export function mountFaultControl(app: Hono, ctx: EmulatorContext): void {
  app.get('/__emulator/faults', (c) => c.json(ctx.faults));
  app.post('/__emulator/faults', async (c) => {
    const parsed = faultSettingsSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) {
      return c.json({ error: 'invalid_faults', description: z.prettifyError(parsed.error) }, 400);
    }
    return c.json(setFaults(ctx, parsed.data, c.req.query('reset') === 'true'));
  });
}

export function faultMiddleware(ctx: EmulatorContext, vendor: EmulatedVendor): MiddlewareHandler {
  // "Revoked mid-run" hits a token that has been working, never a fresh one on its first call.
  const used = new Set<string>();
  return async (c, next) => {
    const f = ctx.faults;
    const roll = () => ctx.random.next();
    const token = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (token && f.revokeRate > 0 && used.has(token) && roll() < f.revokeRate) {
      const issued = ctx.tokens.get(token);
      if (issued) issued.revoked = true;
    }
    if (token) used.add(token);
    if (f.resetRate > 0 && roll() < f.resetRate) {
      // Destroy the socket: the client sees a connection reset, not an HTTP answer.
      (c.env as { incoming?: { socket?: { destroy(): void } } } | undefined)?.incoming?.socket?.destroy();
      return new Response(null, { status: 500 });
    }
    if (f.serverErrorRate > 0 && roll() < f.serverErrorRate) {
      return vendorError(
        c,
        vendor,
        503,
        'service.unavailable',
        'The service is temporarily unavailable (injected fault)',
      );
    }
    if (f.rateLimitRate > 0 && roll() < f.rateLimitRate) {
      c.header('retry-after', '1');
      return vendorError(
        c,
        vendor,
        429,
        'too.many.requests.retry.after',
        'Rate limit exceeded the maximum. Retry the request in [1] seconds',
      );
    }
    if (f.slowRate > 0 && roll() < f.slowRate) await new Promise((r) => setTimeout(r, f.slowMs));
    const malformed = f.malformedRate > 0 && roll() < f.malformedRate;
    await next();
    if (malformed && c.res.status === 200) {
      c.res = new Response('{"conversations":[{"conversationId":', {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    }
  };
}
