// One small request per API the daemon's sync streams call (src/sync/streams.ts), through the same
// vendor functions, so a missing role shows here and not hours later in the daemon's log. Each
// probe names its stream; a test keeps this list equal to the streams.

import { z } from 'zod';
import type { CxoneConfig, GenesysConfig } from '../config/index.js';
import { type ApiClient, genesysListPages } from '../http/index.js';
import { agentPerformanceIntervals, completedContactPages, skillSummaryIntervals } from '../vendors/cxone/index.js';
import { conversationDetailPages, queryAgentIntervals, queryQueueIntervals } from '../vendors/genesys/index.js';

export interface ReportProbe<Org> {
  /** The sync stream (name after `vendor:org:`) that calls this API. */
  stream: string;
  report: string;
  api: string;
  run(client: ApiClient, org: Org, now: number): Promise<void>;
}

const HOUR = 3600_000;
/** The last whole hour: small, finished, and inside every vendor's query limits. */
const lastHour = (now: number): [number, number] => {
  const to = Math.floor(now / HOUR) * HOUR;
  return [to - HOUR, to];
};

/** The directory stream lists every page; one row of the first page proves the permission. */
const firstListPage = (path: string) => async (client: ApiClient) => {
  for await (const _page of genesysListPages(client, path, z.unknown(), { pageSize: 1 })) return;
};

export const GENESYS_PROBES: ReportProbe<GenesysConfig>[] = [
  {
    stream: 'directory',
    report: 'queues',
    api: 'GET /api/v2/routing/queues',
    run: firstListPage('/api/v2/routing/queues'),
  },
  { stream: 'directory', report: 'users', api: 'GET /api/v2/users', run: firstListPage('/api/v2/users') },
  {
    stream: 'queue-intervals',
    report: 'queue intervals',
    api: 'POST /api/v2/analytics/conversations/aggregates/query',
    run: async (client, org, now) => {
      const [from, to] = lastHour(now);
      await queryQueueIntervals(client, org.name, { from, to, granularity: 'PT30M' });
    },
  },
  {
    stream: 'agent-intervals',
    report: 'agent intervals',
    api: 'POST /api/v2/analytics/conversations/aggregates/query (by userId)',
    run: async (client, org, now) => {
      const [from, to] = lastHour(now);
      await queryAgentIntervals(client, org.name, { from, to, granularity: 'PT30M' });
    },
  },
  {
    // History windows go through async details jobs, which need the same permission as this query.
    stream: 'conversations',
    report: 'conversations',
    api: 'POST /api/v2/analytics/conversations/details/query',
    run: async (client, org, now) => {
      const [from, to] = lastHour(now);
      for await (const _page of conversationDetailPages(client, org.name, { from, to, pageSize: 1 })) return;
    },
  },
];

export const CXONE_PROBES: ReportProbe<CxoneConfig>[] = [
  {
    stream: 'skill-intervals',
    report: 'skill intervals',
    api: 'GET skills/summary',
    run: async (client, org, now) => {
      const [from, to] = lastHour(now);
      await skillSummaryIntervals(client, org.name, from, to);
    },
  },
  {
    stream: 'agent-intervals',
    report: 'agent intervals',
    api: 'GET agents/performance',
    run: async (client, org, now) => {
      const [from, to] = lastHour(now);
      await agentPerformanceIntervals(client, org.name, from, to);
    },
  },
  {
    stream: 'contacts',
    report: 'completed contacts',
    api: 'GET contacts/completed',
    run: async (client, org, now) => {
      for await (const _page of completedContactPages(client, org.name, now - HOUR, { top: 1 })) return;
    },
  },
];
