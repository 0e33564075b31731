// A queue's period as a chart: a bar per bucket (the day's half-hours, or the week's days) of offered
// contacts split into answered, abandoned and the rest against a left axis of counts; the service
// level per bucket as a line against a right axis of percent, with the queue's target dashed across;
// "now" marked on today's chart. The chart travels as numbers (chartFrame: the period's buckets and
// axis labels, the same for all of a user's queues; chartData: one queue's bars and target) in the
// JSON and the event stream, and the page's script draws it from them (static-assets.ts, with the
// same geometry, CHART). The server-rendered page carries it drawn here as inline SVG, from the same
// numbers, so it reads without script. It carries a text summary for screen readers (its title); the
// page's script shows the hovered bucket's figures, in the supervisor's time zone.

import { clockTime, dayLabel } from '../core/index.js';
import { formatPercent } from './display-format.js';
import { html, type SafeHtml } from './html.js';
import { type Bar, bucketStarts, type PeriodWindows } from './live-view.js';

/** The chart's box (the SVG's viewBox) and the margins around its plot, in SVG units. */
export const CHART = { width: 480, height: 150, left: 30, right: 34, top: 12, bottom: 18 } as const;

const PLOT_W = CHART.width - CHART.left - CHART.right;
const PLOT_H = CHART.height - CHART.top - CHART.bottom;

/** What every chart of a view shares: its buckets and how they are labelled in the supervisor's zone. */
export interface ChartFrame {
  step: 'half-hour' | 'day';
  /** Each bucket's start (ms); a bucket ends where the next starts, the last at `end`. */
  starts: number[];
  end: number;
  /** Each bucket as its tooltip names it: "09:00–09:30", "Tue 10 Mar". */
  labels: string[];
  /** The x axis: [where, in buckets from the left edge; its text]. */
  ticks: [number, string][];
}

/** One queue's chart, as numbers. */
export interface ChartData {
  /** The service-level target, 0..1; null where the queue has none. */
  target: number | null;
  /** Per bucket: offered, answered, abandoned, and the service level (0..1 to four places; null with none counted). */
  bars: [number, number, number, number | null][];
}

/** A round axis maximum at or above `n` (1, 2, 5 × 10^k). */
function niceMax(n: number): number {
  if (n <= 1) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 5, 10]) if (m * p >= n) return m * p;
  return 10 * p;
}

/** Frames by period and zone: few (periods × zones × days), each labelled once. Bounded: past the bound the memory starts over. */
const frames = new Map<string, ChartFrame>();
const FRAMES_MAX = 1000;

export function chartFrame(period: PeriodWindows, zone: string): ChartFrame {
  const key = `${period.step}|${period.from}|${period.to}|${zone}`;
  const known = frames.get(key);
  if (known) return known;
  const starts = bucketStarts(period, zone);
  const ends = starts.map((_, i) => starts[i + 1] ?? period.to);
  const frame: ChartFrame =
    period.step === 'day'
      ? {
          step: 'day',
          starts,
          end: period.to,
          labels: starts.map((s) => dayLabel(s, zone)),
          ticks: starts.map((s, i) => [i + 0.5, dayLabel(s, zone).split(' ').slice(0, 2).join(' ')]),
        }
      : {
          step: 'half-hour',
          starts,
          end: period.to,
          labels: starts.map((s, i) => `${clockTime(s, zone)}–${clockTime(ends[i] as number, zone)}`),
          ticks: [
            ...starts.flatMap((s, i): [number, string][] => {
              const t = clockTime(s, zone);
              return ['00:00', '06:00', '12:00', '18:00'].includes(t) ? [[i, t]] : [];
            }),
            [starts.length, '24:00'],
          ],
        };
  if (frames.size >= FRAMES_MAX) frames.clear();
  frames.set(key, frame);
  return frame;
}

export function chartData(bars: Bar[], target: number | undefined): ChartData {
  return {
    target: target ?? null,
    bars: bars.map((b) => [
      b.offered,
      b.answered,
      b.abandoned,
      b.serviceLevel === undefined ? null : Math.round(b.serviceLevel * 10_000) / 10_000,
    ]),
  };
}

interface ChartInput {
  queueId: string;
  queueName: string;
  frame: ChartFrame;
  data: ChartData;
  /** "Now", marked where it falls within the frame. */
  now: number;
}

/**
 * Charts already drawn, per frame, by everything else they show. Pushes change a queue's live numbers
 * many times a minute and each change makes a new view; its bars change only with the period's
 * figures. A chart is a pure function of its frame and key, so who asked for it first does not matter.
 * Bounded: past the bound a frame's memory starts over.
 */
const drawn = new WeakMap<ChartFrame, Map<string, SafeHtml>>();
const DRAWN_MAX = 1000;

export function queueChart(c: ChartInput): SafeHtml {
  let known = drawn.get(c.frame);
  if (!known) {
    known = new Map();
    drawn.set(c.frame, known);
  }
  const key = JSON.stringify([c.queueId, c.queueName, c.now, c.data]);
  const chart = known.get(key);
  if (chart) return chart;
  const made = draw(c);
  if (known.size >= DRAWN_MAX) known.clear();
  known.set(key, made);
  return made;
}

/** A coordinate as the chart writes it: to one decimal, without a trailing ".0" (the script's `num`). */
const num = (v: number) => String(Math.round(v * 10) / 10);

// Kept in step with drawChart in static-assets.ts: the page's script draws the same marks from the same
// numbers, and the browser test compares the two. Compact on purpose (the charts were most of a page's
// bytes): one path per kind of mark, the axes' texts grouped under their anchor, no per-bar tooltip
// (the page's script shows the hovered bucket's figures; the chart's own title sums them up).
function draw({ queueId, queueName, frame, data, now }: ChartInput): SafeHtml {
  const { left: LEFT, right: RIGHT, top: TOP, width: WIDTH, height: HEIGHT } = CHART;
  const { bars } = data;
  const n = Math.max(1, bars.length);
  const slot = PLOT_W / n;
  const max = niceMax(bars.reduce((m, b) => Math.max(m, b[0]), 0));
  const yCount = (v: number) => TOP + PLOT_H - (v / max) * PLOT_H;
  const yPercent = (f: number) => TOP + PLOT_H - f * PLOT_H;
  const xOf = (i: number) => LEFT + i * slot;
  const bottom = TOP + PLOT_H;

  const total = (k: 0 | 1 | 2) => bars.reduce((s, b) => s + b[k], 0);
  let busiest = -1;
  bars.forEach((b, i) => {
    if (busiest < 0 || b[0] > (bars[busiest]?.[0] ?? 0)) busiest = i;
  });
  const top = bars[busiest];
  const summary = `${queueName}: ${total(0)} offered, ${total(1)} answered, ${total(2)} abandoned${top && top[0] > 0 ? `; busiest ${frame.labels[busiest]} with ${top[0]} offered` : ''}${data.target !== null ? `; service-level target ${formatPercent(data.target)}` : ''}.`;

  // Each bar's parts stacked from the baseline: answered, abandoned, the rest; a rectangle each, as
  // one subpath of its kind's path.
  const parts = ['', '', ''];
  const w = num(Math.max(1, slot - 2 * Math.min(1, slot * 0.1)));
  bars.forEach(([offered, answered, abandoned], i) => {
    const x = num(xOf(i) + Math.min(1, slot * 0.1));
    let base = bottom;
    [answered, abandoned, Math.max(0, offered - answered - abandoned)].forEach((count, k) => {
      if (count <= 0) return;
      const h = (count / max) * PLOT_H;
      parts[k] += `M${x} ${num(base)}v-${num(h)}h${w}v${num(h)}z`;
      base -= h;
    });
  });
  const barMarks = ['bar-answered', 'bar-abandoned', 'bar-other'].map((cls, k) =>
    parts[k] ? html`<path class="${cls}" d="${parts[k]}"></path>` : '',
  );

  // Left axis: counts; right axis: percent; grid lines at half and full.
  const counts = [0, max / 2, max];
  const grid = counts.map((v) => `M${LEFT} ${num(yCount(v))}H${WIDTH - RIGHT}`).join('');
  const yAxis = counts.map(
    (v) => html`<text x="${LEFT - 3}" y="${num(yCount(v) + 3)}">${Number.isInteger(v) ? v : v.toFixed(1)}</text>`,
  );
  const pAxis = [0, 0.5, 1].map(
    (f) => html`<text x="${WIDTH - RIGHT + 3}" y="${num(yPercent(f) + 3)}">${Math.round(f * 100)}%</text>`,
  );
  const xLabels = frame.ticks.map(
    ([at, text]) =>
      html`<text x="${num(xOf(at))}" y="${HEIGHT - 5}"${at === 0 ? html` text-anchor="start"` : at === n ? html` text-anchor="end"` : ''}>${text}</text>`,
  );

  // Service level per bucket with contacts, joined into a line; the target dashed across.
  const points = bars.flatMap(([offered, , , sl], i) =>
    sl === null || offered === 0 ? [] : [`${num(xOf(i) + slot / 2)},${num(yPercent(sl))}`],
  );
  const slLine = points.length > 0 ? html`<polyline class="sl-line" points="${points.join(' ')}"></polyline>` : '';
  const target =
    data.target === null
      ? ''
      : html`<path class="sl-target" d="M${LEFT} ${num(yPercent(data.target))}H${WIDTH - RIGHT}"><title>Service-level target ${formatPercent(data.target)}</title></path>`;

  const i = frame.starts.findIndex((s, k) => now >= s && now < (frame.starts[k + 1] ?? frame.end));
  const nowMark =
    i < 0
      ? ''
      : (() => {
          const start = frame.starts[i] as number;
          const x = num(xOf(i) + ((now - start) / ((frame.starts[i + 1] ?? frame.end) - start)) * slot);
          return html`<path class="now" d="M${x} ${TOP - 4}V${bottom}"></path><text class="axis now-label" x="${x}" y="${TOP - 5}" text-anchor="middle">now</text>`;
        })();

  const titleId = `chart-${queueId}-title`;
  return html`<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${titleId}" data-chart-for="${queueId}"><title id="${titleId}">${summary}</title><path class="grid" d="${grid}"></path><g class="axis" text-anchor="end">${yAxis}</g><g class="axis axis-sl">${pAxis}</g><path class="baseline" d="M${LEFT} ${bottom}H${WIDTH - RIGHT}"></path>${barMarks}${target}${slLine}${nowMark}<g class="axis" text-anchor="middle">${xLabels}</g></svg>`;
}
