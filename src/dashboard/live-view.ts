// What one page shows, built from a user's LiveState for a period and a time zone: per queue the live
// numbers (waiting, since when the oldest waits, interacting, agents by routing status) and the
// period's figures (offered, answered, abandoned, abandon rate, service level against its target,
// ASA, AHT) with a bar per bucket; per agent on the user's queues their state, since when, and
// their work in the period. The page, the event stream, the CSV and the wallboard all read this.

import { dayStart } from '../core/index.js';
import { type AgentRoutingState, type QueueInterval, queueIntervalSummary } from '../model/index.js';
import type { AgentWork, LiveState, LiveStatus, WindowFigures } from './live-state.js';

export const PERIODS = {
  today: 'Today',
  yesterday: 'Yesterday',
  '7d': 'Last 7 days',
} as const;
export type PeriodKey = keyof typeof PERIODS;

export const isPeriod = (value: string | undefined): value is PeriodKey =>
  value !== undefined && Object.hasOwn(PERIODS, value);

export interface PeriodWindows {
  key: PeriodKey;
  label: string;
  from: number;
  to: number;
  step: 'half-hour' | 'day';
  /** The windows whose figures make up the period: earlier days read once, today's live. */
  parts: { from: number; to: number; step: 'half-hour' | 'day' }[];
}

export function periodWindows(key: PeriodKey, now: number, zone: string): PeriodWindows {
  const today = dayStart(now, zone);
  const tomorrow = dayStart(now, zone, 1);
  const day = (from: number, to: number) => ({ from, to, step: 'half-hour' as const });
  const of = (from: number, to: number, step: PeriodWindows['step'], parts: PeriodWindows['parts']) => ({
    key,
    label: PERIODS[key],
    from,
    to,
    step,
    parts,
  });
  if (key === 'yesterday') {
    const from = dayStart(now, zone, -1);
    return of(from, today, 'half-hour', [day(from, today)]);
  }
  if (key === '7d') {
    const from = dayStart(now, zone, -6);
    return of(from, tomorrow, 'day', [{ from, to: today, step: 'day' }, day(today, tomorrow)]);
  }
  return of(today, tomorrow, 'half-hour', [day(today, tomorrow)]);
}

export interface Bar {
  start: number;
  end: number;
  offered: number;
  answered: number;
  abandoned: number;
  /** Fraction 0..1 of contacts answered within the threshold; undefined with none counted. */
  serviceLevel: number | undefined;
}

export interface QueueLive {
  waiting: number;
  /** When the oldest waiting contact started waiting (the longest wait ticks from it). */
  waitingSince: number | undefined;
  interacting: number;
  agentsIdle: number | undefined;
  agentsBusy: number | undefined;
  agentsNotResponding: number | undefined;
  agentsOffQueue: number | undefined;
}

export interface QueueFigures {
  offered: number;
  answered: number;
  abandoned: number;
  abandonRate: number | undefined;
  serviceLevel: number | undefined;
  serviceLevelTarget: number | undefined;
  averageSpeedOfAnswerMs: number | undefined;
  averageHandleMs: number | undefined;
}

export interface QueueRow {
  id: string;
  name: string;
  mediaType: string | undefined;
  live: QueueLive | undefined;
  figures: QueueFigures;
  bars: Bar[];
}

export interface AgentRow {
  id: string;
  name: string;
  state: AgentRoutingState | undefined;
  vendorState: string | undefined;
  reason: string | undefined;
  since: number | undefined;
  handled: number;
  averageHandleMs: number | undefined;
}

export interface LiveView {
  now: number;
  zone: string;
  period: PeriodWindows;
  status: LiveStatus;
  updatedAt: number;
  queues: QueueRow[];
  agents: AgentRow[];
}

const BUSY = ['INTERACTING', 'COMMUNICATING', 'ACW'];

export function buildView(
  state: LiveState,
  period: PeriodWindows,
  zone: string,
  figures: WindowFigures[],
  now: number,
): LiveView {
  const intervals = figures.flatMap((f) => f.intervals);
  // The vendor's own totals where every part has them (CXone), else the sum of the buckets.
  const totals = figures.every((f) => f.totals !== undefined) ? figures.flatMap((f) => f.totals ?? []) : undefined;
  const work = new Map<string, AgentWork>();
  for (const f of figures)
    for (const [id, w] of f.agents) {
      const sum = work.get(id) ?? { handled: 0, handleMs: 0 };
      sum.handled += w.handled;
      sum.handleMs += w.handleMs;
      work.set(id, sum);
    }

  const starts = bucketStarts(period, zone);
  const queues = [...state.queues.values()]
    .map((q): QueueRow => {
      const own = intervals.filter((i) => i.queueId === q.id);
      const snap = state.snapshots.get(q.id);
      const split = snap?.agentsByRoutingStatus;
      const sum = summarise(totals ? totals.filter((i) => i.queueId === q.id) : own);
      return {
        id: q.id,
        name: q.name,
        mediaType: q.mediaType ?? own.find((i) => i.mediaType !== undefined)?.mediaType,
        live: snap && {
          waiting: snap.waiting,
          waitingSince: snap.waiting > 0 && snap.longestWaitMs !== undefined ? snap.at - snap.longestWaitMs : undefined,
          interacting: snap.interacting,
          agentsIdle: split ? (split.IDLE ?? 0) : snap.availableAgents,
          agentsBusy: split ? BUSY.reduce((n, k) => n + (split[k] ?? 0), 0) : undefined,
          // A vendor without the status (CXone) shows a dash, not a made-up 0.
          agentsNotResponding: split?.NOT_RESPONDING,
          agentsOffQueue: snap.offQueueAgents,
        },
        figures: {
          ...sum,
          serviceLevelTarget:
            q.serviceLevelTarget ?? own.find((i) => i.serviceLevelTarget !== undefined)?.serviceLevelTarget,
        },
        bars: bars(own, period, starts),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));

  const listed = new Map([...state.agents.values()].map((a) => [a.id, a.name]));
  // Someone who worked the period but is not listed now (CXone lists who is logged in) still counts,
  // by the name the vendor's directory gives where it gave one.
  const named = (id: string) => figures.find((f) => f.agentNames?.has(id))?.agentNames?.get(id);
  for (const id of work.keys()) if (!listed.has(id)) listed.set(id, named(id) ?? `Agent ${id}`);
  const agents = [...listed]
    .map(([id, name]): AgentRow => {
      const s = state.agentStates.get(id);
      const w = work.get(id);
      return {
        id,
        name,
        state: s?.state,
        vendorState: s?.vendorState,
        reason: s?.reason,
        since: s?.since,
        handled: w?.handled ?? 0,
        averageHandleMs: w && w.handled > 0 ? w.handleMs / w.handled : undefined,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));

  return { now, zone, period, status: state.status, updatedAt: state.updatedAt || now, queues, agents };
}

function summarise(list: QueueInterval[]): Omit<QueueFigures, 'serviceLevelTarget'> {
  const total = (pick: (i: QueueInterval) => number) => list.reduce((n, i) => n + pick(i), 0);
  const sums = {
    offered: total((i) => i.offered),
    answered: total((i) => i.answered),
    abandoned: total((i) => i.abandoned),
    handleMs: total((i) => i.handleMs),
    answerWaitMs: total((i) => i.answerWaitMs),
    serviceLevelNumerator: total((i) => i.serviceLevelNumerator),
    serviceLevelDenominator: total((i) => i.serviceLevelDenominator),
  };
  const s = queueIntervalSummary(sums);
  return {
    offered: sums.offered,
    answered: sums.answered,
    abandoned: sums.abandoned,
    abandonRate: s.abandonRate,
    serviceLevel: s.serviceLevel,
    averageSpeedOfAnswerMs: s.averageSpeedOfAnswerMs,
    averageHandleMs: s.averageHandleMs,
  };
}

/** The period's buckets (half-hours of the day, or days) by their starts: each ends where the next starts, the last at the period's end. */
export function bucketStarts(period: PeriodWindows, zone: string): number[] {
  const starts: number[] = [];
  for (let t = period.from; t < period.to; t = period.step === 'day' ? dayStart(t, zone, 1) : t + 30 * 60_000)
    starts.push(t);
  return starts;
}

/**
 * One bar per bucket of the period (`starts`, from bucketStarts), zeros included. Made for every
 * queue of every new view (many a second while a vendor pushes): plain loops and one object per bar.
 */
function bars(intervals: QueueInterval[], period: PeriodWindows, starts: number[]): Bar[] {
  const sums = starts.map(() => ({ offered: 0, answered: 0, abandoned: 0, slNum: 0, slDen: 0 }));
  for (const i of intervals) {
    if (i.intervalStart < period.from || i.intervalStart >= period.to) continue;
    // The last bucket starting at or before the interval (today's half-hours fall into today's day).
    let k = starts.length - 1;
    while (k > 0 && (starts[k] as number) > i.intervalStart) k--;
    const b = sums[k];
    if (!b) continue;
    b.offered += i.offered;
    b.answered += i.answered;
    b.abandoned += i.abandoned;
    b.slNum += i.serviceLevelNumerator;
    b.slDen += i.serviceLevelDenominator;
  }
  return starts.map((start, k) => {
    const b = sums[k] as (typeof sums)[number];
    return {
      start,
      end: starts[k + 1] ?? period.to,
      offered: b.offered,
      answered: b.answered,
      abandoned: b.abandoned,
      serviceLevel: b.slDen > 0 ? b.slNum / b.slDen : undefined,
    };
  });
}
