// CXone's real-time reporting, each read with `updatedSince` so a poll returns only what changed
// since the last one (nothing changed: 204, no rows): `agents/states` (each agent's state, since
// when, and their name), `skills/activity` (a skill's queue and agents now) and `contacts/active`.
// Each answer says the server's poll time, which the next poll passes back as `updatedSince`.
import type { ApiClient } from '../../http/index.js';
import type { Agent, AgentRoutingState, AgentState, Queue, QueueSnapshot } from '../../model/index.js';
import { cxoneGet } from './cxone-pages.js';
import { agentName, toSkillQueue } from './map-to-model.js';
import { activeContactsResponse, agentStatesResponse, skillActivityResponse } from './schemas.js';

export interface RealTimeRead<T> {
  rows: T[];
  /** Pass as the next `updatedSince`; undefined when nothing changed (keep the previous one). */
  pollTime: string | undefined;
}

const STATES: Record<string, AgentRoutingState> = {
  Available: 'idle',
  Unavailable: 'off-queue',
  ACW: 'acw',
  LoggedOut: 'logged-out',
  LoggedIn: 'off-queue',
};

const time = (iso: string | null | undefined, fallback: number) => {
  const ms = Date.parse(iso ?? '');
  return Number.isNaN(ms) ? fallback : ms;
};

export async function agentStates(
  client: ApiClient,
  org: string,
  options: { updatedSince?: string | undefined; now: number; signal?: AbortSignal },
): Promise<RealTimeRead<{ agent: Agent; state: AgentState }>> {
  const data = await cxoneGet(client, 'agents/states', agentStatesResponse, {
    query: { updatedSince: options.updatedSince },
    signal: options.signal,
  });
  if (!data) return { rows: [], pollTime: undefined };
  const rows = data.agentStates.map((r) => {
    const agentId = String(r.agentId);
    const name = agentName(agentId, r);
    // Every contact state (InboundContact, OutboundContact, consults, dialer calls) is work.
    const state = STATES[r.agentStateName] ?? 'interacting';
    return {
      agent: { vendor: 'cxone' as const, org, id: agentId, name, email: undefined },
      state: {
        vendor: 'cxone' as const,
        org,
        agentId,
        state,
        vendorState: r.agentStateName,
        since: time(r.startDate ?? r.lastUpdateTime, options.now),
        reason: state === 'off-queue' && r.outStateDescription ? r.outStateDescription : undefined,
      },
    };
  });
  return { rows, pollTime: data.agentStates.find((r) => r.lastPollTime)?.lastPollTime };
}

export async function skillActivity(
  client: ApiClient,
  org: string,
  options: { updatedSince?: string | undefined; now: number; signal?: AbortSignal },
): Promise<RealTimeRead<{ skill: Queue; serviceLevelTarget: number | undefined; snapshot: QueueSnapshot }>> {
  const data = await cxoneGet(client, 'skills/activity', skillActivityResponse, {
    query: { updatedSince: options.updatedSince },
    signal: options.signal,
  });
  if (!data) return { rows: [], pollTime: undefined };
  const at = time(data.resultSet.lastPollTime, options.now);
  // A dialer's outbound skill is not a queue (its "queue" is dials): only inbound skills are shown.
  const inbound = data.resultSet.skillActivity.filter((s) => s.isOutbound !== true && String(s.isOutbound) !== 'True');
  const rows = inbound.map((s) => {
    const earliest = time(s.earliestQueueTime, Number.NaN);
    const snapshot: QueueSnapshot = {
      vendor: 'cxone',
      org,
      queueId: String(s.skillId),
      at,
      waiting: s.queueCount,
      interacting: s.contactsActive,
      onQueueAgents: s.agentsAvailable + s.agentsWorking + s.agentsACW,
      activeAgents: s.agentsLoggedIn,
      availableAgents: s.agentsAvailable,
      offQueueAgents: s.agentsUnavailable,
      agentsByRoutingStatus: { IDLE: s.agentsAvailable, INTERACTING: s.agentsWorking, ACW: s.agentsACW },
      longestWaitMs: s.queueCount > 0 && !Number.isNaN(earliest) ? Math.max(0, at - earliest) : undefined,
    };
    const goal = s.serviceLevelGoal;
    return { skill: toSkillQueue(org, s), serviceLevelTarget: goal === undefined ? undefined : goal / 100, snapshot };
  });
  return { rows, pollTime: data.resultSet.lastPollTime };
}

export interface ActiveContact {
  contactId: string;
  skillId: string | undefined;
  agentId: string | undefined;
  /** CXone's contact state (InQueue, Active, Hold, ACW…). */
  state: string;
  start: number;
}

export async function activeContacts(
  client: ApiClient,
  options: { updatedSince?: string | undefined; skillId?: string; now: number; signal?: AbortSignal },
): Promise<RealTimeRead<ActiveContact>> {
  const data = await cxoneGet(client, 'contacts/active', activeContactsResponse, {
    query: { updatedSince: options.updatedSince, skillId: options.skillId },
    signal: options.signal,
  });
  if (!data) return { rows: [], pollTime: undefined };
  const rows = data.resultSet.activeContacts.map((r) => ({
    contactId: r.contactId,
    skillId: r.skillId === undefined ? undefined : String(r.skillId),
    agentId: r.agentId ? String(r.agentId) : undefined,
    state: r.state ?? '',
    start: time(r.contactStart, options.now),
  }));
  return { rows, pollTime: data.resultSet.lastPollTime };
}
