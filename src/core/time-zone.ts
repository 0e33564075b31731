// Days, weeks, hours and clock times in a person's own time zone (an IANA name such as Europe/Berlin),
// with daylight-saving days of 23 or 25 hours handled by asking Intl for each date's real offset (no
// offsets of our own). The dashboard and `ccpulse report` bucket by these.

/**
 * Names already checked, and what each resolved to: checking builds an Intl.DateTimeFormat (about
 * 0.1 ms), and the dashboard checks the zone cookie on every request. Bounded: past the bound the
 * memory starts over.
 */
const checkedZones = new Map<string, string | undefined>();
const CHECKED_ZONES_MAX = 1000;

/** The zone name when it is one this runtime knows, else undefined (bad input never reaches Intl twice). */
export function validTimeZone(name: string | undefined): string | undefined {
  if (!name || name.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(name)) return undefined;
  if (checkedZones.has(name)) return checkedZones.get(name);
  let zone: string | undefined;
  try {
    zone = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    zone = undefined;
  }
  if (checkedZones.size >= CHECKED_ZONES_MAX) checkedZones.clear();
  checkedZones.set(name, zone);
  return zone;
}

const partsCache = new Map<string, Intl.DateTimeFormat>();
const formatter = (timeZone: string) =>
  cachedFormat(partsCache, timeZone, 'en-US', {
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/**
 * Wall clocks already read, per zone and whole second (all a wall clock shows): a page asks for the
 * same half-hours and midnights again and again, and formatToParts is the cost of rendering one.
 */
const wallClocks = new Map<string, Map<number, Readonly<WallClock>>>();
let remembered = 0;
/**
 * Wall clocks remembered in all before the memory starts over: a bound across zones too, since
 * anyone signed in can ask for any of the 400-odd zones.
 */
const MAX_REMEMBERED = 100_000;

/** The zone's wall clock at `ms`. */
function wallClock(ms: number, timeZone: string): Readonly<WallClock> {
  const second = Math.floor(ms / 1000);
  let known = wallClocks.get(timeZone);
  if (!known) {
    known = new Map();
    wallClocks.set(timeZone, known);
  }
  const seen = known.get(second);
  if (seen) return seen;
  const p = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(second * 1000)
      .map((x) => [x.type, x.value]),
  );
  const w = {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour),
    minute: Number(p.minute),
    second: Number(p.second),
  };
  if (remembered >= MAX_REMEMBERED) {
    for (const zone of wallClocks.values()) zone.clear();
    remembered = 0;
  }
  known.set(second, w);
  remembered++;
  return w;
}

/** The zone's offset from UTC at `ms`, in ms (Berlin in summer: +7,200,000). */
export function offsetAt(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant the zone's wall clock shows the given date and time. A time the clock skips (spring
 * forward) gives the instant after the gap; a time shown twice (fall back) the first of the two.
 */
export function zonedInstant(
  year: number,
  month: number,
  day: number,
  timeZone: string,
  hour = 0,
  minute = 0,
  second = 0,
): number {
  const guess = Date.UTC(year, month - 1, day, hour, minute, second);
  // The offsets in force a day before and a day after: a change between them makes two candidates.
  const offsets = [offsetAt(guess - 86_400_000, timeZone), offsetAt(guess + 86_400_000, timeZone)];
  const shown = offsets.map((o) => guess - o).filter((at) => at + offsetAt(at, timeZone) === guess);
  return shown.length > 0 ? shown.reduce((a, b) => Math.min(a, b)) : guess - (offsets[0] as number);
}

const midnight = (year: number, month: number, day: number, timeZone: string) =>
  zonedInstant(year, month, day, timeZone);

/** The start of the zone's day that contains `ms`, `days` days later (negative: earlier). */
export function dayStart(ms: number, timeZone: string, days = 0): number {
  const w = wallClock(ms, timeZone);
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day + days));
  return midnight(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), timeZone);
}

/** The start of the zone's hour that contains `ms` (a zone 30 or 45 minutes off UTC starts its hours there). */
export function hourStart(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  return Math.floor(ms / 1000) * 1000 - (w.minute * 60 + w.second) * 1000;
}

/** The start of the zone's ISO week (Monday) that contains `ms`. */
export function weekStart(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  const weekday = (new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay() + 6) % 7;
  return dayStart(ms, timeZone, -weekday);
}

/** The start of the zone's calendar month that contains `ms`, `months` months later. */
export function monthStart(ms: number, timeZone: string, months = 0): number {
  const w = wallClock(ms, timeZone);
  const d = new Date(Date.UTC(w.year, w.month - 1 + months, 1));
  return midnight(d.getUTCFullYear(), d.getUTCMonth() + 1, 1, timeZone);
}

/** ISO 8601 on the zone's clock with its offset, e.g. `2026-03-08T00:00:00-05:00` (UTC: `Z`). */
export function zonedIso(ms: number, timeZone: string): string {
  const w = wallClock(ms, timeZone);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const offset = offsetAt(ms, timeZone) / 60_000;
  const sign = offset < 0 ? '-' : '+';
  const zone = offset === 0 ? 'Z' : `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${zone}`;
}

/** HH:MM on the zone's clock. */
export function clockTime(ms: number, timeZone: string): string {
  const w = wallClock(ms, timeZone);
  return `${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
}

/** e.g. "Tue 10 Mar" on the zone's calendar. */
export function dayLabel(ms: number, timeZone: string): string {
  return cachedFormat(dayLabels, timeZone, 'en-GB', { weekday: 'short', day: 'numeric', month: 'short' }).format(ms);
}

/** The zone's short name at `ms` (CET, GMT+5:45, UTC). */
export function zoneAbbreviation(ms: number, timeZone: string): string {
  return (
    cachedFormat(zoneNames, timeZone, 'en-GB', { timeZoneName: 'short' })
      .formatToParts(ms)
      .find((p) => p.type === 'timeZoneName')?.value ?? timeZone
  );
}

/** Building an Intl.DateTimeFormat costs far more than using one: one per zone and purpose. */
const dayLabels = new Map<string, Intl.DateTimeFormat>();
const zoneNames = new Map<string, Intl.DateTimeFormat>();
function cachedFormat(
  cache: Map<string, Intl.DateTimeFormat>,
  timeZone: string,
  locale: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  let f = cache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone, ...options });
    cache.set(timeZone, f);
  }
  return f;
}
