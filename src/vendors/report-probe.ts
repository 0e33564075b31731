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

/**
 * A probe that asks for the last whole hour (small, finished, and inside every vendor's query
 * limits) of a report taking the org's name and a window.
 */
export const overLastHour =
  (report: (client: ApiClient, org: string, from: number, to: number) => Promise<unknown>) =>
  async (client: ApiClient, org: { name: string }, now: number): Promise<void> => {
    const to = Math.floor(now / HOUR) * HOUR;
    await report(client, org.name, to - HOUR, to);
  };
