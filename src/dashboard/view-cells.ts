// Every figure of a view as the page prints it, one function per row kind, so the page, the JSON the
// event stream sends, the CSV and the wallboard always read alike. Figures that tick (longest wait,
// time in status) also carry the moment they count from, for the page's script.

import { clockTime, zoneAbbreviation } from '../core/index.js';
import type { AgentRoutingState } from '../model/index.js';
import { formatCount, formatDuration, formatPercent, NO_VALUE } from './display-format.js';
import type { AgentRow, LiveView, QueueRow } from './live-view.js';
import { chartData, chartFrame, queueChart } from './queue-chart.js';

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

/** "Now" as the charts mark it: to the minute, since it moves a third of a pixel a minute on a day's chart. */
const chartNow = (view: LiveView) => Math.floor(view.now / 60_000) * 60_000;

export function chartOf(view: LiveView, q: QueueRow) {
  return queueChart({
    queueId: q.id,
    queueName: q.name,
    frame: chartFrame(view.period, view.zone),
    data: chartData(q.bars, q.figures.serviceLevelTarget),
    now: chartNow(view),
  });
}

/** Which charts a JSON answer carries: the frame, and the charts of these queues. */
export interface ChartsSent {
  frame: boolean;
  queues: ReadonlySet<string>;
}

/** Every chart of the view, as the JSON text it is sent as: what an event stream compares to what it sent before. */
export function chartTexts(view: LiveView): { frame: string; queues: Map<string, string> } {
  return {
    frame: JSON.stringify(chartFrame(view.period, view.zone)),
    queues: new Map(view.queues.map((q) => [q.id, JSON.stringify(chartData(q.bars, q.figures.serviceLevelTarget))])),
  };
}

export const allCharts = (view: LiveView): ChartsSent => ({
  frame: true,
  queues: new Set(view.queues.map((q) => q.id)),
});

/**
 * The view as GET /api/dashboard answers it (every chart) and as each `view` event of
 * /api/dashboard/events sends it (the first with every chart, later ones only the charts that changed
 * since that stream sent them):
 *
 *   {
 *     now: number,                 // ms since 1970, to the second: what the ticking figures count from
 *     updated: string,             // when the vendor's data last changed, e.g. "14:07 CET"
 *     status: LiveStatus,
 *     chartFrame?: {               // the period's buckets, shared by every chart (queue-chart.ts)
 *       step: 'half-hour' | 'day',
 *       starts: number[],          // each bucket's start, ms; the last ends at `end`
 *       end: number,
 *       labels: string[],          // each bucket in the supervisor's zone: "09:00–09:30", "Tue 10 Mar"
 *       ticks: [number, string][], // x axis: [position in buckets from the left edge, text]
 *     },
 *     queues: [{
 *       id: string,
 *       cells: Record<metric, string>,     // LIVE_METRICS and PERIOD_METRICS as the page prints them
 *       waitingSince: number | null,       // the longest wait ticks from it
 *       warn: boolean,                     // waiting with nobody on queue
 *       belowTarget: boolean,              // service level under target
 *       chart?: {
 *         target: number | null,           // service-level target, 0..1
 *         bars: [offered, answered, abandoned, serviceLevel (0..1) | null][],  // one per bucket
 *       },
 *     }],
 *     agents: [{ id: string, state: AgentRoutingState | null, cells: Record<metric, string>, since: number | null }],
 *   }
 *
 * "Now" on the charts is `now`, to the minute.
 */
export function viewJson(view: LiveView, charts: ChartsSent) {
  return {
    now: view.now,
    updated: updatedText(view),
    status: view.status,
    ...(charts.frame ? { chartFrame: chartFrame(view.period, view.zone) } : {}),
    queues: view.queues.map((q) => ({
      id: q.id,
      cells: queueCells(q, view.now),
      waitingSince: q.live?.waitingSince ?? null,
      warn: unattended(q),
      belowTarget: belowTarget(q),
      ...(charts.queues.has(q.id) ? { chart: chartData(q.bars, q.figures.serviceLevelTarget) } : {}),
    })),
    agents: view.agents.map((a) => ({
      id: a.id,
      state: a.state ?? null,
      cells: agentCells(a, view.now),
      since: a.since ?? null,
    })),
  };
}
