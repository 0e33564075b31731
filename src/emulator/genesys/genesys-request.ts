// Shared plumbing of the Genesys API routes: who is calling (401 otherwise), whether they may
// (403 otherwise), and request bodies validated into 400s shaped like Genesys's.
import type { Context } from 'hono';
import type { z } from 'zod';
import { authenticateBearer, requirePermission } from '../bearer-auth.js';
import type { EmulatorContext, Principal } from '../emulator-context.js';
import { genesysError } from '../vendor-errors.js';

export function authorize(ctx: EmulatorContext, c: Context, permission: string): Principal | Response {
  const auth = authenticateBearer(ctx, 'genesys', c.req.header('authorization'));
  if (!auth.ok) return c.json(auth.body, auth.status);
  const denied = requirePermission(auth.principal, permission);
  if (denied) return c.json(denied, 403);
  return auth.principal;
}

export async function parseBody<T>(c: Context, schema: z.ZodType<T>): Promise<T | Response> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    return c.json(
      genesysError(400, 'bad.request', 'The request could not be understood by the server due to malformed syntax.'),
      400,
    );
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return c.json(
      genesysError(400, 'bad.request', `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`),
      400,
    );
  }
  return parsed.data;
}

/**
 * An analytics query over an interval, checked in the API's order: the caller's permission (401/403),
 * the body by `schema`, then its ISO 8601 interval (400s); the first failure is the Response to send.
 */
export async function readIntervalQuery<T extends { interval: string }>(
  ctx: EmulatorContext,
  c: Context,
  permission: string,
  schema: z.ZodType<T>,
): Promise<{ principal: Principal; body: T; interval: { from: number; to: number } } | Response> {
  const principal = authorize(ctx, c, permission);
  if (principal instanceof Response) return principal;
  const body = await parseBody(c, schema);
  if (body instanceof Response) return body;
  const interval = parseInterval(c, body.interval);
  if (interval instanceof Response) return interval;
  return { principal, body, interval };
}

/** ISO 8601 `start/end`; a 400 Response when malformed or empty. */
function parseInterval(c: Context, interval: string): { from: number; to: number } | Response {
  const [a, b] = interval.split('/');
  const from = Date.parse(a ?? '');
  const to = Date.parse(b ?? '');
  if (Number.isNaN(from) || Number.isNaN(to) || from >= to) {
    return c.json(
      genesysError(
        400,
        'bad.request',
        `Invalid interval '${interval.slice(0, 80)}': use ISO-8601 start/end with start before end`,
      ),
      400,
    );
  }
  return { from, to };
}

export interface Predicate {
  dimension?: string;
  value?: string;
}
export interface QueryFilter {
  type?: string;
  predicates?: Predicate[];
  clauses?: { type?: string; predicates?: Predicate[] }[];
}

/** Values named for `dimension` anywhere in a filter (predicates and clauses); undefined when unconstrained. */
export function filterValues(filter: QueryFilter | undefined, dimension: string): Set<string> | undefined {
  if (!filter) return undefined;
  const all = [...(filter.predicates ?? []), ...(filter.clauses ?? []).flatMap((cl) => cl.predicates ?? [])];
  const values = all.filter((p) => p.dimension === dimension && p.value).map((p) => p.value as string);
  return values.length > 0 ? new Set(values) : undefined;
}
