// Flag values shared by the commands (times, hours, ports, seconds), parsed with errors that say what to type.
import { CcpulseError, redactUrlCredentials } from '../core/index.js';

export class CliInputError extends CcpulseError {
  constructor(message: string, hint: string) {
    super('CLI_INPUT', message, hint);
  }
}

export function parseTimeFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new CliInputError(
      `--${name} '${value}' is not a date or time`,
      'Use ISO 8601, e.g. 2026-11-20 or 2026-11-20T06:00:00Z.',
    );
  return ms;
}

export function parseLookbackHours(value: string): number {
  const hours = Number(value);
  if (!Number.isFinite(hours) || hours < 0)
    throw new CliInputError(`--lookback-hours '${value}' is not a number of hours`, 'Use a number such as 72.');
  return hours * 3600_000;
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
