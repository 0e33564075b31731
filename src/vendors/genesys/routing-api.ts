// Who works a queue, with their routing status now: GET /api/v2/routing/queues/{id}/members
// (expand=routingStatus,presence), paged to the end. The supervisor's own agents, not the directory.
import { type ApiClient, genesysListPages } from '../../http/index.js';
import type { Agent, AgentState } from '../../model/index.js';
import { toAgentState } from './map-to-model.js';
import { queueMember } from './schemas.js';

export interface QueueMembers {
  agents: Agent[];
  states: AgentState[];
}

export async function queueMembers(
  client: ApiClient,
  org: string,
  queueId: string,
  options: { now: number; signal?: AbortSignal },
): Promise<QueueMembers> {
  const out: QueueMembers = { agents: [], states: [] };
  const path = `/api/v2/routing/queues/${encodeURIComponent(queueId)}/members`;
  for await (const page of genesysListPages(client, path, queueMember, {
    pageSize: 100,
    query: { expand: 'routingStatus,presence' },
    signal: options.signal,
  })) {
    for (const m of page) {
      out.agents.push({ vendor: 'genesys', org, id: m.id, name: m.name, email: m.user?.email });
      const presence = m.user?.presence;
      if (m.routingStatus)
        out.states.push(
          toAgentState(
            org,
            m.id,
            m.routingStatus,
            presence && {
              systemPresence: presence.presenceDefinition?.systemPresence,
              modifiedDate: presence.modifiedDate,
            },
            options.now,
          ),
        );
    }
  }
  return out;
}
