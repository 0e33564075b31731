// A report's period and its buckets on a person's own calendar: `--period yesterday` or `--from
// 2026-03-08` mean midnight in their zone, days of 23 or 25 hours included (core/time-zone asks Intl
// for every offset). Intervals are assigned to the bucket their start falls in.
import { dayStart, hourStart, monthStart, validTimeZone, weekStart, zonedInstant } from '../core/index.js';
import { ReportInputError } from './report-input-error.js';

export const PERIODS = ['today', 'yesterday', 'last-7-days', 'this-month'] as const;
type PeriodName = (typeof PERIODS)[number];
/** `interval`: the stored intervals as they are (Genesys 30 minutes, CXone an hour). */
export const BUCKETS = ['interval', 'hour', 'day', 'week'] as const;
export type Bucket = (typeof BUCKETS)[number];

export interface Period {
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, exclusive. */
  to: number;
}

interface PeriodInput {
  period?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** The zone to report in: the flag, else CCPULSE_TIMEZONE, else the system's. */
export function resolveZone(flag: string | undefined, configured: string | undefined): string {
  if (flag === undefined) return configured ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const zone = validTimeZone(flag);
  if (!zone)
    throw new ReportInputError(
      `--tz '${flag}' is not a time zone this system knows`,
      'Use an IANA name such as Europe/Berlin, America/New_York or UTC.',
    );
  return zone;
}

export function parseBucket(value: string): Bucket {
  if ((BUCKETS as readonly string[]).includes(value)) return value as Bucket;
  throw new ReportInputError(`--by '${value}' is not a bucket`, `Use one of ${BUCKETS.join(', ')}.`);
}

/** The period asked for; yesterday by default. */
export function resolvePeriod(input: PeriodInput, zone: string, now: number): Period {
  if (input.period !== undefined && (input.from !== undefined || input.to !== undefined))
    throw new ReportInputError('--period and --from/--to both given', 'Give either --period or --from (and --to).');
  if (input.from === undefined && input.to !== undefined)
    throw new ReportInputError('--to given without --from', 'Add --from, e.g. --from 2026-03-01 --to 2026-03-08.');
  if (input.from !== undefined) {
    const from = parseZonedTime('from', input.from, zone);
    const to = input.to === undefined ? dayStart(from, zone, 1) : parseZonedTime('to', input.to, zone);
    if (to <= from)
      throw new ReportInputError(
        `--to '${input.to}' is not after --from '${input.from}'`,
        'Give an end after the start.',
      );
    return { from, to };
  }
  const name = input.period ?? 'yesterday';
  switch (name as PeriodName) {
    case 'today':
      return { from: dayStart(now, zone), to: dayStart(now, zone, 1) };
    case 'yesterday':
      return { from: dayStart(now, zone, -1), to: dayStart(now, zone) };
    case 'last-7-days':
      // As the dashboard: the six days before today, and today.
      return { from: dayStart(now, zone, -6), to: dayStart(now, zone, 1) };
    case 'this-month':
      return { from: monthStart(now, zone), to: monthStart(now, zone, 1) };
    default:
      throw new ReportInputError(`--period '${name}' is not a period`, `Use one of ${PERIODS.join(', ')}.`);
  }
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * `2026-03-08` and `2026-03-08T06:00` are on the zone's clock; a time with `Z` or an offset is that
 * instant wherever the zone is.
 */
function parseZonedTime(flag: 'from' | 'to', text: string, zone: string): number {
  const local = LOCAL.exec(text.trim());
  if (local) {
    const [y, mo, d, h, mi, s] = local.slice(1).map((part) => Number(part ?? 0)) as number[];
    const at = zonedInstant(y as number, mo as number, d as number, zone, h, mi, s);
    const check = new Date(Date.UTC(y as number, (mo as number) - 1, d as number));
    if (check.getUTCMonth() + 1 === mo && check.getUTCDate() === d && (h as number) < 24 && (mi as number) < 60)
      return at;
  } else if (/(Z|[+-]\d{2}:?\d{2})$/i.test(text.trim())) {
    const at = Date.parse(text);
    if (!Number.isNaN(at)) return at;
  }
  throw new ReportInputError(
    `--${flag} '${text}' is not a date or time`,
    `Use a date such as 2026-03-08 (midnight in ${zone}), a local time such as 2026-03-08T06:00, or an instant such as 2026-03-08T11:00:00Z.`,
  );
}

/** The start of the bucket holding `ms`. */
export function bucketStart(ms: number, by: Exclude<Bucket, 'interval'>, zone: string): number {
  switch (by) {
    case 'hour':
      return hourStart(ms, zone);
    case 'day':
      return dayStart(ms, zone);
    case 'week':
      return weekStart(ms, zone);
  }
}

/** The end of the bucket that starts at `start`. */
export function bucketEnd(start: number, by: Exclude<Bucket, 'interval'>, zone: string): number {
  switch (by) {
    case 'hour':
      // The next hour on the zone's clock: an hour later in instants, also across a DST change.
      return hourStart(start + 3_600_000, zone);
    case 'day':
      return dayStart(start, zone, 1);
    case 'week':
      return dayStart(start, zone, 7);
  }
}
