// The dashboard's only assets, served by the app itself (no CDN): one stylesheet and one small script
// that keeps the figures current from the event stream (Server-Sent Events) without reloading the
// page, draws the charts from the numbers it sends (and shows a bucket's figures on hover), ticks the
// longest waits and times in status every second, and sets the time zone cookie. Both are static text, so the Content-Security-Policy can
// forbid every inline script and style.

import { CHART } from './queue-chart.js';

export const DASHBOARD_CSS = `
:root{--ink:#14202b;--muted:#4a5866;--line:#d5dde5;--bg:#f4f6f8;--card:#fff;--brand:#0b3d5c;--accent:#1d5fd6;
--answered:#1d5fd6;--abandoned:#c2410c;--other:#9aa7b4;--warn-bg:#fff4e5;--warn:#8a3a00;--focus:#f0b000}
*{box-sizing:border-box}
html{font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
body{margin:0}
a{color:var(--accent)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.top{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;justify-content:space-between;padding:.6rem 1.25rem;background:var(--brand);color:#fff}
.brand{color:#fff;text-decoration:none;font-weight:700;font-size:1.15rem;letter-spacing:.02em}
.brand span{font-weight:400;opacity:.85}
.who{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center}
.who .vendor{font-size:.85rem;padding:.1rem .5rem;border:1px solid rgba(255,255,255,.6);border-radius:999px}
.who form{margin:0}
main{max-width:80rem;margin:0 auto;padding:1rem 1.25rem 3rem}
h1{font-size:1.5rem;margin:.5rem 0}
h2{font-size:1.15rem;margin:1.75rem 0 .6rem}
h2 .sub,.target{font-weight:400;color:var(--muted);font-size:.9rem}
.status-bar{display:flex;flex-wrap:wrap;align-items:baseline;justify-content:space-between;gap:.5rem}
.updated{margin:0;color:var(--muted)}
.updated[data-state=stale]::after,.updated[data-status=reconnecting]::after{content:" · reconnecting…";color:var(--warn)}
.table-wrap{overflow-x:auto;background:var(--card);border:1px solid var(--line);border-radius:8px}
table{border-collapse:collapse;width:100%}
th,td{padding:.55rem .8rem;text-align:left;border-bottom:1px solid var(--line)}
thead th{font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);background:#eef2f5}
tbody tr:last-child th,tbody tr:last-child td{border-bottom:0}
th.num,td{text-align:right;font-variant-numeric:tabular-nums}
.agents td{text-align:left}
.agents td.figure{text-align:right}
.figures td{font-size:1.35rem;font-weight:600}
.live td{font-size:1.9rem}
tr.warn{background:var(--warn-bg)}
tr.below-target td[data-metric=serviceLevel]{color:var(--warn);background:var(--warn-bg)}
tr.below-target td[data-metric=serviceLevel]::after{content:" ▼";font-size:.8em}
tr.warn th::after{content:" · waiting with no agent on queue";color:var(--warn);font-weight:400;font-size:.85rem}
.media{font-size:.75rem;font-weight:400;color:var(--muted);border:1px solid var(--line);border-radius:4px;padding:0 .3rem;vertical-align:middle}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(19rem,1fr));gap:1rem;margin-top:.75rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.75rem 1rem}
.card h3{margin:0;font-size:1rem}
.card .target{margin:.1rem 0 .4rem}
.chart{width:100%;height:auto;display:block}
.chart .axis{font-size:10px;fill:var(--muted)}
.chart-tip{position:absolute;z-index:10;pointer-events:none;background:var(--ink);color:#fff;font-size:.8rem;padding:.2rem .5rem;border-radius:4px;white-space:nowrap}
.chart .baseline{stroke:var(--muted)}
.chart .grid{stroke:var(--line);stroke-dasharray:2 3}
.chart .now{stroke:var(--ink);stroke-dasharray:3 2}
.chart .sl-line{fill:none;stroke:#137a3b;stroke-width:1.5}
.chart .sl-target{stroke:#137a3b;stroke-dasharray:6 3;stroke-width:1}
.chart .axis-sl{fill:#137a3b}
.bar-answered{fill:var(--answered);background:var(--answered)}
.bar-abandoned{fill:var(--abandoned);background:var(--abandoned)}
.bar-other{fill:var(--other);background:var(--other)}
.legend{display:flex;flex-wrap:wrap;gap:1rem;list-style:none;padding:0;margin:.6rem 0 0;color:var(--muted);font-size:.9rem}
.legend .key{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;margin-right:.35rem;vertical-align:-1px}
.legend .key-line{height:0;border-radius:0;vertical-align:middle;border-top:2px solid #137a3b}
.legend .target-key{border-top-style:dashed}
.tools{display:flex;flex-wrap:wrap;gap:.6rem 1rem;align-items:center;margin:.25rem 0 .5rem}
.periods{display:flex;gap:.25rem}
.periods a{padding:.3rem .7rem;border:1px solid var(--line);border-radius:999px;text-decoration:none;background:var(--card)}
.periods a[aria-current=page]{background:var(--brand);border-color:var(--brand);color:#fff}
.zone{display:flex;gap:.4rem;align-items:center;margin:0}
.zone select{font:inherit;max-width:14rem}
.button.small,button.small{padding:.3rem .7rem;font-size:.9rem}
.agents td.state{text-align:left}
tr[data-state=idle] td.state{color:#137a3b}
tr[data-state=interacting] td.state,tr[data-state=acw] td.state{color:var(--accent)}
tr[data-state=not-responding] td.state{color:var(--warn)}
tr[data-state=off-queue] td.state,tr[data-state=logged-out] td.state{color:var(--muted)}
body.bare{background:#0d1b26;color:#f2f6f9;min-height:100vh}
.wallboard main,body.bare main{max-width:none;padding:1rem 1.5rem}
.wb-head{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:baseline;gap:1rem}
.wb-head h1{font-size:2rem}
.wb-head .updated{color:#b9c7d3;font-size:1.2rem}
.wb-head a{color:#9cc3ff}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(22rem,1fr));gap:1.25rem;margin-top:1rem}
.tile{background:#16293a;border:2px solid #24425c;border-radius:12px;padding:1rem 1.25rem}
.tile h2{margin:0;font-size:1.8rem}
.tile .big{font-size:6rem;font-weight:700;line-height:1;margin:.5rem 0 0;font-variant-numeric:tabular-nums}
.tile .big-label{margin:0 0 .75rem;color:#b9c7d3;font-size:1.2rem}
.tile dl{display:grid;grid-template-columns:1fr 1fr;gap:.5rem 1rem;margin:0}
.tile .stat dt{color:#b9c7d3;font-size:1rem}
.tile .stat dd{margin:0;font-size:2.2rem;font-weight:600;font-variant-numeric:tabular-nums}
.tile.warn{border-color:#f08a24;background:#3a2413}
.tile.below-target [data-metric=serviceLevel]{color:#ffb37a}
.message{max-width:40rem;margin:2rem auto;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:1.25rem 1.5rem}
.permissions code{font-size:1rem}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1rem}
.button,button{display:inline-block;font:inherit;padding:.55rem 1rem;border-radius:6px;border:1px solid var(--accent);background:var(--accent);color:#fff;text-decoration:none;cursor:pointer}
button.quiet{background:transparent;border-color:rgba(255,255,255,.75);padding:.3rem .8rem}
@media (max-width:40rem){.live td{font-size:1.4rem}.figures td{font-size:1.1rem}th,td{padding:.4rem .35rem}
thead th{text-transform:none;letter-spacing:0}main{padding:.75rem .6rem 2rem}}
`;

export const DASHBOARD_JS = `'use strict';
(() => {
  const root = document.querySelector('[data-stream]');
  if (!root) return;
  // The browser's own time zone unless the supervisor chose one: set once, then kept in a cookie.
  if (root.getAttribute('data-zone-chosen') === 'no' && !/(^|; )__Host-ccpulse-tz=/.test(document.cookie)) {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone) {
      document.cookie = '__Host-ccpulse-tz=' + encodeURIComponent(zone) + '; Path=/; Secure; SameSite=Strict; Max-Age=31536000';
      if (zone !== root.getAttribute('data-zone')) return location.reload();
    }
  }
  // The zone setting comes with the zone in use and UTC; every other zone is the browser's to list.
  const zones = document.getElementById('tz');
  if (zones && typeof Intl.supportedValuesOf === 'function') {
    const listed = new Set(Array.from(zones.options).map((o) => o.value));
    for (const zone of Intl.supportedValuesOf('timeZone')) if (!listed.has(zone)) zones.add(new Option(zone, zone));
  }
  const status = document.querySelector('.updated');
  const updated = document.getElementById('updated');
  let offset = Number(root.getAttribute('data-now')) - Date.now();
  const all = (sel, from) => Array.from((from || document).querySelectorAll(sel));
  const ids = (attr) => [...new Set(all('[' + attr + ']').map((e) => e.getAttribute(attr)))];
  const same = (a, b) => a.length === b.length && b.every((x) => a.includes(x));
  const pad = (n) => String(n).padStart(2, '0');
  const duration = (ms) => {
    const t = Math.max(0, Math.round(ms / 1000));
    const h = Math.floor(t / 3600), m = Math.floor((t % 3600) / 60), s = t % 60;
    return h > 0 ? h + ':' + pad(m) + ':' + pad(s) : m + ':' + pad(s);
  };
  // The charts, drawn from the numbers the stream sends: the same marks, from the same geometry, as
  // the server's drawing of the first page (queue-chart.ts). "Now" on them moves on each minute.
  const G = ${JSON.stringify(CHART)};
  const PLOT_W = G.width - G.left - G.right;
  const PLOT_H = G.height - G.top - G.bottom;
  let frame = null;
  const charts = new Map();
  let chartMinute = 0;
  const percent = (f) => (typeof f === 'number' && Number.isFinite(f) ? Math.round(f * 100) + '%' : '–');
  const niceMax = (n) => {
    if (n <= 1) return 1;
    const p = 10 ** Math.floor(Math.log10(n));
    for (const m of [1, 2, 5, 10]) if (m * p >= n) return m * p;
    return 10 * p;
  };
  // A coordinate as the server writes it: one decimal, no trailing ".0" (num in queue-chart.ts).
  const num = (v) => String(Math.round(v * 10) / 10);
  const mark = (parent, tag, attrs, text) => {
    const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
    if (text !== undefined) el.textContent = text;
    if (parent) parent.appendChild(el);
    return el;
  };
  const drawChart = (id) => {
    const box = document.querySelector('[data-chart="' + CSS.escape(id) + '"]');
    const data = charts.get(id);
    if (!box || !data || !frame) return;
    const name = document.getElementById('card-' + id)?.textContent ?? '';
    const bars = data.bars;
    const n = Math.max(1, bars.length);
    const slot = PLOT_W / n;
    const max = niceMax(bars.reduce((m, b) => Math.max(m, b[0]), 0));
    const yCount = (v) => G.top + PLOT_H - (v / max) * PLOT_H;
    const yPercent = (f) => G.top + PLOT_H - f * PLOT_H;
    const xOf = (i) => G.left + i * slot;
    const right = G.width - G.right;
    const total = (k) => bars.reduce((s, b) => s + b[k], 0);
    let busiest = -1;
    bars.forEach((b, i) => {
      if (busiest < 0 || b[0] > bars[busiest][0]) busiest = i;
    });
    const top = bars[busiest];
    const titleId = 'chart-' + id + '-title';
    const summary = name + ': ' + total(0) + ' offered, ' + total(1) + ' answered, ' + total(2) + ' abandoned' +
      (top && top[0] > 0 ? '; busiest ' + frame.labels[busiest] + ' with ' + top[0] + ' offered' : '') +
      (data.target !== null ? '; service-level target ' + percent(data.target) : '') + '.';
    const bottom = G.top + PLOT_H;
    const svg = mark(null, 'svg', { class: 'chart', viewBox: '0 0 ' + G.width + ' ' + G.height, role: 'img', 'aria-labelledby': titleId, 'data-chart-for': id });
    mark(svg, 'title', { id: titleId }, summary);
    const counts = [0, max / 2, max];
    mark(svg, 'path', { class: 'grid', d: counts.map((v) => 'M' + G.left + ' ' + num(yCount(v)) + 'H' + right).join('') });
    const yAxis = mark(svg, 'g', { class: 'axis', 'text-anchor': 'end' });
    for (const v of counts)
      mark(yAxis, 'text', { x: G.left - 3, y: num(yCount(v) + 3) }, Number.isInteger(v) ? String(v) : v.toFixed(1));
    const pAxis = mark(svg, 'g', { class: 'axis axis-sl' });
    for (const f of [0, 0.5, 1]) mark(pAxis, 'text', { x: right + 3, y: num(yPercent(f) + 3) }, Math.round(f * 100) + '%');
    mark(svg, 'path', { class: 'baseline', d: 'M' + G.left + ' ' + bottom + 'H' + right });
    const parts = ['', '', ''];
    const w = num(Math.max(1, slot - 2 * Math.min(1, slot * 0.1)));
    bars.forEach((b, i) => {
      const x = num(xOf(i) + Math.min(1, slot * 0.1));
      let base = bottom;
      [b[1], b[2], Math.max(0, b[0] - b[1] - b[2])].forEach((count, k) => {
        if (count <= 0) return;
        const h = (count / max) * PLOT_H;
        parts[k] += 'M' + x + ' ' + num(base) + 'v-' + num(h) + 'h' + w + 'v' + num(h) + 'z';
        base -= h;
      });
    });
    ['bar-answered', 'bar-abandoned', 'bar-other'].forEach((cls, k) => {
      if (parts[k]) mark(svg, 'path', { class: cls, d: parts[k] });
    });
    if (data.target !== null) {
      const line = mark(svg, 'path', { class: 'sl-target', d: 'M' + G.left + ' ' + num(yPercent(data.target)) + 'H' + right });
      mark(line, 'title', {}, 'Service-level target ' + percent(data.target));
    }
    const points = bars.flatMap((b, i) => (b[3] === null || b[0] === 0 ? [] : [num(xOf(i) + slot / 2) + ',' + num(yPercent(b[3]))]));
    if (points.length > 0) mark(svg, 'polyline', { class: 'sl-line', points: points.join(' ') });
    const endOf = (k) => frame.starts[k + 1] ?? frame.end;
    const k = frame.starts.findIndex((s, j) => chartMinute >= s && chartMinute < endOf(j));
    if (k >= 0) {
      const x = num(xOf(k) + ((chartMinute - frame.starts[k]) / (endOf(k) - frame.starts[k])) * slot);
      mark(svg, 'path', { class: 'now', d: 'M' + x + ' ' + (G.top - 4) + 'V' + bottom });
      mark(svg, 'text', { class: 'axis now-label', x: x, y: G.top - 5, 'text-anchor': 'middle' }, 'now');
    }
    const xAxis = mark(svg, 'g', { class: 'axis', 'text-anchor': 'middle' });
    for (const [at, text] of frame.ticks)
      mark(xAxis, 'text', Object.assign({ x: num(xOf(at)), y: G.height - 5 }, at === 0 ? { 'text-anchor': 'start' } : at === n ? { 'text-anchor': 'end' } : {}), text);
    box.replaceChildren(svg);
  };
  // A bucket's figures where the pointer is over a chart (the drawn chart carries none: a tooltip per
  // bar was most of a page's bytes), from the numbers the stream sent.
  const tip = document.createElement('div');
  tip.className = 'chart-tip';
  tip.setAttribute('role', 'tooltip');
  tip.hidden = true;
  document.body.appendChild(tip);
  const bucketAt = (e) => {
    const box = e.target instanceof Element ? e.target.closest('[data-chart]') : null;
    const svg = box && box.querySelector('svg');
    const data = box && charts.get(box.getAttribute('data-chart'));
    if (!svg || !data || !frame) return '';
    const r = svg.getBoundingClientRect();
    const x = ((e.clientX - r.left) / r.width) * G.width;
    const i = Math.floor((x - G.left) / (PLOT_W / Math.max(1, data.bars.length)));
    const b = data.bars[i];
    if (!b || x < G.left || (b[0] <= 0 && b[1] <= 0 && b[2] <= 0)) return '';
    return frame.labels[i] + ': ' + b[0] + ' offered, ' + b[1] + ' answered, ' + b[2] + ' abandoned, service level ' + percent(b[3]);
  };
  const showTip = (e) => {
    const text = bucketAt(e);
    tip.hidden = text === '';
    if (!text) return;
    if (tip.textContent !== text) tip.textContent = text;
    const width = document.documentElement.scrollWidth;
    tip.style.left = Math.max(0, Math.min(e.pageX + 12, width - tip.offsetWidth - 4)) + 'px';
    tip.style.top = e.pageY + 16 + 'px';
  };
  document.addEventListener('pointermove', showTip);
  document.addEventListener('pointerdown', showTip);
  const tick = () => {
    const now = Date.now() + offset;
    const minute = Math.floor(now / 60000) * 60000;
    if (minute !== chartMinute && frame) {
      chartMinute = minute;
      for (const id of charts.keys()) drawChart(id);
    }
    for (const el of all('[data-since]')) {
      const since = Number(el.getAttribute('data-since'));
      const text = el.getAttribute('data-since') === '' || !Number.isFinite(since) ? '–' : duration(now - since);
      if (el.textContent !== text) el.textContent = text;
    }
  };
  const setSince = (el, since) => {
    if (since === null || since === undefined) el.removeAttribute('data-since');
    else el.setAttribute('data-since', String(since));
  };
  const fill = (scope, cells) => {
    for (const cell of all('[data-metric]', scope)) {
      const text = cells[cell.getAttribute('data-metric')];
      if (text !== undefined && !cell.hasAttribute('data-since') && cell.textContent !== text) cell.textContent = text;
    }
  };
  function apply(data) {
    offset = data.now - Date.now();
    if (!same(ids('data-queue-id'), data.queues.map((q) => q.id))) return location.reload();
    for (const q of data.queues) {
      for (const scope of all('[data-queue-id="' + CSS.escape(q.id) + '"]')) {
        fill(scope, q.cells);
        for (const el of all('[data-metric=longestWait]', scope)) {
          setSince(el, q.waitingSince);
          if (q.waitingSince === null) el.textContent = q.cells.longestWait;
        }
        scope.classList.toggle('warn', q.warn && (scope.tagName !== 'TR' || !!scope.closest('#live')));
        scope.classList.toggle('below-target', q.belowTarget && (scope.tagName !== 'TR' || !!scope.closest('#period')));
      }
    }
    // A new frame (period, zone or day) or minute redraws every chart; else only the charts that came.
    if (data.chartFrame) frame = data.chartFrame;
    for (const q of data.queues) if (q.chart) charts.set(q.id, q.chart);
    const minute = Math.floor(data.now / 60000) * 60000;
    if (data.chartFrame || minute !== chartMinute) {
      chartMinute = minute;
      for (const id of charts.keys()) drawChart(id);
    } else for (const q of data.queues) if (q.chart) drawChart(q.id);
    const listed = ids('data-agent-id');
    if (listed.length > 0 && !same(listed, data.agents.map((a) => a.id))) return location.reload();
    for (const a of data.agents) {
      const row = document.querySelector('[data-agent-id="' + CSS.escape(a.id) + '"]');
      if (!row) continue;
      row.setAttribute('data-state', a.state || '');
      fill(row, a.cells);
      for (const el of all('[data-metric=timeInStatus]', row)) {
        setSince(el, a.since);
        if (a.since === null) el.textContent = a.cells.timeInStatus;
      }
    }
    if (updated && updated.textContent !== data.updated) updated.textContent = data.updated;
    if (status) {
      status.setAttribute('data-status', data.status);
      status.removeAttribute('data-state');
    }
    tick();
  }
  const events = new EventSource(root.getAttribute('data-stream'));
  events.addEventListener('view', (e) => apply(JSON.parse(e.data)));
  // Signed out or expired elsewhere: the server renders the page that explains it.
  events.addEventListener('end', () => location.reload());
  events.onerror = () => {
    if (status) status.setAttribute('data-state', 'stale');
    // A refused stream (signed out, forbidden) does not come back by itself.
    if (events.readyState === EventSource.CLOSED) setTimeout(() => location.reload(), 1000);
  };
  setInterval(tick, 1000);
  tick();
})();
`;
