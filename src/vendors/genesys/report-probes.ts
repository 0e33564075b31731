// Genesys permission probes: one small request per API the sync streams call (src/sync/streams.ts),
// through the same vendor functions. A test keeps this list equal to the streams.
import { z } from 'zod';
import type { GenesysConfig } from '../../config/index.js';
import { type ApiClient, genesysListPages } from '../../http/index.js';
import { overLastHour, type ReportProbe } from '../report-probe.js';
import { conversationDetailPages, queryAgentIntervals, queryQueueIntervals } from './analytics-api.js';

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
    run: overLastHour((client, org, from, to) => queryQueueIntervals(client, org, { from, to, granularity: 'PT30M' })),
  },
  {
    stream: 'agent-intervals',
    report: 'agent intervals',
    api: 'POST /api/v2/analytics/conversations/aggregates/query (by userId)',
    run: overLastHour((client, org, from, to) => queryAgentIntervals(client, org, { from, to, granularity: 'PT30M' })),
  },
  {
    // History windows go through async details jobs, which need the same permission as this query.
    stream: 'conversations',
    report: 'conversations',
    api: 'POST /api/v2/analytics/conversations/details/query',
    run: overLastHour(async (client, org, from, to) => {
      for await (const _page of conversationDetailPages(client, org, { from, to, pageSize: 1 })) return;
    }),
  },
];
