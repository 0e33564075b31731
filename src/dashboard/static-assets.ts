// The dashboard's only assets, served by the app itself (no CDN): one stylesheet and one small script
// that refreshes the figures from the JSON endpoint without reloading the page. Both are static text,
// so the Content-Security-Policy can forbid every inline script and style.

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
.updated[data-state=stale]::after{content:" · reconnecting…";color:var(--warn)}
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
.chart .baseline{stroke:var(--line)}
.bar-answered{fill:var(--answered);background:var(--answered)}
.bar-abandoned{fill:var(--abandoned);background:var(--abandoned)}
.bar-other{fill:var(--other);background:var(--other)}
.legend{display:flex;flex-wrap:wrap;gap:1rem;list-style:none;padding:0;margin:.6rem 0 0;color:var(--muted);font-size:.9rem}
.legend .key{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;margin-right:.35rem;vertical-align:-1px}
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
  const status = document.querySelector('[data-refresh-seconds]');
  const updated = document.getElementById('updated');
  if (!status || !updated) return;
  const seconds = Math.max(1, Number(status.getAttribute('data-refresh-seconds')) || 15);
  const rows = (sel) => Array.from(document.querySelectorAll(sel));
  let timer;
  async function refresh() {
    clearTimeout(timer);
    try {
      const res = await fetch('/api/dashboard', { credentials: 'same-origin', cache: 'no-store', headers: { accept: 'application/json' } });
      // Signed out, expired or forbidden: the server renders the page that explains it.
      if (res.status === 401 || res.status === 403) return location.reload();
      if (!res.ok) throw new Error('HTTP ' + res.status);
      const data = await res.json();
      const shown = rows('#live tbody tr').map((r) => r.getAttribute('data-queue-id'));
      const same = shown.length === data.queues.length && data.queues.every((q) => shown.includes(q.id));
      if (!same) return location.reload();
      for (const q of data.queues) {
        for (const row of rows('tr[data-queue-id="' + CSS.escape(q.id) + '"]')) {
          for (const cell of row.querySelectorAll('[data-metric]')) {
            const text = q.cells[cell.getAttribute('data-metric')];
            if (text !== undefined && cell.textContent !== text) cell.textContent = text;
          }
        }
        const live = document.querySelector('#live tr[data-queue-id="' + CSS.escape(q.id) + '"]');
        if (live) live.classList.toggle('warn', q.warn);
        const today = document.querySelector('#today tr[data-queue-id="' + CSS.escape(q.id) + '"]');
        if (today) today.classList.toggle('below-target', q.belowTarget);
        const box = document.querySelector('[data-chart="' + CSS.escape(q.id) + '"]');
        if (box) box.innerHTML = q.chart;
      }
      const agentRows = rows('#agents tbody tr');
      // null: this vendor's agents table is a directory, with no figures to refresh.
      if (data.agents) {
        const listed = agentRows.map((r) => r.getAttribute('data-agent-id'));
        const sameAgents = listed.length === data.agents.length && data.agents.every((a) => listed.includes(a.id));
        // Someone took their first contact of the day: the table needs a new row.
        if (!sameAgents) return location.reload();
        for (const a of data.agents) {
          const row = document.querySelector('#agents tr[data-agent-id="' + CSS.escape(a.id) + '"]');
          for (const cell of row ? row.querySelectorAll('[data-metric]') : []) {
            const text = a.cells[cell.getAttribute('data-metric')];
            if (text !== undefined && cell.textContent !== text) cell.textContent = text;
          }
        }
      }
      updated.textContent = data.updated;
      status.removeAttribute('data-state');
    } catch {
      status.setAttribute('data-state', 'stale');
    }
    timer = setTimeout(refresh, seconds * 1000);
  }
  timer = setTimeout(refresh, seconds * 1000);
  document.addEventListener('visibilitychange', () => { if (!document.hidden) refresh(); });
})();
`;
