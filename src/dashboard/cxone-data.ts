// DashboardData for NICE CXone on the classic reporting API, each request through the session's own
// client (CXone filters skills by the user's security profile): skills and live counts from
// `skills/summary`, today's half-hours (settled ones re-read less often) and totals from
// `skillSummaryIntervals`, and each agent's work today from `agents/performance`.
import type { CxoneConfig } from '../config/index.js';
import type { Clock } from '../core/index.js';
import type { QueueInterval } from '../model/index.js';
import {
  agentPerformanceIntervals,
  skillSnapshots,
  skillSummaryIntervals,
  summarySkills,
} from '../vendors/cxone/index.js';
import type { DashboardData } from './dashboard-data.js';
import { MissingIdTokenError } from './dashboard-errors.js';
import { INTERVAL_MS, todayWindow } from './dashboard-view.js';
import { createSettledHalfHours } from './settled-half-hours.js';

/** Half-hour summaries requested at once per page: enough to fill a day quickly, few enough to share a connection pool. */
const PARALLEL_SUMMARIES = 6;

export function createCxoneDashboardData(deps: { clock: Clock }): DashboardData<CxoneConfig> {
  const halfHours = createSettledHalfHours(deps.clock, { parallel: PARALLEL_SUMMARIES });
  const ofQueues = (intervals: QueueInterval[], queueIds: string[]) => {
    const wanted = new Set(queueIds);
    return intervals.filter((i) => wanted.has(i.queueId));
  };

  return {
    async me() {
      // identifyUser reads the ID token; CXone's classic API has no "who am I" this dashboard uses.
      throw new MissingIdTokenError();
    },
    queues(access) {
      const day = todayWindow(deps.clock.now());
      return summarySkills(access.client, access.org.name, day.from, day.to, access.signal);
    },
    async snapshots(access, queueIds) {
      const now = deps.clock.now();
      const from = Math.floor(now / INTERVAL_MS) * INTERVAL_MS;
      const wanted = new Set(queueIds);
      const live = await skillSnapshots(
        access.client,
        access.org.name,
        now,
        { from, to: from + INTERVAL_MS },
        access.signal,
      );
      return live.filter((s) => wanted.has(s.queueId));
    },
    async intervals(access, query) {
      const starts: number[] = [];
      for (let start = query.from; start < query.to; start += INTERVAL_MS) starts.push(start);
      // Kept per session client, so nothing read with one user's token reaches another's page.
      const halves = await halfHours.read(access.client, starts, (start) =>
        skillSummaryIntervals(
          access.client,
          access.org.name,
          start,
          Math.min(start + INTERVAL_MS, query.to),
          access.signal,
        ),
      );
      return ofQueues(halves.flat(), query.queueIds);
    },
    async totals(access, query) {
      return ofQueues(
        await skillSummaryIntervals(access.client, access.org.name, query.from, query.to, access.signal),
        query.queueIds,
      );
    },
    async agentActivity(access, window) {
      // agents/performance lists the agents of the skills this user may see, with their totals.
      const rows = await agentPerformanceIntervals(
        access.client,
        access.org.name,
        window.from,
        window.to,
        access.signal,
      );
      return rows.map((r) => ({ agentId: r.agentId, handled: r.handled, handleMs: r.handleMs }));
    },
  };
}
