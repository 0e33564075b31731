// CXone permission probes: one small request per API the sync streams call (src/sync/streams.ts),
// through the same vendor functions. A test keeps this list equal to the streams.
import type { CxoneConfig } from '../../config/index.js';
import { overLastHour, type ReportProbe } from '../report-probe.js';
import { completedContactPages } from './completed-contacts.js';
import { cxoneGet } from './cxone-pages.js';
import { agentPerformanceIntervals, skillSummaryIntervals } from './reporting-api.js';
import { agentList } from './schemas.js';

const HOUR = 3600_000;

export const CXONE_PROBES: ReportProbe<CxoneConfig>[] = [
  {
    // The directory stream lists every page; one row proves the permission.
    stream: 'directory',
    report: 'agents',
    api: 'GET agents',
    run: async (client) => {
      await cxoneGet(client, 'agents', agentList, { query: { top: 1 } });
    },
  },
  {
    stream: 'skill-intervals',
    report: 'skill intervals',
    api: 'GET skills/summary',
    run: overLastHour(skillSummaryIntervals),
  },
  {
    stream: 'agent-intervals',
    report: 'agent intervals',
    api: 'GET agents/performance',
    run: overLastHour(agentPerformanceIntervals),
  },
  {
    stream: 'contacts',
    report: 'completed contacts',
    api: 'GET contacts/completed',
    run: async (client, org, now) => {
      for await (const _page of completedContactPages(client, org.name, now - HOUR, { top: 1, now })) return;
    },
  },
];
