// CXone's agent directory: the Admin API's `GET agents`, the only list that names an agent id (the
// reporting API's agent rows carry ids alone). Paged by `skip`/`top` until a page comes back short
// or CXone answers 204 No Content, as singer-io/tap-nice-incontact's agents stream reads it.
import type { ApiClient } from '../../http/index.js';
import type { Agent } from '../../model/index.js';
import { cxoneGet } from './cxone-pages.js';
import { toAgent } from './map-to-model.js';
import { agentList } from './schemas.js';

/** Agents per request; CXone answers at most 10,000 rows per response (the tap's note on this list). */
const AGENTS_PER_PAGE = 1000;

/** Every agent of the business unit the token sees, active or not (history names inactive agents too). */
export async function listCxoneAgents(client: ApiClient, org: string, signal?: AbortSignal): Promise<Agent[]> {
  const out: Agent[] = [];
  for (let skip = 0; ; ) {
    const page = await cxoneGet(client, 'agents', agentList, { query: { skip, top: AGENTS_PER_PAGE }, signal });
    const rows = page?.agents ?? [];
    for (const row of rows) out.push(toAgent(org, row));
    if (rows.length < AGENTS_PER_PAGE) return out;
    skip += rows.length;
  }
}
