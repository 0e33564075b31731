// Genesys queues and users, following the list paging to the end.
import { type ApiClient, genesysListPages } from '../../http/index.js';
import type { Agent, Queue } from '../../model/index.js';
import { toAgent, toQueue } from './map-to-model.js';
import { queueEntity, userEntity } from './schemas.js';

export async function listQueues(client: ApiClient, org: string, signal?: AbortSignal): Promise<Queue[]> {
  const out: Queue[] = [];
  for await (const page of genesysListPages(client, '/api/v2/routing/queues', queueEntity, { pageSize: 100, signal })) {
    out.push(...page.map((q) => toQueue(org, q)));
  }
  return out;
}

export async function listAgents(client: ApiClient, org: string, signal?: AbortSignal): Promise<Agent[]> {
  const out: Agent[] = [];
  for await (const page of genesysListPages(client, '/api/v2/users', userEntity, { pageSize: 100, signal })) {
    out.push(...page.map((u) => toAgent(org, u)));
  }
  return out;
}
