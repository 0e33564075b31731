// Today's half-hours of one queue as an inline SVG bar chart (no script, no external asset): each bar
// is a half-hour's offered contacts, split into answered, abandoned and the rest. The chart carries
// a text summary for screen readers and a tooltip per bar.

import type { IntervalPoint } from './dashboard-view.js';
import { formatClock } from './display-format.js';
import { html, type SafeHtml } from './html.js';

const SLOTS = 48;
const WIDTH = 480;
const HEIGHT = 120;
const TOP = 14;
const BOTTOM = 16;
const SLOT_WIDTH = WIDTH / SLOTS;

export function queueChart(queueId: string, queueName: string, points: IntervalPoint[]): SafeHtml {
  const max = Math.max(1, ...points.map((p) => p.offered));
  const plot = HEIGHT - TOP - BOTTOM;
  const y = (n: number) => (n / max) * plot;
  const busiest = points.reduce<IntervalPoint | undefined>((b, p) => (!b || p.offered > b.offered ? p : b), undefined);
  const total = (pick: (p: IntervalPoint) => number) => points.reduce((n, p) => n + pick(p), 0);
  const summary = `${queueName} today: ${total((p) => p.offered)} offered, ${total((p) => p.answered)} answered, ${total((p) => p.abandoned)} abandoned${busiest && busiest.offered > 0 ? `; busiest half-hour ${formatClock(busiest.start)} UTC with ${busiest.offered} offered` : ''}.`;
  const bars = points.map((p, i) => {
    const x = i * SLOT_WIDTH + 1;
    const w = SLOT_WIDTH - 2;
    const other = Math.max(0, p.offered - p.answered - p.abandoned);
    let base = HEIGHT - BOTTOM;
    const part = (count: number, cls: string) => {
      if (count <= 0) return '';
      const h = y(count);
      base -= h;
      return html`<rect class="${cls}" x="${x.toFixed(1)}" y="${base.toFixed(1)}" width="${w.toFixed(1)}" height="${h.toFixed(1)}"></rect>`;
    };
    return html`<g><title>${formatClock(p.start)}–${formatClock(p.start + 30 * 60_000)} UTC: ${p.offered} offered, ${p.answered} answered, ${p.abandoned} abandoned</title>${part(p.answered, 'bar-answered')}${part(p.abandoned, 'bar-abandoned')}${part(other, 'bar-other')}</g>`;
  });
  const ticks = [0, 6, 12, 18, 24].map((h) => {
    const anchor = h === 0 ? 'start' : h === 24 ? 'end' : 'middle';
    return html`<text class="axis" x="${h * 2 * SLOT_WIDTH}" y="${HEIGHT - 3}" text-anchor="${anchor}">${String(h).padStart(2, '0')}:00</text>`;
  });
  const titleId = `chart-${queueId}-title`;
  return html`<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${titleId}" data-chart-for="${queueId}"><title id="${titleId}">${summary}</title><line class="baseline" x1="0" x2="${WIDTH}" y1="${HEIGHT - BOTTOM}" y2="${HEIGHT - BOTTOM}"></line><text class="axis" x="0" y="10">${max} max</text>${bars}${ticks}</svg>`;
}
