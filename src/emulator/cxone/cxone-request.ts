// Shared plumbing of the CXone API routes: who is calling (401 otherwise), whether they may (403
// otherwise), and the ISO 8601 date parameters every reporting call takes (400s) — errors as CXone
// sends them (vendor-errors.ts).
import type { Context } from 'hono';
import { authenticateBearer, requirePermission } from '../bearer-auth.js';
import type { EmulatorContext, Principal } from '../emulator-context.js';
import { vendorError } from '../vendor-errors.js';

export function authorizeCxone(ctx: EmulatorContext, c: Context, permission: string): Principal | Response {
  const auth = authenticateBearer(ctx, 'cxone', c.req.header('authorization'));
  if (!auth.ok) return vendorError(c, 'cxone', 401, 'invalid_token', describe(auth.body));
  const denied = requirePermission(auth.principal, permission);
  return denied ? vendorError(c, 'cxone', 403, 'Forbidden', describe(denied)) : auth.principal;
}

const describe = (body: object) => String((body as { error_description?: unknown }).error_description ?? 'Denied');

export function badRequest(c: Context, description: string): Response {
  return vendorError(c, 'cxone', 400, 'InvalidParameter', description);
}

/** A required ISO 8601 date-time query parameter, in epoch ms. */
export function dateParam(c: Context, name: string): number | Response {
  const value = c.req.query(name);
  const ms = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(ms) ? badRequest(c, `${name} is required as an ISO 8601 date-time`) : ms;
}

/**
 * `startDate` and `endDate`, the end after the start, and the span at most `limit.days` when given
 * (refused with `limit.message`, the vendor's text where known).
 */
export function dateRange(
  c: Context,
  limit?: { days: number; message: string },
): { from: number; to: number } | Response {
  const from = dateParam(c, 'startDate');
  if (from instanceof Response) return from;
  const to = dateParam(c, 'endDate');
  if (to instanceof Response) return to;
  if (to <= from) return badRequest(c, 'endDate must be after startDate');
  if (limit && to - from > limit.days * 86_400_000) return badRequest(c, limit.message);
  return { from, to };
}

/** CXone's skip/top paging: `top` capped at `maxTop`, both clamped to sane values. */
export function skipTop(c: Context, defaultTop: number, maxTop: number): { skip: number; top: number } {
  const top = Math.min(maxTop, Math.max(1, Number(c.req.query('top') ?? defaultTop) || defaultTop));
  const skip = Math.max(0, Number(c.req.query('skip') ?? 0) || 0);
  return { skip, top };
}

/** `_links` of a skip/top page: `next` repeats the request one page on, or null on the last page. */
export function pageLinks(c: Context, skip: number, top: number, total: number): { self: string; next: string | null } {
  const url = new URL(c.req.url);
  url.searchParams.set('skip', String(skip + top));
  url.searchParams.set('top', String(top));
  return { self: c.req.url, next: skip + top < total ? url.toString() : null };
}

/**
 * A reporting answer: the named array, or `204 No Content` with no body when it is empty — CXone's
 * empty result, which also ends `_links.next` paging.
 */
export function reportRows(c: Context, rows: readonly unknown[], body: Record<string, unknown>): Response {
  return rows.length === 0 ? c.body(null, 204) : c.json(body);
}
