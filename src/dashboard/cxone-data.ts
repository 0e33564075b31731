// DashboardData for NICE CXone on the classic reporting API, each request with the signed-in user's
// own token (CXone filters skills by the user's security profile): skills and live counts from
// `skills/summary`, today's half-hours (settled ones re-read less often) and totals from
// `skillSummaryIntervals`, and each agent's work today from `agents/performance`.
import { z } from 'zod';
import type { CxoneConfig } from '../config/index.js';
import type { Clock, Logger } from '../core/index.js';
import { type ApiClient, createApiClient } from '../http/index.js';
import type { QueueInterval } from '../model/index.js';
import {
  agentPerformanceIntervals,
  cxoneGet,
  discoverCxoneApiBase,
  skillSummaryIntervals,
} from '../vendors/cxone/index.js';
import type { DashboardData, UserAccess } from './dashboard-data.js';
import { MissingIdTokenError } from './dashboard-errors.js';
import { INTERVAL_MS, todayWindow } from './dashboard-view.js';
import { createSettledHalfHours } from './settled-half-hours.js';

const num = z.coerce.number();
/** The `skills/summary` fields the live table needs; CXone sends numbers as strings. */
const skillRows = z.object({
  skillSummaries: z.array(
    z.object({
      skillId: num,
      skillName: z.string().optional(),
      contactsQueued: num.optional(),
      contactsActive: num.optional(),
      agentsLoggedIn: num.optional(),
      agentsAvailable: num.optional(),
    }),
  ),
});

/** Half-hour summaries requested at once per page: enough to fill a day quickly, few enough to share a connection pool. */
const PARALLEL_SUMMARIES = 6;

export function createCxoneDashboardData(deps: { clock: Clock; logger: Logger }): DashboardData<CxoneConfig> {
  // The API base is the tenant's, not the user's: discovered once per org, again only after a failure.
  const bases = new WeakMap<CxoneConfig, Promise<string>>();
  const apiBase = (org: CxoneConfig) => {
    let base = bases.get(org);
    if (!base) {
      base = discoverCxoneApiBase(org).then((d) => d.apiBase);
      base.catch(() => bases.delete(org));
      bases.set(org, base);
    }
    return base;
  };
  // No client-side rate budget: a refresh costs 6 requests (a first page up to 52), NICE publishes no
  // per-user limit to budget against, and a 429 still waits out its Retry-After in the request pipeline.
  const client = async (access: UserAccess<CxoneConfig>): Promise<ApiClient> =>
    createApiClient({
      vendor: 'cxone',
      baseUrl: await apiBase(access.org),
      tokens: access.tokens,
      clock: deps.clock,
      logger: deps.logger,
    });
  const summary = async (access: UserAccess<CxoneConfig>, from: number, to: number) => {
    const data = await cxoneGet(await client(access), 'skills/summary', skillRows, {
      query: { startDate: new Date(from).toISOString(), endDate: new Date(to).toISOString() },
      signal: access.signal,
    });
    // 204 No Content: no skill this user may see.
    return data?.skillSummaries ?? [];
  };
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
    async queues(access) {
      const day = todayWindow(deps.clock.now());
      const skills = await summary(access, day.from, day.to);
      return skills.map((s) => ({
        vendor: 'cxone',
        org: access.org.name,
        id: String(s.skillId),
        name: s.skillName ?? `Skill ${s.skillId}`,
        // The summary's media type reaches the page through the skill's intervals.
        mediaType: undefined,
        divisionId: undefined,
      }));
    },
    async snapshots(access, queueIds) {
      const now = deps.clock.now();
      const period = Math.floor(now / INTERVAL_MS) * INTERVAL_MS;
      const wanted = new Set(queueIds);
      const skills = await summary(access, period, period + INTERVAL_MS);
      return skills.flatMap((s) => {
        const id = String(s.skillId);
        const { contactsQueued, contactsActive, agentsLoggedIn } = s;
        // All three or none: the page shows a dash for a queue without live numbers, never a made-up 0.
        if (
          !wanted.has(id) ||
          contactsQueued === undefined ||
          contactsActive === undefined ||
          agentsLoggedIn === undefined
        )
          return [];
        return [
          {
            vendor: 'cxone' as const,
            org: access.org.name,
            queueId: id,
            at: now,
            waiting: contactsQueued,
            interacting: contactsActive,
            onQueueAgents: agentsLoggedIn,
            activeAgents: agentsLoggedIn,
            availableAgents: s.agentsAvailable,
          },
        ];
      });
    },
    async intervals(access, query) {
      const api = await client(access);
      const starts: number[] = [];
      for (let start = query.from; start < query.to; start += INTERVAL_MS) starts.push(start);
      const halves = await halfHours.read(access.tokens, starts, (start) =>
        skillSummaryIntervals(api, access.org.name, start, Math.min(start + INTERVAL_MS, query.to), access.signal),
      );
      return ofQueues(halves.flat(), query.queueIds);
    },
    async totals(access, query) {
      const api = await client(access);
      return ofQueues(
        await skillSummaryIntervals(api, access.org.name, query.from, query.to, access.signal),
        query.queueIds,
      );
    },
    async agentActivity(access, window) {
      // agents/performance lists the agents of the skills this user may see, with their totals.
      const rows = await agentPerformanceIntervals(
        await client(access),
        access.org.name,
        window.from,
        window.to,
        access.signal,
      );
      return rows.map((r) => ({ agentId: r.agentId, handled: r.handled, handleMs: r.handleMs }));
    },
  };
}
