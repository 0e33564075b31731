// The buckets of a Genesys aggregate query: `granularity` steps from the interval's start, its day
// part counted in the calendar of `timeZone` (IANA; UTC by default), so P1D buckets start at each
// local midnight and a DST change gives a 23- or 25-hour day ("Time zone context used to calculate
// response intervals (this allows resolving DST changes). The interval offset is used even when
// timeZone is specified" — ConversationAggregationQuery in the SDK docs).
import { offsetAt } from '../../core/index.js';

/** An ISO 8601 duration Genesys accepts as granularity (PT15M, PT30M, PT1H, P1D, P7D, P1DT12H...). */
interface Granularity {
  days: number;
  ms: number;
}

export function parseGranularity(value: string): Granularity | undefined {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(value);
  if (!m || value === 'P' || value.endsWith('T')) return undefined;
  const days = Number(m[1] ?? 0) * 7 + Number(m[2] ?? 0);
  const ms = (Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0)) * 60_000;
  return days > 0 || ms > 0 ? { days, ms } : undefined;
}

/** True for a zone name the platform's time zone database knows. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * Bucket bounds from `from` to `to` (both included, the last bucket cut at `to`); undefined past
 * `limit` buckets.
 */
export function bucketBounds(
  from: number,
  to: number,
  granularity: Granularity,
  timeZone: string,
  limit: number,
): number[] | undefined {
  const bounds = [from];
  let at = from;
  while (at < to) {
    if (bounds.length > limit) return undefined;
    at = Math.min(to, addDays(at, granularity.days, timeZone) + granularity.ms);
    bounds.push(at);
  }
  return bounds;
}

/** The instant `days` calendar days after `ms` in `timeZone`, at the same wall-clock time. */
function addDays(ms: number, days: number, timeZone: string): number {
  if (days === 0) return ms;
  const wall = ms + offsetAt(ms, timeZone) + days * 86_400_000;
  // The wall time's instant: its offset can differ from the start's (a DST change in between), so
  // settle it on the offset found there.
  let at = wall - offsetAt(ms, timeZone);
  at = wall - offsetAt(at, timeZone);
  return wall - offsetAt(at, timeZone);
}
