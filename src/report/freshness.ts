// How fresh a report's data is, read from v_stream_freshness: each stream's synced and settled marks
// and its last run, and a warning when the period asked for runs past what is synced (a report that
// silently shows half a day looks like a quiet day).
import { zonedIso } from '../core/index.js';
import type { Sink } from '../store/index.js';
import type { Period } from './report-period.js';
import type { Scope } from './report-scope.js';

interface StreamFreshness {
  stream: string;
  /** Epoch ms; undefined when the stream has no watermark yet. */
  syncedUntil: number | undefined;
  settledUntil: number | undefined;
  lastRunFinished: number | undefined;
  lastRunRows: number | undefined;
  lastError: string | undefined;
}

const at = (value: unknown) => (typeof value === 'string' ? Date.parse(value) : undefined);

/** The streams (by their data part, e.g. `queue-intervals`) in scope, ordered by name. */
export async function readFreshness(sink: Sink, data: readonly string[], scope: Scope): Promise<StreamFreshness[]> {
  const where = [
    { column: 'data', op: 'in' as const, values: data },
    ...(scope.vendor ? [{ column: 'vendor', op: '=' as const, value: scope.vendor }] : []),
    ...(scope.org ? [{ column: 'org', op: '=' as const, value: scope.org }] : []),
  ];
  const out: StreamFreshness[] = [];
  for await (const page of sink.rows({ relation: 'v_stream_freshness', where, orderBy: ['stream'] }))
    for (const r of page)
      out.push({
        stream: String(r.stream),
        syncedUntil: at(r.synced_until),
        settledUntil: at(r.settled_until),
        lastRunFinished: at(r.last_run_finished),
        lastRunRows: typeof r.last_run_rows === 'number' ? r.last_run_rows : undefined,
        lastError: typeof r.last_error === 'string' ? r.last_error : undefined,
      });
  return out;
}

export interface FreshnessText {
  /** One line per stream: how far it is synced and final, and its last run. */
  notes: string[];
  /** The period runs past what is synced, a last run failed, or nothing is synced at all. */
  warnings: string[];
}

export function describeFreshness(
  streams: readonly StreamFreshness[],
  period: Period,
  now: number,
  zone: string,
): FreshnessText {
  const time = (ms: number | undefined) => (ms === undefined ? 'never' : zonedIso(ms, zone));
  const notes: string[] = [];
  const warnings: string[] = [];
  const due = Math.min(period.to, now);
  if (streams.length === 0)
    warnings.push(
      'nothing is synced for this report yet: run `ccpulse sync --once` (or start `ccpulse daemon`) and ask again',
    );
  for (const s of streams) {
    const settled = s.settledUntil === undefined ? '' : `, final until ${time(s.settledUntil)}`;
    const run =
      s.lastRunFinished === undefined
        ? 'no run recorded'
        : `last run ${time(s.lastRunFinished)}${s.lastError ? ' failed' : ` (${s.lastRunRows ?? 0} rows)`}`;
    notes.push(`${s.stream}: synced until ${time(s.syncedUntil)}${settled}; ${run}`);
    if (s.syncedUntil === undefined || s.syncedUntil < due)
      warnings.push(
        `${s.stream} is synced until ${time(s.syncedUntil)} but the period runs to ${time(due)}: later figures are missing (run \`ccpulse sync --once\` or check the daemon)`,
      );
    else if (s.settledUntil !== undefined && s.settledUntil < due)
      notes.push(`  figures after ${time(s.settledUntil)} may still change: the vendor revises recent data`);
    if (s.lastError) warnings.push(`${s.stream}: its last run failed: ${s.lastError}`);
  }
  return { notes, warnings };
}
