// DashboardData for Genesys Cloud on the vendors layer: queues and users from the directory, live
// numbers from queue observations, today's half-hours from conversation aggregates — each request
// with the user's token and the per-user rate budget.
import { z } from 'zod';
import type { GenesysConfig } from '../config/index.js';
import type { Clock, Logger } from '../core/index.js';
import {
  connectGenesys,
  listAgents,
  listQueues,
  queryQueueIntervals,
  queueSnapshots,
} from '../vendors/genesys/index.js';
import type { DashboardData, UserAccess } from './dashboard-data.js';

const userMe = z.object({ id: z.string(), name: z.string() });

export function createGenesysDashboardData(deps: { clock: Clock; logger: Logger }): DashboardData<GenesysConfig> {
  const client = (access: UserAccess<GenesysConfig>) =>
    connectGenesys(access.org, { tokens: access.tokens, clock: deps.clock, logger: deps.logger });
  return {
    async me(access) {
      const { data } = await client(access).request({
        method: 'GET',
        path: '/api/v2/users/me',
        schema: userMe,
        signal: access.signal,
      });
      return { id: data.id, name: data.name };
    },
    queues: (access) => listQueues(client(access), access.org.name, access.signal),
    snapshots: (access, queueIds) =>
      queueSnapshots(client(access), access.org.name, queueIds, { clock: deps.clock, signal: access.signal }),
    intervals: (access, query) =>
      queryQueueIntervals(
        client(access),
        access.org.name,
        { from: query.from, to: query.to, granularity: 'PT30M', queueIds: query.queueIds },
        access.signal,
      ),
    agents: (access) => listAgents(client(access), access.org.name, access.signal),
  };
}
