// Genesys analytics on the emulator: conversation aggregates, details (paged), async details jobs,
// data availability and live queue observations — all computed from the shared traffic, so the
// aggregates of an interval equal the sum of its details.
import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { z } from 'zod';
import type { EmulatorContext, Principal } from '../emulator-context.js';
import { GENESYS_PERMISSIONS } from '../seed-org.js';
import { aggregateConversations, conversationsEmittingIn } from '../traffic/aggregate.js';
import { GENESYS_METRICS } from '../traffic/genesys-metrics.js';
import { conversationsBetween, type SimConversation } from '../traffic/traffic.js';
import { genesysError } from '../vendor-errors.js';
import { bucketBounds, isTimeZone, parseGranularity } from './aggregate-intervals.js';
import { conversationDetail } from './conversation-details.js';
import { authorize, filterValues, parseBody, type QueryFilter, readIntervalQuery } from './genesys-request.js';
import { observeQueues } from './queue-observations.js';

const predicate = z
  .object({ dimension: z.string().optional(), value: z.string().optional(), type: z.string().optional() })
  .passthrough();
const filter = z
  .object({
    type: z.string().optional(),
    predicates: z.array(predicate).optional(),
    clauses: z.array(z.object({ type: z.string().optional(), predicates: z.array(predicate).optional() })).optional(),
  })
  .passthrough();

const aggregateQuery = z.object({
  interval: z.string(),
  granularity: z.string().optional(),
  timeZone: z.string().optional(),
  groupBy: z.array(z.enum(['queueId', 'userId', 'mediaType'])).optional(),
  filter: filter.optional(),
  metrics: z.array(z.string()).min(1),
});

const detailsQuery = z.object({
  interval: z.string(),
  order: z.enum(['asc', 'desc']).optional(),
  // The orderings the emulator's records support (Genesys has more, all segment-level).
  orderBy: z.enum(['conversationStart', 'conversationEnd']).optional(),
  paging: z.object({ pageSize: z.number().int().min(1).max(100), pageNumber: z.number().int().min(1) }).optional(),
  segmentFilters: z.array(filter).optional(),
  conversationFilters: z.array(filter).optional(),
});

const jobQuery = detailsQuery.omit({ paging: true });

/** How far behind now the async jobs' data is complete. */
const AVAILABILITY_LAG_MS = 60 * 60_000;
const JOB_RESULT_LIFETIME_MS = 24 * 3600_000;
/** How long an emulated job runs (QUEUED for its first second, then PENDING). */
export const JOB_RUN_MS = 3000;

interface Job {
  id: string;
  clientId: string;
  submittedAt: number;
  conversations: SimConversation[];
  asOf: number;
  /** An injected end state, taken once the job has run. */
  outcome: 'FULFILLED' | 'FAILED' | 'EXPIRED';
}

export function mountGenesysAnalytics(app: Hono, ctx: EmulatorContext, limits: { concurrentJobs: number }): void {
  const { traffic, org } = ctx;
  const jobs = new Map<string, Job>();

  /** Ended conversations starting in [from, to) that this principal may see, as of `asOf`. */
  const visible = (
    p: Principal,
    from: number,
    to: number,
    asOf: number,
    f?: { queues?: Set<string> | undefined; media?: Set<string> | undefined },
  ) =>
    conversationsBetween(traffic, from, to, asOf).filter(
      (c) =>
        p.visibleQueueIds.has(c.queueId) &&
        (!f?.queues || f.queues.has(c.queueId)) &&
        (!f?.media || f.media.has(c.mediaType)),
    );

  /** Values a list of filters (segmentFilters, conversationFilters) admits for one dimension. */
  const valuesIn = (filters: QueryFilter[] | undefined, dimension: string) => {
    const sets = (filters ?? [])
      .map((f) => filterValues(f, dimension))
      .filter((s): s is Set<string> => s !== undefined);
    return sets.length > 0 ? new Set(sets.flatMap((s) => [...s])) : undefined;
  };
  const detailFilters = (body: z.infer<typeof jobQuery>) => ({
    queues: valuesIn([...(body.segmentFilters ?? []), ...(body.conversationFilters ?? [])], 'queueId'),
    media: valuesIn([...(body.segmentFilters ?? []), ...(body.conversationFilters ?? [])], 'mediaType'),
  });
  const ordered = (list: SimConversation[], body: z.infer<typeof jobQuery>) => {
    if (body.orderBy === 'conversationEnd') list.sort((a, b) => a.end - b.end || a.id.localeCompare(b.id));
    if (body.order === 'desc') list.reverse();
    return list;
  };

  app.post('/api/v2/analytics/conversations/aggregates/query', async (c) => {
    const query = await readIntervalQuery(ctx, c, GENESYS_PERMISSIONS.conversationAggregate, aggregateQuery);
    if (query instanceof Response) return query;
    const { principal, body, interval } = query;
    const unknown = body.metrics.filter((m) => !GENESYS_METRICS.includes(m as never));
    if (unknown.length > 0)
      return c.json(genesysError(400, 'bad.request', `Unknown metric(s): ${unknown.join(', ')}`), 400);
    const zone = body.timeZone ?? 'UTC';
    if (!isTimeZone(zone))
      return c.json(
        genesysError(400, 'bad.request', `Invalid timeZone '${zone.slice(0, 60)}': use an IANA zone name`),
        400,
      );
    const step = body.granularity ? parseGranularity(body.granularity) : { days: 0, ms: interval.to - interval.from };
    if (!step) return c.json(genesysError(400, 'bad.request', `Invalid granularity '${body.granularity}'`), 400);
    const bounds = bucketBounds(interval.from, interval.to, step, zone, 5000);
    if (!bounds) return c.json(genesysError(400, 'bad.request', 'Too many intervals for this granularity'), 400);
    const now = ctx.clock.now();
    const queues = filterValues(body.filter, 'queueId');
    const media = filterValues(body.filter, 'mediaType');
    const conversations = conversationsEmittingIn(traffic, interval.from, interval.to, now).filter(
      (conv) =>
        principal.visibleQueueIds.has(conv.queueId) &&
        (!queues || queues.has(conv.queueId)) &&
        (!media || media.has(conv.mediaType)),
    );
    const results = aggregateConversations(org, conversations, {
      bounds,
      groupBy: body.groupBy ?? [],
      metrics: body.metrics,
      asOf: now,
      attribution: 'emitted',
    });
    // Like the real API: no `results` key when nothing matched.
    return c.json(results.length > 0 ? { results } : {});
  });

  app.post('/api/v2/analytics/conversations/details/query', async (c) => {
    const query = await readIntervalQuery(ctx, c, GENESYS_PERMISSIONS.conversationDetail, detailsQuery);
    if (query instanceof Response) return query;
    const { principal, body, interval } = query;
    const now = ctx.clock.now();
    // Computed afresh per page as of now: conversations ending meanwhile shift later pages, as on the real API.
    const list = ordered(visible(principal, interval.from, interval.to, now, detailFilters(body)), body);
    const { pageSize, pageNumber } = body.paging ?? { pageSize: 25, pageNumber: 1 };
    const page = list.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
    // Like the real API: no `conversations` key on an empty page.
    return c.json(
      page.length > 0
        ? { conversations: page.map((conv) => conversationDetail(org, conv)), totalHits: list.length }
        : { totalHits: list.length },
    );
  });

  app.get('/api/v2/analytics/conversations/details/jobs/availability', (c) => {
    const principal = authorize(ctx, c, GENESYS_PERMISSIONS.conversationDetail);
    if (principal instanceof Response) return principal;
    return c.json({ dataAvailabilityDate: new Date(availability()).toISOString() });
  });

  const availability = () => Math.floor((ctx.clock.now() - AVAILABILITY_LAG_MS) / 60_000) * 60_000;

  app.post('/api/v2/analytics/conversations/details/jobs', async (c) => {
    const query = await readIntervalQuery(ctx, c, GENESYS_PERMISSIONS.conversationDetail, jobQuery);
    if (query instanceof Response) return query;
    const { principal, body, interval } = query;
    const asOf = ctx.clock.now();
    // The org's jobs still running count against its allowance; finished ones (read or not) do not.
    const running = [...jobs.values()].filter((j) => ['QUEUED', 'PENDING'].includes(jobState(j)));
    if (running.length >= limits.concurrentJobs) {
      const freesAt = running.reduce((m, j) => Math.min(m, j.submittedAt + JOB_RUN_MS), Number.POSITIVE_INFINITY);
      c.header('retry-after', String(Math.max(1, Math.ceil((freesAt - asOf) / 1000))));
      return c.json(
        genesysError(
          429,
          'too.many.requests',
          `The maximum number of concurrent jobs (${limits.concurrentJobs}) has been reached; retry when one has finished`,
        ),
        429,
      );
    }
    const id = randomUUID();
    // A job sees only data up to the availability date: asking past it silently yields less, as on the real API.
    const list = ordered(
      visible(principal, interval.from, Math.min(interval.to, availability()), asOf, detailFilters(body)),
      body,
    );
    jobs.set(id, {
      id,
      clientId: principal.token.client.id,
      submittedAt: asOf,
      conversations: list,
      asOf,
      outcome: takeJobFault(ctx),
    });
    return c.json({ jobId: id }, 202);
  });

  function jobState(job: Job) {
    const age = ctx.clock.now() - job.submittedAt;
    if (age < 1000) return 'QUEUED';
    if (age < JOB_RUN_MS) return 'PENDING';
    if (job.outcome !== 'FULFILLED') return job.outcome;
    if (age > JOB_RESULT_LIFETIME_MS) return 'EXPIRED';
    return 'FULFILLED';
  }

  const findJob = (jobId: string, principal: Principal) => {
    const job = jobs.get(jobId);
    return job && job.clientId === principal.token.client.id ? job : undefined;
  };

  app.get('/api/v2/analytics/conversations/details/jobs/:jobId', (c) => {
    const principal = authorize(ctx, c, GENESYS_PERMISSIONS.conversationDetail);
    if (principal instanceof Response) return principal;
    const job = findJob(c.req.param('jobId'), principal);
    if (!job) return c.json(genesysError(404, 'not.found', 'The requested job was not found'), 404);
    const state = jobState(job);
    return c.json({
      state,
      submissionDate: new Date(job.submittedAt).toISOString(),
      expirationDate: new Date(job.submittedAt + JOB_RESULT_LIFETIME_MS).toISOString(),
      // A job that has run says when it finished (AsyncQueryStatus.completionDate).
      ...(state !== 'QUEUED' && state !== 'PENDING'
        ? { completionDate: new Date(job.submittedAt + JOB_RUN_MS).toISOString() }
        : {}),
      ...(state === 'FAILED' ? { errorMessage: 'The job failed to complete; submit it again' } : {}),
    });
  });

  app.get('/api/v2/analytics/conversations/details/jobs/:jobId/results', (c) => {
    const principal = authorize(ctx, c, GENESYS_PERMISSIONS.conversationDetail);
    if (principal instanceof Response) return principal;
    const job = findJob(c.req.param('jobId'), principal);
    if (!job) return c.json(genesysError(404, 'not.found', 'The requested job was not found'), 404);
    const state = jobState(job);
    if (state !== 'FULFILLED')
      return c.json(genesysError(400, 'bad.request', `Job results are not available in state ${state}`), 400);
    const pageSize = Math.min(1000, Math.max(1, Number(c.req.query('pageSize') ?? 1000) || 1000));
    const offset = decodeCursor(c.req.query('cursor'));
    if (offset === undefined) return c.json(genesysError(400, 'bad.request', 'Invalid cursor'), 400);
    const slice = job.conversations.slice(offset, offset + pageSize);
    const next = offset + pageSize < job.conversations.length ? encodeCursor(offset + pageSize) : undefined;
    return c.json({
      conversations: slice.map((conv) => conversationDetail(org, conv)),
      dataAvailabilityDate: new Date(job.submittedAt - AVAILABILITY_LAG_MS).toISOString(),
      ...(next ? { cursor: next } : {}),
    });
  });

  app.delete('/api/v2/analytics/conversations/details/jobs/:jobId', (c) => {
    const principal = authorize(ctx, c, GENESYS_PERMISSIONS.conversationDetail);
    if (principal instanceof Response) return principal;
    const job = findJob(c.req.param('jobId'), principal);
    if (!job) return c.json(genesysError(404, 'not.found', 'The requested job was not found'), 404);
    jobs.delete(job.id);
    return c.body(null, 204);
  });

  app.post('/api/v2/analytics/queues/observations/query', async (c) => {
    const principal = authorize(ctx, c, GENESYS_PERMISSIONS.queueObservation);
    if (principal instanceof Response) return principal;
    const body = await parseBody(
      c,
      z.object({ filter, metrics: z.array(z.string()).min(1), detailMetrics: z.array(z.string()).optional() }),
    );
    if (body instanceof Response) return body;
    const now = ctx.clock.now();
    const wanted = filterValues(body.filter, 'queueId');
    const queues = org.queues.filter((q) => principal.visibleQueueIds.has(q.id) && (!wanted || wanted.has(q.id)));
    return c.json({ results: observeQueues(org, traffic, now, queues, body.metrics, body.detailMetrics) });
  });
}

/** The end state of the next submitted job: FAILED or EXPIRED while faults ask for them, else FULFILLED. */
function takeJobFault(ctx: EmulatorContext): Job['outcome'] {
  if (ctx.faults.failNextJobs > 0) {
    ctx.faults.failNextJobs--;
    return 'FAILED';
  }
  if (ctx.faults.expireNextJobs > 0) {
    ctx.faults.expireNextJobs--;
    return 'EXPIRED';
  }
  return 'FULFILLED';
}

const encodeCursor = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url');
function decodeCursor(cursor: string | undefined): number | undefined {
  if (!cursor) return 0;
  const m = /^o:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  return m ? Number(m[1]) : undefined;
}
