// Every figure of a view as the page prints it, one function per row kind, so the page, the JSON the
// event stream sends, the CSV and the wallboard always read alike. Figures that tick (longest wait,
// time in status) also carry the moment they count from, for the page's script.

import { clockTime, zoneAbbreviation } from '../core/index.js';
import type { AgentRoutingState } from '../model/index.js';
import { formatCount, formatDuration, formatPercent, NO_VALUE } from './display-format.js';
import type { AgentRow, LiveView, QueueRow } from './live-view.js';
import { queueChart } from './queue-chart.js';

export const LIVE_METRICS = [
  'waiting',
  'longestWait',
  'interacting',
  'agentsIdle',
  'agentsBusy',
  'agentsNotResponding',
  'agentsOffQueue',
] as const;
export const PERIOD_METRICS = [
  'offered',
  'answered',
  'abandoned',
  'abandonRate',
  'serviceLevel',
  'averageSpeedOfAnswer',
  'averageHandle',
] as const;
export const AGENT_METRICS = ['status', 'timeInStatus', 'handled', 'averageHandle'] as const;

type LiveMetric = (typeof LIVE_METRICS)[number];
type PeriodMetric = (typeof PERIOD_METRICS)[number];
type AgentMetric = (typeof AGENT_METRICS)[number];

export const STATE_LABELS: Record<AgentRoutingState, string> = {
  idle: 'Available',
  interacting: 'On a contact',
  acw: 'After-call work',
  'not-responding': 'Not responding',
  'off-queue': 'Off queue',
  'logged-out': 'Logged out',
};

export function queueCells(q: QueueRow, now: number): Record<LiveMetric | PeriodMetric, string> {
  const live = q.live;
  const f = q.figures;
  return {
    waiting: formatCount(live?.waiting),
    longestWait: live?.waitingSince === undefined ? NO_VALUE : formatDuration(now - live.waitingSince),
    interacting: formatCount(live?.interacting),
    agentsIdle: formatCount(live?.agentsIdle),
    agentsBusy: formatCount(live?.agentsBusy),
    agentsNotResponding: formatCount(live?.agentsNotResponding),
    agentsOffQueue: formatCount(live?.agentsOffQueue),
    offered: String(f.offered),
    answered: String(f.answered),
    abandoned: String(f.abandoned),
    abandonRate: formatPercent(f.abandonRate),
    serviceLevel: formatPercent(f.serviceLevel),
    averageSpeedOfAnswer: formatDuration(f.averageSpeedOfAnswerMs),
    averageHandle: formatDuration(f.averageHandleMs),
  };
}

export function agentCells(a: AgentRow, now: number): Record<AgentMetric, string> {
  const label = a.state ? STATE_LABELS[a.state] : NO_VALUE;
  return {
    status: a.reason ? `${label} (${a.reason})` : label,
    timeInStatus: a.since === undefined ? NO_VALUE : formatDuration(now - a.since),
    handled: String(a.handled),
    averageHandle: formatDuration(a.averageHandleMs),
  };
}

/** Waiting contacts and nobody on queue to take them: the row a supervisor must see first. */
export const unattended = (q: QueueRow) =>
  q.live !== undefined && q.live.waiting > 0 && (q.live.agentsIdle ?? 0) + (q.live.agentsBusy ?? 0) === 0;

/** Service level under the queue's target. */
export const belowTarget = (q: QueueRow) =>
  q.figures.serviceLevel !== undefined &&
  q.figures.serviceLevelTarget !== undefined &&
  q.figures.serviceLevel < q.figures.serviceLevelTarget;

export const updatedText = (view: LiveView) =>
  `${clockTime(view.updatedAt, view.zone)} ${zoneAbbreviation(view.updatedAt, view.zone)}`;

export function chartOf(view: LiveView, q: QueueRow) {
  return queueChart({
    queueId: q.id,
    queueName: q.name,
    bars: q.bars,
    step: view.period.step,
    zone: view.zone,
    // To the minute: "now" on a day's chart moves a third of a pixel a minute, and a chart drawn for one
    // second would be drawn again for the next.
    now: Math.floor(view.now / 60_000) * 60_000,
    serviceLevelTarget: q.figures.serviceLevelTarget,
  });
}

/** What the event stream sends: the formatted figures, the moments they tick from, and the charts. */
export function viewJson(view: LiveView) {
  return {
    now: view.now,
    updated: updatedText(view),
    status: view.status,
    queues: view.queues.map((q) => ({
      id: q.id,
      cells: queueCells(q, view.now),
      waitingSince: q.live?.waitingSince ?? null,
      warn: unattended(q),
      belowTarget: belowTarget(q),
      chart: chartOf(view, q).value,
    })),
    agents: view.agents.map((a) => ({
      id: a.id,
      state: a.state ?? null,
      cells: agentCells(a, view.now),
      since: a.since ?? null,
    })),
  };
}
