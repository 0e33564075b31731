// The supervisor's page: live numbers per queue, today's totals and half-hour charts, the agents.
// The cells carry data attributes so the auto-refresh script (and tests) can find each figure; the
// same `queueCells` feeds the page and the JSON refresh, so both always read alike.

import type { AgentView, DashboardView, QueueView } from './dashboard-view.js';
import { formatClock, formatDuration, formatPercent, NO_VALUE } from './display-format.js';
import { html } from './html.js';
import { pageLayout, type SignedInHeader } from './page-layout.js';
import { queueChart } from './queue-chart.js';

export const LIVE_METRICS = ['waiting', 'interacting', 'onQueueAgents'] as const;
export const TODAY_METRICS = ['offered', 'answered', 'abandoned', 'serviceLevel', 'averageHandle'] as const;
type Metric = (typeof LIVE_METRICS)[number] | (typeof TODAY_METRICS)[number];

/** Every figure of one queue as the page prints it. */
export function queueCells(q: QueueView): Record<Metric, string> {
  const live = (n: number | undefined) => (n === undefined ? NO_VALUE : String(n));
  return {
    waiting: live(q.live?.waiting),
    interacting: live(q.live?.interacting),
    onQueueAgents: live(q.live?.onQueueAgents),
    offered: String(q.today.offered),
    answered: String(q.today.answered),
    abandoned: String(q.today.abandoned),
    serviceLevel: formatPercent(q.today.serviceLevel),
    averageHandle: formatDuration(q.today.averageHandleMs),
  };
}

export const AGENT_METRICS = ['handled', 'averageHandle'] as const;
type AgentMetric = (typeof AGENT_METRICS)[number];

/** An agent's figures for today as the page prints them (a dash where the vendor reports none). */
export function agentCells(a: AgentView): Record<AgentMetric, string> {
  return {
    handled: a.today ? String(a.today.handled) : NO_VALUE,
    averageHandle: formatDuration(a.today?.averageHandleMs),
  };
}

/** Service level under the queue's target: the one figure a supervisor must not miss. */
export function belowTarget(q: QueueView): boolean {
  const { serviceLevel, serviceLevelTarget } = q.today;
  return serviceLevel !== undefined && serviceLevelTarget !== undefined && serviceLevel < serviceLevelTarget;
}

/** What the refresh endpoint returns: the formatted figures and charts, nothing else. */
export function dashboardRefresh(view: DashboardView) {
  return {
    updated: `${formatClock(view.generatedAt)} UTC`,
    queues: view.queues.map((q) => ({
      id: q.id,
      cells: queueCells(q),
      chart: queueChart(q.id, q.name, q.intervals).value,
      warn: q.live !== undefined && q.live.waiting > 0 && q.live.onQueueAgents === 0,
      belowTarget: belowTarget(q),
    })),
    agents: view.agentsFrom.activity ? view.agents.map((a) => ({ id: a.id, cells: agentCells(a) })) : null,
  };
}

export function dashboardPage(view: DashboardView, header: SignedInHeader, refreshSeconds: number): string {
  const rows = view.queues.map((q) => ({ q, cells: queueCells(q) }));
  const cell = (cells: Record<Metric, string>, metric: Metric) =>
    html`<td data-metric="${metric}">${cells[metric]}</td>`;
  const body =
    view.queues.length === 0
      ? html`<section class="message"><h1>No queues to show</h1><p>Your account does not supervise any queue this dashboard can see. If that is wrong, ask your admin to give you access to your queues (their division).</p></section>`
      : html`
<div class="status-bar">
  <h1>Your queues</h1>
  <p class="updated" role="status" aria-live="polite" data-refresh-seconds="${refreshSeconds}">Updated <span id="updated">${formatClock(view.generatedAt)} UTC</span></p>
</div>
<section aria-labelledby="live-title">
  <h2 id="live-title">Live now</h2>
  <div class="table-wrap"><table class="figures live" id="live">
    <thead><tr><th scope="col">Queue</th><th scope="col" class="num">Waiting</th><th scope="col" class="num">Interacting</th><th scope="col" class="num">Agents on queue</th></tr></thead>
    <tbody>${rows.map(
      ({ q, cells }) =>
        html`<tr data-queue-id="${q.id}" class="${q.live && q.live.waiting > 0 && q.live.onQueueAgents === 0 ? 'warn' : ''}"><th scope="row">${q.name}${q.mediaType ? html` <span class="media">${q.mediaType}</span>` : ''}</th>${LIVE_METRICS.map((m) => cell(cells, m))}</tr>`,
    )}</tbody>
  </table></div>
</section>
<section aria-labelledby="today-title">
  <h2 id="today-title">Today <span class="sub">since 00:00 UTC</span></h2>
  <div class="table-wrap"><table class="figures today" id="today">
    <thead><tr><th scope="col">Queue</th><th scope="col" class="num">Offered</th><th scope="col" class="num">Answered</th><th scope="col" class="num">Abandoned</th><th scope="col" class="num">Service level</th><th scope="col" class="num"><abbr title="Average handle time">AHT</abbr></th></tr></thead>
    <tbody>${rows.map(
      ({ q, cells }) =>
        html`<tr data-queue-id="${q.id}" class="${belowTarget(q) ? 'below-target' : ''}"><th scope="row">${q.name}</th>${TODAY_METRICS.map((m) => cell(cells, m))}</tr>`,
    )}</tbody>
  </table></div>
  <ul class="legend" aria-label="Chart legend"><li><span class="key bar-answered"></span>Answered</li><li><span class="key bar-abandoned"></span>Abandoned</li><li><span class="key bar-other"></span>Waiting or other</li></ul>
  <div class="cards">${view.queues.map(
    (q) =>
      html`<article class="card" data-queue-id="${q.id}" aria-labelledby="card-${q.id}"><h3 id="card-${q.id}">${q.name}</h3><p class="target">Service level target ${formatPercent(q.today.serviceLevelTarget)}</p><div class="chart-box" data-chart="${q.id}">${queueChart(q.id, q.name, q.intervals)}</div></article>`,
  )}</div>
</section>`;
  const { directory, activity } = view.agentsFrom;
  const agentsNote = directory
    ? `${view.agents.length} people your account can see`
    : `${view.agents.length} on your queues`;
  const agents = html`
<section aria-labelledby="agents-title">
  <h2 id="agents-title">Agents <span class="sub">${agentsNote}</span></h2>
  <div class="table-wrap"><table class="agents${activity ? ' with-figures' : ''}" id="agents">
    <thead><tr><th scope="col">Name</th>${directory ? html`<th scope="col">Email</th>` : ''}${activity ? html`<th scope="col" class="num">Handled today</th><th scope="col" class="num"><abbr title="Average handle time">AHT</abbr></th>` : ''}</tr></thead>
    <tbody>${view.agents.map((a) => {
      const cells = agentCells(a);
      return html`<tr data-agent-id="${a.id}"><th scope="row">${a.name}</th>${directory ? html`<td>${a.email ?? NO_VALUE}</td>` : ''}${activity ? AGENT_METRICS.map((m) => html`<td class="figure" data-metric="${m}">${cells[m]}</td>`) : ''}</tr>`;
    })}</tbody>
  </table></div>
</section>`;
  return pageLayout({ title: 'Your queues', signedIn: header, script: true, body: html`${body}${agents}` });
}
