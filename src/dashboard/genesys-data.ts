// DashboardData for Genesys Cloud on the vendors layer: queues and users from the directory, live
// numbers from queue observations, today's half-hours from conversation aggregates — each request
// through the session's own client (the user's token, the per-user rate budget).
import type { GenesysConfig } from '../config/index.js';
import type { Clock } from '../core/index.js';
import { currentUser, listAgents, listQueues, queryQueueIntervals, queueSnapshots } from '../vendors/genesys/index.js';
import type { DashboardData } from './dashboard-data.js';

export function createGenesysDashboardData(deps: { clock: Clock }): DashboardData<GenesysConfig> {
  return {
    me: (access) => currentUser(access.client, access.signal),
    queues: (access) => listQueues(access.client, access.org.name, access.signal),
    snapshots: (access, queueIds) =>
      queueSnapshots(access.client, access.org.name, queueIds, { clock: deps.clock, signal: access.signal }),
    intervals: (access, query) =>
      queryQueueIntervals(
        access.client,
        access.org.name,
        { from: query.from, to: query.to, granularity: 'PT30M', queueIds: query.queueIds },
        access.signal,
      ),
    agents: (access) => listAgents(access.client, access.org.name, access.signal),
  };
}
