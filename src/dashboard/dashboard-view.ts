// Gathers what one dashboard page shows — each queue's live numbers, today's half-hours and totals,
// and the agents — from a DashboardData, and turns the vendor's 403s into one error naming every
// permission the user lacks (so the admin is asked once, not once per refresh).
import { MissingPermissionError } from '../auth/index.js';
import type { OrgConfig } from '../config/index.js';
import type { Clock } from '../core/index.js';
import { ForbiddenError } from '../http/index.js';
import { type MediaType, type QueueInterval, queueIntervalSummary } from '../model/index.js';
import type { DashboardData, UserAccess } from './dashboard-data.js';

export const INTERVAL_MS = 30 * 60_000;
const DAY_MS = 24 * 3600_000;

export interface IntervalPoint {
  start: number;
  offered: number;
  answered: number;
  abandoned: number;
}

export interface QueueView {
  id: string;
  name: string;
  mediaType: MediaType | undefined;
  /** Undefined when the vendor gave no live numbers for this queue. */
  live: { waiting: number; interacting: number; onQueueAgents: number } | undefined;
  today: {
    offered: number;
    answered: number;
    abandoned: number;
    /** Fraction 0..1; undefined before any contact counted. */
    serviceLevel: number | undefined;
    serviceLevelTarget: number | undefined;
    averageHandleMs: number | undefined;
  };
  /** Every half-hour of the day so far, oldest first, zeros included. */
  intervals: IntervalPoint[];
}

export interface DashboardView {
  generatedAt: number;
  /** Today in UTC: [from, to). */
  day: { from: number; to: number };
  queues: QueueView[];
  agents: { id: string; name: string; email: string | undefined }[];
}

/** Today (UTC) up to the end of the current half-hour. */
export function todayWindow(now: number): { from: number; to: number } {
  const from = Math.floor(now / DAY_MS) * DAY_MS;
  return { from, to: Math.min(from + DAY_MS, Math.floor(now / INTERVAL_MS) * INTERVAL_MS + INTERVAL_MS) };
}

export async function loadDashboardView<O extends OrgConfig>(
  data: DashboardData<O>,
  access: UserAccess<O>,
  clock: Clock,
): Promise<DashboardView> {
  const now = clock.now();
  const day = todayWindow(now);
  const [queues, agents] = await Promise.allSettled([data.queues(access), data.agents(access)]);
  const queueIds = queues.status === 'fulfilled' ? queues.value.map((q) => q.id) : [];
  const [snapshots, intervals] = await Promise.allSettled([
    data.snapshots(access, queueIds),
    queueIds.length > 0 ? data.intervals(access, { queueIds, ...day }) : Promise.resolve([]),
  ]);
  const settled = [queues, agents, snapshots, intervals];
  const failures = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
  const forbidden = failures.filter((e): e is ForbiddenError => e instanceof ForbiddenError);
  const other = failures.find((e) => !(e instanceof ForbiddenError));
  if (other !== undefined) throw other;
  if (forbidden.length > 0) {
    const missing = [...new Set(forbidden.flatMap((e) => e.missingPermissions))].sort();
    throw new MissingPermissionError(
      access.org.vendor,
      missing,
      forbidden.map((e) => `${e.details.method} ${e.details.path}`).join(', '),
    );
  }
  const queueList = settledValue(queues);
  const agentList = settledValue(agents);
  const snapshotList = settledValue(snapshots);
  const intervalList = settledValue(intervals);

  const liveByQueue = new Map(snapshotList.map((s) => [s.queueId, s]));
  return {
    generatedAt: now,
    day,
    queues: queueList
      .map((queue) => {
        const own = intervalList.filter((i) => i.queueId === queue.id);
        const live = liveByQueue.get(queue.id);
        return {
          id: queue.id,
          name: queue.name,
          mediaType: queue.mediaType,
          live: live && { waiting: live.waiting, interacting: live.interacting, onQueueAgents: live.onQueueAgents },
          today: totals(own),
          intervals: halfHours(own, day.from, Math.min(day.to, now + 1)),
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name)),
    agents: agentList
      .map((a) => ({ id: a.id, name: a.name, email: a.email }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

function settledValue<T>(settled: PromiseSettledResult<T>): T {
  if (settled.status === 'rejected') throw settled.reason;
  return settled.value;
}

function totals(intervals: QueueInterval[]): QueueView['today'] {
  const sum = (pick: (i: QueueInterval) => number) => intervals.reduce((n, i) => n + pick(i), 0);
  const summed = {
    offered: sum((i) => i.offered),
    answered: sum((i) => i.answered),
    abandoned: sum((i) => i.abandoned),
    handleMs: sum((i) => i.handleMs),
    answerWaitMs: sum((i) => i.answerWaitMs),
    serviceLevelNumerator: sum((i) => i.serviceLevelNumerator),
    serviceLevelDenominator: sum((i) => i.serviceLevelDenominator),
  };
  const summary = queueIntervalSummary(summed);
  return {
    offered: summed.offered,
    answered: summed.answered,
    abandoned: summed.abandoned,
    serviceLevel: summary.serviceLevel,
    serviceLevelTarget: intervals.find((i) => i.serviceLevelTarget !== undefined)?.serviceLevelTarget,
    averageHandleMs: summary.averageHandleMs,
  };
}

/** One point per half-hour in [from, until), summing media-type groups that share a bucket. */
function halfHours(intervals: QueueInterval[], from: number, until: number): IntervalPoint[] {
  const points: IntervalPoint[] = [];
  for (let start = from; start < until; start += INTERVAL_MS)
    points.push({ start, offered: 0, answered: 0, abandoned: 0 });
  for (const i of intervals) {
    const point = points[Math.floor((i.intervalStart - from) / INTERVAL_MS)];
    if (!point) continue;
    point.offered += i.offered;
    point.answered += i.answered;
    point.abandoned += i.abandoned;
  }
  return points;
}
