// Each agent's Genesys routing status at a moment, derived from the traffic: an agent with a contact
// under way (alerting, talking, held or in after-call work) is INTERACTING; otherwise the agent is on
// queue for most of each hour (IDLE, now and then NOT_RESPONDING after a missed alert) or OFF_QUEUE.
// One definition for queue observations and any per-user live view, so they always agree.
import { hashString } from '../random.js';
import type { SeedOrg } from '../seed-org.js';
import { conversationsInProgress, type Traffic } from './traffic.js';

/** Genesys routing statuses the emulator produces (the vendor also has COMMUNICATING, for non-ACD calls). */
export type RoutingStatus = 'OFF_QUEUE' | 'IDLE' | 'INTERACTING' | 'NOT_RESPONDING';

/** Every agent's routing status at `atMs` (agents not listed are off queue). */
export function routingStatuses(org: SeedOrg, traffic: Traffic, atMs: number): Map<string, RoutingStatus> {
  const busy = new Set<string>();
  for (const { conversation, phase } of conversationsInProgress(traffic, atMs))
    if (conversation.agentId && phase !== 'waiting') busy.add(conversation.agentId);
  const out = new Map<string, RoutingStatus>();
  for (const user of org.users) {
    if (user.role !== 'agent') continue;
    if (busy.has(user.id)) {
      out.set(user.id, 'INTERACTING');
      continue;
    }
    // Deterministic per (agent, hour), so every request within the hour agrees.
    const roll = hashString(`${user.id}:${Math.floor(atMs / 3600_000)}`) % 100;
    out.set(user.id, roll < 70 ? 'IDLE' : roll < 75 ? 'NOT_RESPONDING' : 'OFF_QUEUE');
  }
  return out;
}
