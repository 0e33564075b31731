// How long and how much ccpulse waits for a vendor: the deadline of one request (headers and body),
// of one stream window, and the most one answer may weigh once decompressed. Defaults sized from the
// largest real answers, with room to spare (see DEFAULT_LIMITS).
import { z } from 'zod';
import type { Limits } from './config-types.js';

export const LIMIT_VARS = [
  'CCPULSE_REQUEST_TIMEOUT_SECONDS',
  'CCPULSE_WINDOW_TIMEOUT_SECONDS',
  'CCPULSE_MAX_RESPONSE_MB',
] as const;

export const DEFAULT_LIMITS: Limits = {
  // A details page (100 conversations) or a job results page (1,000) comes in a few seconds; a minute
  // leaves room for a slow day at the vendor without letting a stalled connection hold a run.
  requestTimeoutMs: 60_000,
  // A window is a handful of requests, or an async job: Genesys runs most in minutes, and a window
  // that takes longer fails loudly, keeps its checkpoint and is tried again next cycle.
  windowTimeoutMs: 30 * 60_000,
  // The largest page ccpulse asks for is a job results page of 1,000 conversations: 2.5 MB of the
  // emulator's detail records (a details page of 100: 0.25 MB; a day of PT30M aggregates: 0.23 MB —
  // measured). Conversations with transfers and many segments weigh more; 64 MiB is 25 times it.
  maxResponseBytes: 64 * 1024 * 1024,
};

const seconds = (max: number) =>
  z.coerce
    .number({ error: 'must be a number of seconds' })
    .positive({ error: 'must be more than 0 seconds' })
    .max(max, { error: `must be at most ${max} seconds` });

const schema = z.object({
  CCPULSE_REQUEST_TIMEOUT_SECONDS: seconds(3600).optional(),
  CCPULSE_WINDOW_TIMEOUT_SECONDS: seconds(24 * 3600).optional(),
  CCPULSE_MAX_RESPONSE_MB: z.coerce
    .number({ error: 'must be a number of MiB' })
    .min(0.01, { error: 'must be at least 0.01 MiB' })
    .max(1024, { error: 'must be at most 1024 MiB' })
    .optional(),
});

const EXAMPLE: Record<(typeof LIMIT_VARS)[number], string> = {
  CCPULSE_REQUEST_TIMEOUT_SECONDS: 'CCPULSE_REQUEST_TIMEOUT_SECONDS=60',
  CCPULSE_WINDOW_TIMEOUT_SECONDS: 'CCPULSE_WINDOW_TIMEOUT_SECONDS=1800',
  CCPULSE_MAX_RESPONSE_MB: 'CCPULSE_MAX_RESPONSE_MB=64',
};

/** The limits the variables ask for, defaults for the unset ones; each bad value adds a problem. */
export function parseLimits(get: (name: string) => string | undefined, problems: string[]): Limits {
  const given = Object.fromEntries(LIMIT_VARS.map((name) => [name, get(name)]));
  const parsed = schema.safeParse(given);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0]) as (typeof LIMIT_VARS)[number];
      problems.push(`${name} '${given[name]}' ${issue.message}. Example: ${EXAMPLE[name]}`);
    }
    return DEFAULT_LIMITS;
  }
  const v = parsed.data;
  return {
    requestTimeoutMs:
      v.CCPULSE_REQUEST_TIMEOUT_SECONDS === undefined
        ? DEFAULT_LIMITS.requestTimeoutMs
        : Math.round(v.CCPULSE_REQUEST_TIMEOUT_SECONDS * 1000),
    windowTimeoutMs:
      v.CCPULSE_WINDOW_TIMEOUT_SECONDS === undefined
        ? DEFAULT_LIMITS.windowTimeoutMs
        : Math.round(v.CCPULSE_WINDOW_TIMEOUT_SECONDS * 1000),
    maxResponseBytes:
      v.CCPULSE_MAX_RESPONSE_MB === undefined
        ? DEFAULT_LIMITS.maxResponseBytes
        : Math.round(v.CCPULSE_MAX_RESPONSE_MB * 1024 * 1024),
  };
}
