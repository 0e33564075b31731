// Genesys analytics calls: aggregates, the paged details query (deduplicated, never up to "now"),
// the async details jobs for history (submit, poll with backoff, page by cursor, delete), data
// availability, and live queue observations.
import { CcpulseError, type Clock, systemClock } from '../../core/index.js';
import { type ApiClient, pollJob } from '../../http/index.js';
import type { AgentInterval, Conversation, QueueInterval, QueueSnapshot } from '../../model/index.js';
import { conversationsInThread, type DetailsPage, type DetailsPageReader } from './details-pages.js';
import { toAgentIntervals, toQueueIntervals, toQueueSnapshots } from './map-to-model.js';
import {
  aggregateResponse,
  availability,
  jobStatus,
  jobSubmitted,
  type ObservationResult,
  observationResponse,
} from './schemas.js';

export const QUEUE_INTERVAL_METRICS = [
  'nOffered',
  'tAnswered',
  'tAbandon',
  'nTransferred',
  'tAcd',
  'tTalk',
  'tHeld',
  'tAcw',
  'tHandle',
  'oServiceLevel',
];

/** Details near "now" are still changing: queries stop this far before it. */
export const DETAILS_SAFETY_MARGIN_MS = 5 * 60_000;

const iso = (ms: number) => new Date(ms).toISOString();
const interval = (from: number, to: number) => `${iso(from)}/${iso(to)}`;
const queueFilter = (queueIds: string[] | undefined) =>
  queueIds?.length
    ? {
        type: 'or',
        predicates: queueIds.map((value) => ({ type: 'dimension', dimension: 'queueId', operator: 'matches', value })),
      }
    : undefined;

export interface IntervalQuery {
  from: number;
  to: number;
  /** ISO 8601 duration such as PT30M, PT1H, P1D. */
  granularity?: string;
  queueIds?: string[];
  /** IANA zone the buckets are aligned to (a P1D bucket is that zone's day). */
  timeZone?: string;
  /** One interval per queue and media type (as the queue observation pushes carry them). */
  byMediaType?: boolean;
}

export async function queryQueueIntervals(
  client: ApiClient,
  org: string,
  query: IntervalQuery,
  signal?: AbortSignal,
): Promise<QueueInterval[]> {
  const data = await aggregates(client, query, signal, {
    groupBy: query.byMediaType ? ['queueId', 'mediaType'] : ['queueId'],
    filter: queueFilter(query.queueIds),
    metrics: QUEUE_INTERVAL_METRICS,
  });
  return toQueueIntervals(org, data);
}

/** One conversation aggregates query over the window, buckets and zone that both groupings share. */
async function aggregates(
  client: ApiClient,
  query: { from: number; to: number; granularity?: string; timeZone?: string },
  signal: AbortSignal | undefined,
  grouping: { groupBy: string[]; filter: unknown; metrics: string[] },
) {
  const { data } = await client.request({
    method: 'POST',
    path: '/api/v2/analytics/conversations/aggregates/query',
    body: {
      interval: interval(query.from, query.to),
      granularity: query.granularity ?? 'PT30M',
      ...(query.timeZone ? { timeZone: query.timeZone } : {}),
      ...grouping,
    },
    schema: aggregateResponse,
    idempotent: true,
    signal,
  });
  return data;
}

/** What an agent did, per user: talk, hold, after-call work and handle time (count = contacts handled). */
export const AGENT_INTERVAL_METRICS = ['tTalk', 'tHeld', 'tAcw', 'tHandle'];

export interface AgentIntervalQuery {
  from: number;
  to: number;
  /** ISO 8601 duration such as PT30M, PT1H, P1D. */
  granularity?: string;
  userIds?: string[];
  /** Only what the agents did on these queues. */
  queueIds?: string[];
  timeZone?: string;
}

/**
 * Conversation aggregates grouped by userId: one AgentInterval per agent and bucket in which the
 * agent handled something. (Time on queue and idle come from the users aggregates, not read here.)
 */
export async function queryAgentIntervals(
  client: ApiClient,
  org: string,
  query: AgentIntervalQuery,
  signal?: AbortSignal,
): Promise<AgentInterval[]> {
  const users = query.userIds?.length
    ? {
        type: 'or',
        predicates: query.userIds.map((value) => ({
          type: 'dimension',
          dimension: 'userId',
          operator: 'matches',
          value,
        })),
      }
    : undefined;
  const queues = queueFilter(query.queueIds);
  const filter = users && queues ? { type: 'and', clauses: [users, queues] } : (users ?? queues);
  const data = await aggregates(client, query, signal, {
    groupBy: ['userId'],
    filter,
    metrics: AGENT_INTERVAL_METRICS,
  });
  return toAgentIntervals(org, data);
}

export interface DetailsQuery {
  from: number;
  to: number;
  queueIds?: string[];
  pageSize?: number;
  clock?: Clock;
  signal?: AbortSignal;
}

/**
 * Conversations starting in [from, to), a page at a time. Pages shift while data arrives, so a
 * conversation can appear twice: each is yielded once. `to` is clamped to now minus a margin.
 */
export async function* conversationDetailPages(
  client: ApiClient,
  org: string,
  query: DetailsQuery,
): AsyncGenerator<Conversation[]> {
  for await (const page of detailsQueryPages(client, org, query, conversationsInThread)) yield page.conversations;
}

/** conversationDetailPages with each page read by `reader`; a page's `ids` are the ones it yields. */
export async function* detailsQueryPages<P>(
  client: ApiClient,
  org: string,
  query: DetailsQuery,
  reader: DetailsPageReader<P>,
): AsyncGenerator<DetailsPage<P>> {
  const to = Math.min(query.to, (query.clock ?? systemClock).now() - DETAILS_SAFETY_MARGIN_MS);
  if (to <= query.from) return;
  const seen = new Set<string>();
  const pageSize = query.pageSize ?? 100;
  const filter = queueFilter(query.queueIds);
  const request = { shape: 'query', org, pageSize } as const;
  for (let pageNumber = 1; ; pageNumber++) {
    const { data } = await client.request({
      method: 'POST',
      path: '/api/v2/analytics/conversations/details/query',
      body: {
        interval: interval(query.from, to),
        order: 'asc',
        orderBy: 'conversationStart',
        paging: { pageSize, pageNumber },
        ...(filter ? { segmentFilters: [filter] } : {}),
      },
      decode: (body, signal) => reader.read(body, request, signal),
      idempotent: true,
      signal: query.signal,
    });
    const repeated = new Set(data.ids.filter((id) => seen.has(id)));
    const ids = repeated.size > 0 ? data.ids.filter((id) => !repeated.has(id)) : data.ids;
    for (const id of ids) seen.add(id);
    if (ids.length > 0)
      yield {
        ids,
        conversations: repeated.size > 0 ? reader.omit(data.conversations, repeated) : data.conversations,
      };
    if (data.ids.length < pageSize) return;
  }
}

export class DetailsJobFailedError extends CcpulseError {
  readonly jobId: string;
  readonly state: string;
  constructor(jobId: string, state: string, detail: string | undefined) {
    super(
      'DETAILS_JOB_FAILED',
      `Genesys analytics job ${jobId} ended ${state}${detail ? `: ${detail}` : ''}`,
      state === 'EXPIRED'
        ? 'Job results expire: the sync submits a new job for the same window.'
        : 'Submit the job again (the sync does this on its next cycle); if it keeps failing, split the window.',
    );
    this.jobId = jobId;
    this.state = state;
  }
}

export async function dataAvailabilityDate(client: ApiClient, signal?: AbortSignal): Promise<number> {
  const { data } = await client.request({
    method: 'GET',
    path: '/api/v2/analytics/conversations/details/jobs/availability',
    schema: availability,
    signal,
  });
  return Date.parse(data.dataAvailabilityDate);
}

export async function submitDetailsJob(
  client: ApiClient,
  from: number,
  to: number,
  signal?: AbortSignal,
  options: { retryTransientFailures?: boolean } = {},
): Promise<string> {
  const { data } = await client.request({
    method: 'POST',
    path: '/api/v2/analytics/conversations/details/jobs',
    body: { interval: interval(from, to), order: 'asc', orderBy: 'conversationStart' },
    schema: jobSubmitted,
    // Not idempotent by default: a retried submit whose first answer was lost starts a second job.
    // A caller may accept that orphan (it expires unread) rather than fail the whole window.
    idempotent: options.retryTransientFailures ?? false,
    signal,
  });
  return data.jobId;
}

/** Polls (1 s doubling to 15 s) until FULFILLED; other end states throw DetailsJobFailedError. */
export async function waitForDetailsJob(
  client: ApiClient,
  jobId: string,
  options: { clock?: Clock; signal?: AbortSignal } = {},
): Promise<void> {
  await pollJob(
    async () => {
      const { data } = await client.request({
        method: 'GET',
        path: `/api/v2/analytics/conversations/details/jobs/${jobId}`,
        schema: jobStatus,
        signal: options.signal,
      });
      if (data.state === 'FULFILLED') return true;
      if (data.state !== 'QUEUED' && data.state !== 'PENDING')
        throw new DetailsJobFailedError(jobId, data.state, data.errorMessage);
      return undefined;
    },
    { clock: options.clock ?? systemClock, signal: options.signal },
  );
}

export async function* detailsJobPages(
  client: ApiClient,
  org: string,
  jobId: string,
  signal?: AbortSignal,
): AsyncGenerator<Conversation[]> {
  for await (const page of detailsJobResultPages(client, org, jobId, { signal })) {
    if (page.conversations.length > 0) yield page.conversations;
  }
}

export interface JobResultsPage<P = Conversation[]> {
  /** The page's conversation ids, in the vendor's order. */
  ids: string[];
  conversations: P;
  /** Where the next page starts; undefined on the last page. */
  next: string | undefined;
}

interface JobResultsOptions {
  cursor?: string | undefined;
  pageSize?: number | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * A job's results from `cursor` on (the start when absent), each page with the cursor of the one
 * after it, so a caller can persist its place and resume after a restart. Always yields at least
 * one page (possibly empty): the last one tells the caller the job is read to the end. Pages are
 * read as Conversation records in this thread, or by the `reader` given.
 */
export function detailsJobResultPages(
  client: ApiClient,
  org: string,
  jobId: string,
  options?: JobResultsOptions,
): AsyncGenerator<JobResultsPage>;
export function detailsJobResultPages<P>(
  client: ApiClient,
  org: string,
  jobId: string,
  options: JobResultsOptions & { reader: DetailsPageReader<P> },
): AsyncGenerator<JobResultsPage<P>>;
export async function* detailsJobResultPages(
  client: ApiClient,
  org: string,
  jobId: string,
  options: JobResultsOptions & { reader?: DetailsPageReader<unknown> } = {},
): AsyncGenerator<JobResultsPage<unknown>> {
  let cursor = options.cursor;
  const reader = options.reader ?? conversationsInThread;
  const request = { shape: 'job', org, pageSize: options.pageSize ?? 1000 } as const;
  const path = `/api/v2/analytics/conversations/details/jobs/${jobId}/results`;
  for (;;) {
    const { data } = await client.request({
      method: 'GET',
      path,
      query: { pageSize: request.pageSize, cursor },
      decode: (body, signal) => reader.read(body, request, signal),
      signal: options.signal,
    });
    yield { ids: data.ids, conversations: data.conversations, next: data.cursor };
    if (!data.cursor) return;
    cursor = data.cursor;
  }
}

export async function deleteDetailsJob(client: ApiClient, jobId: string): Promise<void> {
  await client.request({ method: 'DELETE', path: `/api/v2/analytics/conversations/details/jobs/${jobId}` });
}

/** Observation metrics of queues (what the live views show), per Genesys's groups. */
export const QUEUE_OBSERVATION_METRICS = [
  'oWaiting',
  'oInteracting',
  'oOnQueueUsers',
  'oOffQueueUsers',
  'oActiveUsers',
];

/**
 * Raw observation results of these queues now; `detailMetrics: ['oWaiting']` adds each waiting
 * conversation's `observationDate` (how the longest wait is known).
 */
export async function queueObservations(
  client: ApiClient,
  queueIds: string[],
  options: { detailMetrics?: string[]; signal?: AbortSignal } = {},
): Promise<ObservationResult[]> {
  if (queueIds.length === 0) return [];
  const { data } = await client.request({
    method: 'POST',
    path: '/api/v2/analytics/queues/observations/query',
    body: {
      filter: queueFilter(queueIds),
      metrics: QUEUE_OBSERVATION_METRICS,
      ...(options.detailMetrics?.length ? { detailMetrics: options.detailMetrics } : {}),
    },
    schema: observationResponse,
    idempotent: true,
    signal: options.signal,
  });
  return data.results;
}

export async function queueSnapshots(
  client: ApiClient,
  org: string,
  queueIds: string[],
  options: { clock?: Clock; signal?: AbortSignal } = {},
): Promise<QueueSnapshot[]> {
  const results = await queueObservations(client, queueIds, { signal: options.signal });
  return toQueueSnapshots(org, (options.clock ?? systemClock).now(), results);
}
