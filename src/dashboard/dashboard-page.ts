// The supervisor's page: live numbers per queue (waiting, the ticking longest wait, interacting,
// agents by routing status), the period's figures and charts, the agents on the supervisor's queues
// with their state, time in it and their work; the period switch, the time zone setting, the CSV of
// what is shown and the wallboard link. Cells carry data attributes so the script (and tests) find
// each figure; the script keeps them current from the event stream without reloading.

import { clockTime, dayLabel, dayStart, zoneAbbreviation } from '../core/index.js';
import { formatPercent } from './display-format.js';
import { html, type SafeHtml } from './html.js';
import { type LiveView, PERIODS, type PeriodKey } from './live-view.js';
import { PAGE_TAIL, pageHead, pageLayout, type SignedInHeader } from './page-layout.js';
import {
  AGENT_METRICS,
  agentCells,
  belowTarget,
  chartOf,
  LIVE_METRICS,
  PERIOD_METRICS,
  queueCells,
  unattended,
  updatedText,
} from './view-cells.js';

/** Where this view's own links and stream point: the period and, when chosen, the zone. */
function viewQuery(period: PeriodKey, zone: string | undefined): string {
  const q = new URLSearchParams({ period });
  if (zone) q.set('tz', zone);
  return q.toString();
}

/**
 * The zone setting as served: the zone in use, selected, and UTC — Intl lists only geographic zones,
 * so a browser in UTC (Etc/UTC and GMT resolve to it too) would find no option of its own and show
 * the list's first, Africa/Abidjan. The page's script adds every other zone from the browser's own
 * Intl: the 400-odd options were a quarter of every page's bytes, sent again on each load.
 */
function zoneOptions(zone: string): SafeHtml {
  const option = (z: string) => html`<option value="${z}"${z === zone ? html` selected` : ''}>${z}</option>`;
  return html`${option(zone)}${zone === 'UTC' ? '' : option('UTC')}`;
}

/** "since 00:00 CET", "Mon 9 Mar", "Wed 4 Mar – Tue 10 Mar". */
function periodNote(view: LiveView): string {
  const { period, zone, now } = view;
  if (period.key === 'today') return `since 00:00 ${zoneAbbreviation(now, zone)}`;
  if (period.key === 'yesterday') return dayLabel(period.from, zone);
  return `${dayLabel(period.from, zone)} – ${dayLabel(dayStart(now, zone), zone)}`;
}

/**
 * The page's content for a view: the same for every session of the user (no CSRF token, no header),
 * so it is rendered once per view and framed per request (createDashboardPages).
 * `chosenZone`: the zone the user chose explicitly (in the URL), if any: links keep it.
 */
export function dashboardBody(view: LiveView, chosenZone: string | undefined): SafeHtml {
  const { period, zone } = view;
  const query = viewQuery(period.key, chosenZone);
  const liveCell = (cells: Record<string, string>, metric: string, since?: number) =>
    html`<td data-metric="${metric}"${since === undefined ? '' : html` data-since="${since}"`}>${cells[metric]}</td>`;
  const rows = view.queues.map((q) => ({ q, cells: queueCells(q, view.now) }));
  const periods = (Object.keys(PERIODS) as PeriodKey[]).map((key) =>
    key === period.key
      ? html`<a aria-current="page" href="?${viewQuery(key, chosenZone)}">${PERIODS[key]}</a>`
      : html`<a href="?${viewQuery(key, chosenZone)}">${PERIODS[key]}</a>`,
  );
  const tools = html`
<div class="tools">
  <nav class="periods" aria-label="Period">${periods}</nav>
  <form class="zone" method="get" action="/">
    <input type="hidden" name="period" value="${period.key}">
    <label>Time zone <select name="tz" id="tz">${zoneOptions(zone)}</select></label>
    <button type="submit" class="small">Apply</button>
  </form>
  <a class="button small" href="/dashboard.csv?${query}" download>Download CSV</a>
  <a class="button small" href="/wallboard?${query}">Wallboard</a>
</div>`;

  const body =
    view.queues.length === 0
      ? html`<section class="message"><h1>No queues to show</h1><p>Your account does not supervise any queue this dashboard can see. If that is wrong, ask your admin to give you access to your queues (their division).</p></section>`
      : html`
<div class="status-bar">
  <h1>Your queues</h1>
  <p class="updated" role="status" aria-live="polite" data-status="${view.status}">Updated <span id="updated">${updatedText(view)}</span></p>
</div>
${tools}
<section aria-labelledby="live-title">
  <h2 id="live-title">Live now</h2>
  <div class="table-wrap"><table class="figures live" id="live">
    <thead><tr><th scope="col">Queue</th><th scope="col" class="num">Waiting</th><th scope="col" class="num">Longest wait</th><th scope="col" class="num">Interacting</th><th scope="col" class="num">Available</th><th scope="col" class="num">On a contact</th><th scope="col" class="num">Not responding</th><th scope="col" class="num">Off queue</th></tr></thead>
    <tbody>${rows.map(
      ({ q, cells }) =>
        html`<tr data-queue-id="${q.id}" class="${unattended(q) ? 'warn' : ''}"><th scope="row">${q.name}${q.mediaType ? html` <span class="media">${q.mediaType}</span>` : ''}</th>${LIVE_METRICS.map((m) => liveCell(cells, m, m === 'longestWait' ? q.live?.waitingSince : undefined))}</tr>`,
    )}</tbody>
  </table></div>
</section>
<section aria-labelledby="period-title">
  <h2 id="period-title">${period.label} <span class="sub">${periodNote(view)}</span></h2>
  <div class="table-wrap"><table class="figures period" id="period">
    <thead><tr><th scope="col">Queue</th><th scope="col" class="num">Offered</th><th scope="col" class="num">Answered</th><th scope="col" class="num">Abandoned</th><th scope="col" class="num">Abandon rate</th><th scope="col" class="num">Service level</th><th scope="col" class="num"><abbr title="Average speed of answer">ASA</abbr></th><th scope="col" class="num"><abbr title="Average handle time">AHT</abbr></th></tr></thead>
    <tbody>${rows.map(
      ({ q, cells }) =>
        html`<tr data-queue-id="${q.id}" class="${belowTarget(q) ? 'below-target' : ''}"><th scope="row">${q.name}</th>${PERIOD_METRICS.map((m) => liveCell(cells, m))}</tr>`,
    )}</tbody>
  </table></div>
  <ul class="legend" aria-label="Chart legend"><li><span class="key bar-answered"></span>Answered</li><li><span class="key bar-abandoned"></span>Abandoned</li><li><span class="key bar-other"></span>Waiting or other</li><li><span class="key key-line sl-key"></span>Service level</li><li><span class="key key-line target-key"></span>Target</li></ul>
  <div class="cards">${view.queues.map(
    (q) =>
      html`<article class="card" data-queue-id="${q.id}" aria-labelledby="card-${q.id}"><h3 id="card-${q.id}">${q.name}</h3><p class="target">Service level ${formatPercent(q.figures.serviceLevel)} · target ${formatPercent(q.figures.serviceLevelTarget)}</p><div class="chart-box" data-chart="${q.id}">${chartOf(view, q)}</div></article>`,
  )}</div>
</section>`;

  const agents = html`
<section aria-labelledby="agents-title">
  <h2 id="agents-title">Agents <span class="sub">${view.agents.length} on your queues · work ${period.label.toLowerCase()}</span></h2>
  <div class="table-wrap"><table class="agents" id="agents">
    <thead><tr><th scope="col">Name</th><th scope="col">Status</th><th scope="col" class="num">Time in status</th><th scope="col" class="num">Handled</th><th scope="col" class="num"><abbr title="Average handle time">AHT</abbr></th></tr></thead>
    <tbody>${view.agents.map((a) => {
      const cells = agentCells(a, view.now);
      return html`<tr data-agent-id="${a.id}" data-state="${a.state ?? ''}"><th scope="row">${a.name}</th>${AGENT_METRICS.map((m) => html`<td class="${m === 'status' ? 'state' : 'figure'}" data-metric="${m}"${m === 'timeInStatus' && a.since !== undefined ? html` data-since="${a.since}"` : ''}>${cells[m]}</td>`)}</tr>`;
    })}</tbody>
  </table></div>
</section>`;
  return html`<div data-stream="/api/dashboard/events?${query}" data-now="${view.now}" data-zone="${zone}" data-zone-chosen="${chosenZone ? 'yes' : 'no'}">${body}${view.queues.length > 0 ? agents : ''}</div>`;
}

const utf8 = new TextEncoder();
const TAIL_BYTES = utf8.encode(PAGE_TAIL);

/** Frames kept at most (about the sessions one process serves). */
const MAX_FRAMES = 10_000;

/**
 * The dashboard: a body from dashboardBody, encoded once for every session that shares it, in the
 * frame with this session's header (its sign-out form): the bytes to send, in order. The frame is
 * encoded once per header, not per load: an entry is made from its key alone (name, vendor, CSRF
 * token), so it can only ever be sent with the header it was made from.
 */
export function createDashboardPages(): (body: Uint8Array, header: SignedInHeader) => Uint8Array[] {
  const frames = new Map<string, Uint8Array>();
  return (body, header) => {
    const key = `${header.csrfToken}\u0000${header.userName}\u0000${header.vendorLabel}`;
    let frame = frames.get(key);
    if (!frame) {
      frame = utf8.encode(pageHead({ title: 'Your queues', signedIn: header, script: true }));
      if (frames.size >= MAX_FRAMES) frames.delete(frames.keys().next().value as string);
      frames.set(key, frame);
    }
    return [frame, body, TAIL_BYTES];
  };
}

/** The wallboard's content: one tile per queue in large type, no navigation, for a screen on the wall. */
export function wallboardBody(view: LiveView, options: { chosenZone: string | undefined; userName: string }): SafeHtml {
  const query = viewQuery(view.period.key, options.chosenZone);
  const tiles = view.queues.map((q) => {
    const cells = queueCells(q, view.now);
    const metric = (m: string, label: string, since?: number): SafeHtml =>
      html`<div class="stat"><dt>${label}</dt><dd data-metric="${m}"${since === undefined ? '' : html` data-since="${since}"`}>${(cells as Record<string, string>)[m]}</dd></div>`;
    return html`<article class="tile${unattended(q) ? ' warn' : ''}${belowTarget(q) ? ' below-target' : ''}" data-queue-id="${q.id}"><h2>${q.name}</h2><p class="big" data-metric="waiting">${cells.waiting}</p><p class="big-label">waiting</p><dl>${metric('longestWait', 'Longest wait', q.live?.waitingSince)}${metric('agentsIdle', 'Available')}${metric('serviceLevel', `Service level (target ${formatPercent(q.figures.serviceLevelTarget)})`)}${metric('answered', 'Answered')}${metric('abandonRate', 'Abandon rate')}</dl></article>`;
  });
  return html`<div class="wallboard" data-stream="/api/dashboard/events?${query}" data-now="${view.now}" data-zone="${view.zone}" data-zone-chosen="${options.chosenZone ? 'yes' : 'no'}"><header class="wb-head"><h1>${view.period.label} · ${options.userName}</h1><p class="updated" role="status" data-status="${view.status}">${clockTime(view.now, view.zone)} · updated <span id="updated">${updatedText(view)}</span> · <a href="/?${query}">back</a></p></header><div class="tiles">${tiles}</div></div>`;
}

/** The wallboard: a body from wallboardBody, without the header bar (a TV has nobody to sign out). */
export const wallboardPage = (body: SafeHtml): string =>
  pageLayout({ title: 'Wallboard', script: true, chrome: false, body });
