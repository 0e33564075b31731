// A queue's period as an inline SVG chart (no script, no external asset): a bar per bucket (the
// day's half-hours, or the week's days) of offered contacts split into answered, abandoned and the
// rest against a left axis of counts; the service level per bucket as a line against a right axis of
// percent, with the queue's target dashed across; "now" marked on today's chart. The chart carries a
// text summary for screen readers and a tooltip per bar, in the supervisor's time zone.

import { clockTime, dayLabel } from '../core/index.js';
import { formatPercent } from './display-format.js';
import { html, type SafeHtml } from './html.js';
import type { Bar } from './live-view.js';

const WIDTH = 480;
const HEIGHT = 150;
const LEFT = 30;
const RIGHT = 34;
const TOP = 12;
const BOTTOM = 18;
const PLOT_W = WIDTH - LEFT - RIGHT;
const PLOT_H = HEIGHT - TOP - BOTTOM;

interface ChartInput {
  queueId: string;
  queueName: string;
  bars: Bar[];
  step: 'half-hour' | 'day';
  zone: string;
  now: number;
  serviceLevelTarget: number | undefined;
}

/** A round axis maximum at or above `n` (1, 2, 5 × 10^k). */
function niceMax(n: number): number {
  if (n <= 1) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 5, 10]) if (m * p >= n) return m * p;
  return 10 * p;
}

/**
 * Charts already drawn, by everything they show. Pushes change a queue's live numbers many times a
 * minute and each change makes a new view; its bars change only with the period's figures. A chart is
 * a pure function of its key, so who asked for it first does not matter. Bounded: past the bound the
 * memory starts over.
 */
const drawn = new Map<string, SafeHtml>();
const DRAWN_MAX = 1000;

export function queueChart(c: ChartInput): SafeHtml {
  const key = JSON.stringify([
    c.queueId,
    c.queueName,
    c.step,
    c.zone,
    c.now,
    c.serviceLevelTarget ?? null,
    c.bars.map((b) => [b.start, b.end, b.offered, b.answered, b.abandoned, b.serviceLevel ?? null]),
  ]);
  const known = drawn.get(key);
  if (known) return known;
  const chart = draw(c);
  if (drawn.size >= DRAWN_MAX) drawn.clear();
  drawn.set(key, chart);
  return chart;
}

function draw(c: ChartInput): SafeHtml {
  const { bars } = c;
  const n = Math.max(1, bars.length);
  const slot = PLOT_W / n;
  const max = niceMax(bars.reduce((m, b) => Math.max(m, b.offered), 0));
  const yCount = (v: number) => TOP + PLOT_H - (v / max) * PLOT_H;
  const yPercent = (f: number) => TOP + PLOT_H - f * PLOT_H;
  const xOf = (i: number) => LEFT + i * slot;
  const label = (b: Bar) =>
    c.step === 'day' ? dayLabel(b.start, c.zone) : `${clockTime(b.start, c.zone)}–${clockTime(b.end, c.zone)}`;

  const total = (pick: (b: Bar) => number) => bars.reduce((s, b) => s + pick(b), 0);
  const busiest = bars.reduce<Bar | undefined>((m, b) => (!m || b.offered > m.offered ? b : m), undefined);
  const summary = `${c.queueName}: ${total((b) => b.offered)} offered, ${total((b) => b.answered)} answered, ${total((b) => b.abandoned)} abandoned${busiest && busiest.offered > 0 ? `; busiest ${label(busiest)} with ${busiest.offered} offered` : ''}${c.serviceLevelTarget !== undefined ? `; service-level target ${formatPercent(c.serviceLevelTarget)}` : ''}.`;

  const barMarks = bars.map((b, i) => {
    const x = xOf(i) + Math.min(1, slot * 0.1);
    const w = Math.max(1, slot - 2 * Math.min(1, slot * 0.1));
    let base = TOP + PLOT_H;
    const part = (count: number, cls: string) => {
      if (count <= 0) return '';
      const h = (count / max) * PLOT_H;
      base -= h;
      return html`<rect class="${cls}" x="${x.toFixed(1)}" y="${base.toFixed(1)}" width="${w.toFixed(1)}" height="${h.toFixed(1)}"></rect>`;
    };
    const other = Math.max(0, b.offered - b.answered - b.abandoned);
    return html`<g><title>${label(b)}: ${b.offered} offered, ${b.answered} answered, ${b.abandoned} abandoned, service level ${formatPercent(b.serviceLevel)}</title>${part(b.answered, 'bar-answered')}${part(b.abandoned, 'bar-abandoned')}${part(other, 'bar-other')}</g>`;
  });

  // Left axis: counts; right axis: percent; grid lines at half and full.
  const yAxis = [0, max / 2, max].map(
    (v) =>
      html`<line class="grid" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${yCount(v).toFixed(1)}" y2="${yCount(v).toFixed(1)}"></line><text class="axis" x="${LEFT - 3}" y="${(yCount(v) + 3).toFixed(1)}" text-anchor="end">${Number.isInteger(v) ? v : v.toFixed(1)}</text>`,
  );
  const pAxis = [0, 0.5, 1].map(
    (f) =>
      html`<text class="axis axis-sl" x="${WIDTH - RIGHT + 3}" y="${(yPercent(f) + 3).toFixed(1)}">${Math.round(f * 100)}%</text>`,
  );
  const xLabels = bars.flatMap((b, i) => {
    if (c.step === 'day')
      return [
        html`<text class="axis" x="${(xOf(i) + slot / 2).toFixed(1)}" y="${HEIGHT - 5}" text-anchor="middle">${dayLabel(b.start, c.zone).split(' ').slice(0, 2).join(' ')}</text>`,
      ];
    const t = clockTime(b.start, c.zone);
    return ['00:00', '06:00', '12:00', '18:00'].includes(t)
      ? [
          html`<text class="axis" x="${xOf(i).toFixed(1)}" y="${HEIGHT - 5}" text-anchor="${t === '00:00' ? 'start' : 'middle'}">${t}</text>`,
        ]
      : [];
  });
  if (c.step === 'half-hour')
    xLabels.push(html`<text class="axis" x="${WIDTH - RIGHT}" y="${HEIGHT - 5}" text-anchor="end">24:00</text>`);

  // Service level per bucket with contacts, joined into a line; the target dashed across.
  const points = bars.flatMap((b, i) =>
    b.serviceLevel === undefined || b.offered === 0
      ? []
      : [`${(xOf(i) + slot / 2).toFixed(1)},${yPercent(b.serviceLevel).toFixed(1)}`],
  );
  const slLine = points.length > 0 ? html`<polyline class="sl-line" points="${points.join(' ')}"></polyline>` : '';
  const target =
    c.serviceLevelTarget === undefined
      ? ''
      : html`<line class="sl-target" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${yPercent(c.serviceLevelTarget).toFixed(1)}" y2="${yPercent(c.serviceLevelTarget).toFixed(1)}"><title>Service-level target ${formatPercent(c.serviceLevelTarget)}</title></line>`;

  const first = bars[0];
  const last = bars.at(-1);
  const nowMark =
    first && last && c.now >= first.start && c.now < last.end
      ? (() => {
          const i = bars.findIndex((b) => c.now >= b.start && c.now < b.end);
          const b = bars[i] as Bar;
          const x = xOf(i) + ((c.now - b.start) / (b.end - b.start)) * slot;
          return html`<line class="now" x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="${TOP - 4}" y2="${TOP + PLOT_H}"></line><text class="axis now-label" x="${x.toFixed(1)}" y="${TOP - 5}" text-anchor="middle">now</text>`;
        })()
      : '';

  const titleId = `chart-${c.queueId}-title`;
  return html`<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${titleId}" data-chart-for="${c.queueId}"><title id="${titleId}">${summary}</title>${yAxis}${pAxis}<line class="baseline" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${TOP + PLOT_H}" y2="${TOP + PLOT_H}"></line>${barMarks}${target}${slLine}${nowMark}${xLabels}</svg>`;
}
