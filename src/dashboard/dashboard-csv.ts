// The CSV of what the page shows: the queues (live numbers and the period's figures) and the agents
// (state, time in it, work), with the period and time zone in the first lines. Durations in seconds
// and rates in percent, so a spreadsheet can compute with them; a cell that a spreadsheet would run
// as a formula (=, +, -, @ first) is quoted with a leading apostrophe.
import type { LiveView } from './live-view.js';
import { STATE_LABELS } from './view-cells.js';

const seconds = (ms: number | undefined) => (ms === undefined ? '' : String(Math.round(ms / 1000)));
const percent = (f: number | undefined) => (f === undefined ? '' : String(Math.round(f * 1000) / 10));
const count = (n: number | undefined) => (n === undefined ? '' : String(n));

function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const line = (values: string[]) => `${values.map(cell).join(',')}\r\n`;
const iso = (ms: number) => new Date(ms).toISOString();

export function dashboardCsv(view: LiveView): string {
  let out = line([
    'period',
    view.period.label,
    'from',
    iso(view.period.from),
    'to',
    iso(Math.min(view.period.to, view.now)),
  ]);
  out += line(['time zone', view.zone, 'as of', iso(view.now)]);
  out += '\r\n';
  out += line([
    'queue',
    'media',
    'waiting',
    'longest wait (s)',
    'interacting',
    'agents available',
    'agents on a contact',
    'agents not responding',
    'agents off queue',
    'offered',
    'answered',
    'abandoned',
    'abandon rate (%)',
    'service level (%)',
    'service level target (%)',
    'ASA (s)',
    'AHT (s)',
  ]);
  for (const q of view.queues) {
    const l = q.live;
    const f = q.figures;
    out += line([
      q.name,
      q.mediaType ?? '',
      count(l?.waiting),
      l?.waitingSince === undefined ? '' : seconds(view.now - l.waitingSince),
      count(l?.interacting),
      count(l?.agentsIdle),
      count(l?.agentsBusy),
      count(l?.agentsNotResponding),
      count(l?.agentsOffQueue),
      String(f.offered),
      String(f.answered),
      String(f.abandoned),
      percent(f.abandonRate),
      percent(f.serviceLevel),
      percent(f.serviceLevelTarget),
      seconds(f.averageSpeedOfAnswerMs),
      seconds(f.averageHandleMs),
    ]);
  }
  out += '\r\n';
  out += line(['agent', 'status', 'reason', 'in status since', 'time in status (s)', 'handled', 'AHT (s)']);
  for (const a of view.agents) {
    out += line([
      a.name,
      a.state ? STATE_LABELS[a.state] : '',
      a.reason ?? '',
      a.since === undefined ? '' : iso(a.since),
      a.since === undefined ? '' : seconds(view.now - a.since),
      String(a.handled),
      seconds(a.averageHandleMs),
    ]);
  }
  return out;
}
