// Each agent's Genesys routing status at a moment, derived from the traffic: an agent with a contact
// under way (alerting, talking, held or in after-call work) is INTERACTING; otherwise the agent is on
// queue for most of each hour (IDLE, now and then NOT_RESPONDING after a missed alert) or OFF_QUEUE.
// One definition for queue observations and any per-user live view, so they always agree. Each
// status also says since when it holds (time in status): INTERACTING since the answer of the
// agent's earliest contact under way, the others since the later of the last contact's end and the
// hour the roster changed.
import { hashString } from '../random.js';
import type { SeedOrg } from '../seed-org.js';
import { LONGEST_CONVERSATION_MS, type SimConversation, type Traffic } from './traffic.js';

/** Genesys routing statuses the emulator produces (the vendor also has COMMUNICATING, for non-ACD calls). */
export type RoutingStatus = 'OFF_QUEUE' | 'IDLE' | 'INTERACTING' | 'NOT_RESPONDING';

export interface AgentStatus {
  status: RoutingStatus;
  /** Epoch ms the status began. */
  since: number;
  /** The contact the agent is on, when INTERACTING (the earliest answered one) and its queue. */
  conversationId: string | undefined;
  queueId: string | undefined;
}

const HOUR = 3600_000;
/** How far back the roster is followed to find when an agent's rostered status began. */
const ROSTER_LOOKBACK_HOURS = 24;

/** The status an agent without a contact has in the hour of `atMs`; deterministic per (agent, hour). */
function rostered(userId: string, atMs: number): RoutingStatus {
  const roll = hashString(`${userId}:${Math.floor(atMs / HOUR)}`) % 100;
  return roll < 70 ? 'IDLE' : roll < 75 ? 'NOT_RESPONDING' : 'OFF_QUEUE';
}

/** The start of the hour run in which the agent has had its current rostered status (at most a day back). */
function rosterSince(userId: string, atMs: number): number {
  const now = rostered(userId, atMs);
  let hourStart = Math.floor(atMs / HOUR) * HOUR;
  for (let i = 0; i < ROSTER_LOOKBACK_HOURS && rostered(userId, hourStart - 1) === now; i++) hourStart -= HOUR;
  return hourStart;
}

/**
 * Every agent's status at `atMs` from the contacts that started within LONGEST_CONVERSATION_MS
 * before it (`recent`, as `traffic.conversationsStarting` lists them; later ones are ignored).
 */
export function agentStatuses(
  org: SeedOrg,
  recent: readonly SimConversation[],
  atMs: number,
): Map<string, AgentStatus> {
  const busy = new Map<string, { since: number; conversationId: string; queueId: string }>();
  const lastEnd = new Map<string, number>();
  for (const c of recent) {
    if (!c.agentId || c.start > atMs) continue;
    const answeredAt = c.start + c.waitMs;
    if (answeredAt <= atMs && atMs < c.end) {
      const current = busy.get(c.agentId);
      if (!current || answeredAt < current.since)
        busy.set(c.agentId, { since: answeredAt, conversationId: c.id, queueId: c.queueId });
    } else if (c.end <= atMs) {
      lastEnd.set(c.agentId, Math.max(lastEnd.get(c.agentId) ?? 0, c.end));
    }
  }
  const out = new Map<string, AgentStatus>();
  for (const user of org.users) {
    if (user.role !== 'agent') continue;
    const onContact = busy.get(user.id);
    if (onContact) {
      out.set(user.id, { status: 'INTERACTING', ...onContact });
      continue;
    }
    out.set(user.id, {
      status: rostered(user.id, atMs),
      since: Math.max(lastEnd.get(user.id) ?? 0, rosterSince(user.id, atMs)),
      conversationId: undefined,
      queueId: undefined,
    });
  }
  return out;
}

/** Every agent's routing status at `atMs` (agents not listed are off queue). */
export function routingStatuses(org: SeedOrg, traffic: Traffic, atMs: number): Map<string, RoutingStatus> {
  const recent = traffic.conversationsStarting(atMs - LONGEST_CONVERSATION_MS, atMs + 1);
  return new Map([...agentStatuses(org, recent, atMs)].map(([id, s]) => [id, s.status]));
}
