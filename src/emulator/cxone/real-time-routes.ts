// CXone real-time reporting on the emulator, from the same traffic and agent statuses as the Genesys
// side: `agents/states` -> `agentStates`, `skills/activity` -> `resultSet.skillActivity`,
// `contacts/active` -> `resultSet.activeContacts` (shapes of NICE's published request/response
// samples). Each takes `updatedSince` and lists only what changed after it, with `lastPollTime` (the
// server's now) for the next poll; nothing changed is 204 No Content, as CXone's reports answer.
// Only the caller's skills, and the agents on them, are visible.
import type { Context, Hono } from 'hono';
import type { EmulatorContext } from '../emulator-context.js';
import { CXONE_PERMISSIONS, type SeedQueue } from '../seed-org.js';
import { type AgentStatus, agentStatuses } from '../traffic/agent-status.js';
import { conversationsBetween, LONGEST_CONVERSATION_MS, phaseAt, type SimConversation } from '../traffic/traffic.js';
import { agentNames } from './cxone-catalog.js';
import { authorizeCxone, badRequest } from './cxone-request.js';
import { skillStats } from './skill-stats.js';

const MEDIA: Record<string, [number, string]> = { voice: [4, 'Phone Call'], chat: [3, 'Chat'], email: [1, 'E-Mail'] };
const DAY = 86_400_000;

/** CXone's agent state for the emulator's routing status, with when it began. */
interface CxoneAgentState {
  agentStateId: number;
  agentStateName: 'Available' | 'Unavailable' | 'InboundContact' | 'ACW';
  since: number;
  outStateId: number;
  outStateDescription: string;
  contact: SimConversation | undefined;
}

function cxoneState(status: AgentStatus, contact: SimConversation | undefined): CxoneAgentState {
  const base = { outStateId: 0, outStateDescription: '', contact: undefined };
  if (status.status === 'INTERACTING' && contact)
    return { ...base, agentStateId: 4, agentStateName: 'InboundContact', since: status.since, contact };
  if (status.status === 'IDLE') return { ...base, agentStateId: 1, agentStateName: 'Available', since: status.since };
  return {
    agentStateId: 2,
    agentStateName: 'Unavailable',
    since: status.since,
    outStateId: status.status === 'NOT_RESPONDING' ? 10 : 11,
    outStateDescription: status.status === 'NOT_RESPONDING' ? 'Refused' : 'Break',
    contact: undefined,
  };
}

export function mountCxoneRealTime(app: Hono, ctx: EmulatorContext): void {
  const { org, traffic } = ctx;
  const base = '/inContactAPI/services/:version';
  const team = (id: number) => org.cxone.teams.find((t) => t.id === id);
  const iso = (ms: number) => new Date(ms).toISOString();

  /** `updatedSince` as epoch ms (0 when absent: everything); a 400 Response when malformed. */
  const since = (c: Context): number | Response => {
    const value = c.req.query('updatedSince');
    if (value === undefined || value === '') return 0;
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? badRequest(c, 'updatedSince must be an ISO 8601 date-time') : ms;
  };

  /** The moment of the traffic: contacts under way and every agent's state, with their contacts. */
  const moment = (now: number) => {
    const recent = traffic.conversationsStarting(now - LONGEST_CONVERSATION_MS, now + 1);
    const byId = new Map(recent.map((c) => [c.id, c]));
    const statuses = agentStatuses(org, recent, now);
    const states = new Map<string, CxoneAgentState>();
    for (const [id, status] of statuses) {
      const contact = status.conversationId ? byId.get(status.conversationId) : undefined;
      states.set(id, agentState(status, contact, now));
    }
    const live = recent.flatMap((c) => {
      const phase = phaseAt(c, now);
      return phase ? [{ contact: c, phase }] : [];
    });
    return { states, live };
  };

  app.get(`${base}/agents/states`, (c) => {
    const principal = authorizeCxone(ctx, c, CXONE_PERMISSIONS.agents);
    if (principal instanceof Response) return principal;
    const from = since(c);
    if (from instanceof Response) return from;
    const now = ctx.clock.now();
    const { states } = moment(now);
    const skills = org.queues.filter((q) => principal.visibleQueueIds.has(q.id));
    const agentStates = org.users
      .filter((u) => skills.some((q) => q.memberIds.includes(u.id)))
      .flatMap((u) => {
        const s = states.get(u.id);
        if (!s || s.since <= from) return [];
        const skill = s.contact ? org.queues.find((q) => q.id === s.contact?.queueId) : undefined;
        const [mediaType, mediaName] = skill ? (MEDIA[skill.mediaType] ?? [0, '']) : [0, ''];
        return [
          {
            agentId: u.cxoneAgentId,
            agentStateId: s.agentStateId,
            agentStateName: s.agentStateName,
            businessUnitId: org.cxone.businessUnitId,
            contactId: s.contact ? s.contact.id : 0,
            isActive: true,
            isAcw: s.agentStateName === 'ACW',
            isOutbound: false,
            ...agentNames(u),
            fromAddress: s.contact ? s.contact.ani.replace('tel:', '') : '',
            lastPollTime: iso(now),
            lastUpdateTime: iso(s.since),
            mediaName,
            mediaType,
            openContacts: s.contact ? 1 : 0,
            outStateDescription: s.outStateDescription,
            outStateId: s.outStateId,
            skillId: skill?.skillId ?? 0,
            skillName: skill?.name ?? '',
            startDate: iso(s.since),
            stationId: 0,
            stationPhoneNumber: '',
            teamId: u.cxoneTeamId,
            teamName: team(u.cxoneTeamId)?.name ?? '',
            toAddress: '',
            userName: u.email,
          },
        ];
      });
    return agentStates.length === 0 ? c.body(null, 204) : c.json({ agentStates });
  });

  app.get(`${base}/skills/activity`, (c) => {
    const principal = authorizeCxone(ctx, c, CXONE_PERMISSIONS.reporting);
    if (principal instanceof Response) return principal;
    const from = since(c);
    if (from instanceof Response) return from;
    const now = ctx.clock.now();
    const { states, live } = moment(now);
    const dayStart = Math.floor(now / DAY) * DAY;
    const ended = conversationsBetween(traffic, dayStart, now, now);
    const skillActivity = org.queues
      .filter((q) => principal.visibleQueueIds.has(q.id))
      .flatMap((q) => {
        const row = skillRow(q, now);
        return row.changedAt > from ? [row.fields] : [];
      });

    function skillRow(q: SeedQueue, at: number) {
      const here = live.filter((x) => x.contact.queueId === q.id);
      const waiting = here.filter((x) => x.phase === 'waiting').map((x) => x.contact);
      const members = q.memberIds.map((id) => states.get(id)).filter((s): s is CxoneAgentState => s !== undefined);
      const count = (name: CxoneAgentState['agentStateName']) =>
        members.filter((s) => s.agentStateName === name).length;
      const stats = skillStats(
        q,
        ended.filter((x) => x.queueId === q.id),
      );
      const [mediaTypeId, mediaTypeName] = MEDIA[q.mediaType] ?? [0, 'Other'];
      // The last moment anything in the skill changed: a contact arriving, answered or ending, an agent's state.
      const changedAt = Math.max(
        0,
        ...members.map((s) => s.since),
        ...here.map((x) => lastPhaseChange(x.contact, at)),
        ...stats.ended.map((x) => x.end),
      );
      const oldest = waiting.reduce<number | undefined>(
        (m, x) => (m === undefined || x.start < m ? x.start : m),
        undefined,
      );
      return {
        changedAt,
        fields: {
          serverTime: iso(at),
          businessUnitId: org.cxone.businessUnitId,
          agentsACW: count('ACW'),
          agentsAvailable: count('Available'),
          agentsIdle: count('Available'),
          agentsLoggedIn: members.length,
          agentsUnavailable: count('Unavailable'),
          agentsWorking: count('InboundContact'),
          campaignId: 0,
          campaignName: '',
          contactsActive: here.filter((x) => x.phase !== 'waiting').length,
          earliestQueueTime: oldest === undefined ? null : iso(oldest),
          isActive: true,
          inSLA: stats.withinSla,
          isOutbound: false,
          mediaTypeId,
          mediaTypeName,
          outSLA: stats.outOfSla,
          queueCount: waiting.length,
          serviceLevel: stats.serviceLevel,
          serviceLevelGoal: q.serviceLevel.percent,
          serviceLevelThreshold: q.serviceLevel.thresholdSeconds,
          skillName: q.name,
          skillId: q.skillId,
          skillQueueCount: waiting.length,
          personalQueueCount: 0,
          parkedCount: 0,
        },
      };
    }
    return skillActivity.length === 0
      ? c.body(null, 204)
      : c.json({ resultSet: { lastPollTime: iso(now), skillActivity } });
  });

  app.get(`${base}/contacts/active`, (c) => {
    const principal = authorizeCxone(ctx, c, CXONE_PERMISSIONS.reporting);
    if (principal instanceof Response) return principal;
    const from = since(c);
    if (from instanceof Response) return from;
    const skillFilter = c.req.query('skillId');
    const now = ctx.clock.now();
    const { live } = moment(now);
    const activeContacts = live
      .filter(({ contact }) => principal.visibleQueueIds.has(contact.queueId))
      .map(({ contact, phase }) => ({ contact, phase, skill: org.queues.find((q) => q.id === contact.queueId) }))
      .filter(
        ({ skill, contact }) =>
          skill && (!skillFilter || String(skill.skillId) === skillFilter) && lastPhaseChange(contact, now) > from,
      )
      .map(({ contact, phase, skill }) => {
        const agent = contact.agentId ? org.users.find((u) => u.id === contact.agentId) : undefined;
        const inQueue = phase === 'waiting';
        const [mediaType, mediaTypeName] = MEDIA[contact.mediaType] ?? [0, 'Other'];
        return {
          agentId: inQueue || !agent ? 0 : agent.cxoneAgentId,
          campaignId: 0,
          campaignName: '',
          contactId: contact.id,
          contactStart: iso(contact.start),
          fileName: '',
          ...(inQueue || !agent ? { firstName: '', lastName: '' } : agentNames(agent)),
          fromAddr: contact.ani.replace('tel:', ''),
          isLogged: false,
          isOutbound: false,
          isTakeover: false,
          lastUpdateTime: iso(lastPhaseChange(contact, now)),
          masterContactId: contact.id,
          mediaType,
          mediaTypeName,
          pointOfContactId: 0,
          pointOfContactName: '',
          skillId: skill?.skillId ?? 0,
          skillName: skill?.name ?? '',
          state: CONTACT_STATES[phase],
          stateId: CONTACT_STATE_IDS[phase],
          targetAgentId: 0,
          teamId: agent?.cxoneTeamId ?? 0,
          teamName: agent ? (team(agent.cxoneTeamId)?.name ?? '') : '',
          toAddr: '',
          transferIndicatorId: '',
          transferIndicatorName: '',
        };
      });
    return activeContacts.length === 0
      ? c.body(null, 204)
      : c.json({ resultSet: { businessUnitId: org.cxone.businessUnitId, lastPollTime: iso(now), activeContacts } });
  });
}

const CONTACT_STATES = { waiting: 'InQueue', alerting: 'Routing', interacting: 'Active', held: 'Hold', wrapup: 'ACW' };
const CONTACT_STATE_IDS = { waiting: 10, alerting: 11, interacting: 12, held: 13, wrapup: 14 };

/** When the contact last moved to its current phase at `at`. */
function lastPhaseChange(c: SimConversation, at: number): number {
  const answered = c.start + c.waitMs;
  const talking = answered + c.alertMs;
  const held = talking + c.talkMs;
  const wrap = held + c.holdMs;
  return [wrap, held, talking, answered, c.start].find((t) => t <= at) ?? c.start;
}

/** CXone's agent state now: InboundContact while on a contact, ACW in its after-call work. */
function agentState(status: AgentStatus, contact: SimConversation | undefined, now: number): CxoneAgentState {
  const state = cxoneState(status, contact);
  if (state.agentStateName !== 'InboundContact' || !contact) return state;
  const wrapFrom = contact.start + contact.waitMs + contact.alertMs + contact.talkMs + contact.holdMs;
  return now >= wrapFrom ? { ...state, agentStateId: 5, agentStateName: 'ACW', since: wrapFrom } : state;
}
