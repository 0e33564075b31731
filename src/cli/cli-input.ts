// Flag values shared by the commands (times, hours, ports, seconds), parsed with errors that say what to type.
import { CcpulseError, redactUrlCredentials } from '../core/index.js';

export class CliInputError extends CcpulseError {
  constructor(message: string, hint: string) {
    super('CLI_INPUT', message, hint);
  }
}

function parseTimeFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new CliInputError(
      `--${name} '${value}' is not a date or time`,
      'Use ISO 8601, e.g. 2026-11-20 or 2026-11-20T06:00:00Z.',
    );
  return ms;
}

const DAY = 86_400_000;

/**
 * How far back a sync may start: Genesys Cloud keeps conversation data at most five years (its
 * "maximum interaction data retention"); CXone's reporting API reads changes of the last 30 days only.
 */
export const HISTORY_LIMIT_MS = 5 * 365 * DAY;
/** Late changes worth re-reading: Genesys reprocesses for about 3 days; CXone reads 30 days of changes. */
const MAX_LOOKBACK_HOURS = 720;

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
const RETENTION = 'Genesys Cloud keeps conversation data at most 5 years and CXone reports changes of the last 30 days';

export function parseLookbackHours(value: string): number {
  const hours = Number(value);
  if (!Number.isFinite(hours) || hours < 0 || hours > MAX_LOOKBACK_HOURS || value.trim() === '')
    throw new CliInputError(
      `--lookback-hours '${value}' is not a number of hours from 0 to ${MAX_LOOKBACK_HOURS}`,
      `Use a number such as 72 (Genesys reprocesses conversations for about 3 days; CXone reports changes of the last 30 days, so more than ${MAX_LOOKBACK_HOURS} re-reads nothing).`,
    );
  return hours * 3600_000;
}

/**
 * --from/--until of a sync or daemon: real times, in order, not in the future, and within what the
 * vendors keep (a bounded run that ends in 2099 would never end; one from 1970 asks for nothing).
 */
export function parseSyncRange(
  fromText: string | undefined,
  untilText: string | undefined,
  now: number,
): { backfillFrom: number | undefined; until: number | undefined } {
  const backfillFrom = parseTimeFlag('from', fromText);
  const until = parseTimeFlag('until', untilText);
  const oldest = now - HISTORY_LIMIT_MS;
  for (const [name, value] of [
    ['from', backfillFrom],
    ['until', until],
  ] as const) {
    if (value === undefined) continue;
    if (value > now)
      throw new CliInputError(
        `--${name} ${iso(value)} is in the future (now is ${iso(now)})`,
        name === 'until'
          ? 'A bounded backfill ends by now; leave --until out to sync up to a few minutes ago, the daemon keeps up from there.'
          : 'Give a start in the past, e.g. --from 2026-11-20; without --from a new stream starts 3 days back.',
      );
    if (value < oldest)
      throw new CliInputError(
        `--${name} ${iso(value)} is older than the vendors keep data (${RETENTION})`,
        `Use a time from ${iso(oldest).slice(0, 10)} on.`,
      );
  }
  if (backfillFrom !== undefined && until !== undefined && until <= backfillFrom)
    throw new CliInputError(
      `--until ${iso(until)} is not after --from ${iso(backfillFrom)}`,
      'Give an end after the start (the range is [--from, --until)).',
    );
  return { backfillFrom, until };
}

export function parsePortFlag(name: string, value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new CliInputError(`--${name} '${value}' is not a port`, 'Use a number from 1 to 65535 (0 picks a free one).');
  return port;
}

export function parseSecondsFlag(name: string, value: string, min: number): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < min)
    throw new CliInputError(
      `--${name} '${value}' is not a number of seconds of at least ${min}`,
      `Use a number such as 60.`,
    );
  return seconds;
}

/** A whole number for a flag such as --seed. */
export function parseIntegerFlag(name: string, value: string, min = 0): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min || value.trim() === '')
    throw new CliInputError(
      `--${name} '${value}' is not a whole number of at least ${min}`,
      `Use a number such as ${min + 1}.`,
    );
  return n;
}

/** An absolute http(s) URL for a flag such as --public-url; never echoes user-info. */
export function parseUrlFlag(name: string, value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  const shown = redactUrlCredentials(value);
  if (!url || !/^https?:$/.test(url.protocol) || !url.hostname)
    throw new CliInputError(
      `--${name} '${shown}' is not an absolute http(s) URL`,
      `Give the address browsers use, e.g. --${name} https://ccpulse.example.com.`,
    );
  if (url.username || url.password)
    throw new CliInputError(
      `--${name} must not contain a user name or password ('${shown}')`,
      'Remove the user:password@ part.',
    );
  return value;
}
