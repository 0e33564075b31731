// Gathers what one dashboard page shows — each queue's live numbers, today's half-hours and totals,
// and the agents — from a DashboardData, and turns the vendor's 403s into one error naming every
// permission the user lacks (so the admin is asked once, not once per refresh).
import { MissingPermissionError } from '../auth/index.js';
import type { OrgConfig } from '../config/index.js';
import type { Clock } from '../core/index.js';
import { ForbiddenError } from '../http/index.js';
import { type Agent, type MediaType, type QueueInterval, queueIntervalSummary } from '../model/index.js';
import type { AgentActivity, DashboardData, UserAccess } from './dashboard-data.js';

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

export interface AgentView {
  id: string;
  name: string;
  email: string | undefined;
  /** Today's figures, when the vendor reports per-agent work (undefined: not reported). */
  today: { handled: number; averageHandleMs: number | undefined } | undefined;
}

export interface DashboardView {
  generatedAt: number;
  /** Today in UTC: [from, to). */
  day: { from: number; to: number };
  queues: QueueView[];
  agents: AgentView[];
  /** Where the agents come from: the vendor's directory, its per-agent work reports, or both. */
  agentsFrom: { directory: boolean; activity: boolean };
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
  const none = Promise.resolve([]);
  const [queues, agents, activity] = await Promise.allSettled([
    data.queues(access),
    data.agents ? data.agents(access) : none,
    data.agentActivity ? data.agentActivity(access, day) : none,
  ]);
  const queueIds = queues.status === 'fulfilled' ? queues.value.map((q) => q.id) : [];
  const query = { queueIds, ...day };
  const [snapshots, intervals, totalsByQueue] = await Promise.allSettled([
    data.snapshots(access, queueIds),
    queueIds.length > 0 ? data.intervals(access, query) : none,
    queueIds.length > 0 && data.totals ? data.totals(access, query) : none,
  ]);
  const settled = [queues, agents, activity, snapshots, intervals, totalsByQueue];
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
  const snapshotList = settledValue(snapshots);
  const intervalList = settledValue(intervals);
  const vendorTotals = data.totals ? settledValue(totalsByQueue) : undefined;

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
          // A skill list without media types (CXone) takes the one its intervals report.
          mediaType: queue.mediaType ?? own.find((i) => i.mediaType !== undefined)?.mediaType,
          live: live && { waiting: live.waiting, interacting: live.interacting, onQueueAgents: live.onQueueAgents },
          today: totals(vendorTotals ? vendorTotals.filter((i) => i.queueId === queue.id) : own),
          intervals: halfHours(own, day.from, Math.min(day.to, now + 1)),
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name)),
    agents: agentViews(settledValue(agents), data.agentActivity ? settledValue(activity) : undefined),
    agentsFrom: { directory: data.agents !== undefined, activity: data.agentActivity !== undefined },
  };
}

/**
 * The directory's people joined with their work today. Someone the vendor reports work for but
 * whose directory entry this user cannot read (CXone's performance report names agents by id only)
 * is shown by id.
 */
function agentViews(directory: Agent[], activity: AgentActivity[] | undefined): AgentView[] {
  const work = new Map((activity ?? []).map((a) => [a.agentId, a]));
  const today = (id: string): AgentView['today'] => {
    if (!activity) return undefined;
    const a = work.get(id);
    return a
      ? { handled: a.handled, averageHandleMs: a.handled > 0 ? a.handleMs / a.handled : undefined }
      : { handled: 0, averageHandleMs: undefined };
  };
  const listed = new Set(directory.map((a) => a.id));
  return [
    ...directory.map((a) => ({ id: a.id, name: a.name, email: a.email, today: today(a.id) })),
    ...[...work.keys()]
      .filter((id) => !listed.has(id))
      .map((id) => ({ id, name: `Agent ${id}`, email: undefined, today: today(id) })),
  ].sort((a, b) => a.name.localeCompare(b.name));
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
