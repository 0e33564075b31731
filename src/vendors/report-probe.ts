// A permission probe: one small request to an API a sync stream calls, made with the daemon's token,
// so `ccpulse doctor` finds a missing role before the daemon does. Each vendor lists its own.
import type { ApiClient } from '../http/index.js';

export interface ReportProbe<Org> {
  /** The sync stream (name after `vendor:org:`) that calls this API. */
  stream: string;
  report: string;
  api: string;
  run(client: ApiClient, org: Org, now: number): Promise<void>;
}

const HOUR = 3600_000;

/** The last whole hour: small, finished, and inside every vendor's query limits. */
export const lastHour = (now: number): [number, number] => {
  const to = Math.floor(now / HOUR) * HOUR;
  return [to - HOUR, to];
};
