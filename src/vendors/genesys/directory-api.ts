// Genesys queues and users, following the list paging to the end, and who a user token belongs to.
import { type ApiClient, genesysListPages } from '../../http/index.js';
import type { Agent, Queue } from '../../model/index.js';
import { toAgent, toQueue } from './map-to-model.js';
import { currentUserEntity, queueEntity, userEntity } from './schemas.js';

export async function listQueues(client: ApiClient, org: string, signal?: AbortSignal): Promise<Queue[]> {
  const out: Queue[] = [];
  for await (const page of genesysListPages(client, '/api/v2/routing/queues', queueEntity, { pageSize: 100, signal })) {
    for (const q of page) out.push(toQueue(org, q));
  }
  return out;
}

export async function listAgents(client: ApiClient, org: string, signal?: AbortSignal): Promise<Agent[]> {
  const out: Agent[] = [];
  for await (const page of genesysListPages(client, '/api/v2/users', userEntity, { pageSize: 100, signal })) {
    for (const u of page) out.push(toAgent(org, u));
  }
  return out;
}

/** The signed-in user of a user token (a client-credentials token has none: the vendor answers 4xx). */
export async function currentUser(client: ApiClient, signal?: AbortSignal): Promise<{ id: string; name: string }> {
  const { data } = await client.request({ method: 'GET', path: '/api/v2/users/me', schema: currentUserEntity, signal });
  return { id: data.id, name: data.name };
}
