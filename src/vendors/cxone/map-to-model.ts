// CXone reporting shapes -> the vendor-neutral model. Skills are CXone's queues.
import type {
  AgentInterval,
  Conversation,
  MediaType,
  Queue,
  QueueInterval,
  QueueSnapshot,
  SourceKey,
} from '../../model/index.js';
import type {
  AgentPerformanceRow,
  CompletedContact,
  ServiceLevelSummary,
  SkillSummary,
  TeamPerformanceRow,
} from './schemas.js';

const MEDIA: Record<string, MediaType> = {
  call: 'voice',
  phone: 'voice',
  chat: 'chat',
  email: 'email',
  sms: 'message',
  digital: 'message',
};
const media = (name: string | undefined): MediaType => MEDIA[(name ?? '').toLowerCase()] ?? 'other';

/** A skill summary covers [from, to); averages (seconds) become sums (ms) so intervals add up. */
export function toQueueInterval(org: string, from: number, to: number, s: SkillSummary): QueueInterval {
  const handled = s.contactsHandled;
  const sumMs = (averageSeconds: number) => Math.round(averageSeconds * handled * 1000);
  return {
    vendor: 'cxone',
    org,
    queueId: String(s.skillId),
    intervalStart: from,
    intervalEnd: to,
    mediaType: media(s.mediaTypeName),
    offered: s.contactsOffered,
    answered: handled,
    abandoned: s.abandonCount,
    transferred: 0,
    waitMs: sumMs(s.averageSpeedToAnswer),
    answerWaitMs: sumMs(s.averageSpeedToAnswer),
    talkMs: sumMs(s.averageTalkTime),
    holdMs: s.holdTime * 1000,
    acwMs: sumMs(s.averageWrapTime),
    handleMs: sumMs(s.averageHandleTime),
    serviceLevelNumerator: s.contactsWithinSLA,
    serviceLevelDenominator: s.contactsWithinSLA + s.contactsOutOfSLA,
    serviceLevelTarget: s.serviceLevelGoal === undefined ? undefined : s.serviceLevelGoal / 100,
  };
}

/** A skill as a queue; its media type reaches pages through the skill's intervals. */
export function toSkillQueue(org: string, s: SkillSummary): Queue {
  return {
    vendor: 'cxone',
    org,
    id: String(s.skillId),
    name: s.skillName ?? `Skill ${s.skillId}`,
    mediaType: undefined,
    divisionId: undefined,
  };
}

/** A skill's live counts at `at`; undefined unless all three are given (a page shows a dash, never a made-up 0). */
export function toSkillSnapshot(org: string, at: number, s: SkillSummary): QueueSnapshot | undefined {
  const { contactsQueued, contactsActive, agentsLoggedIn } = s;
  if (contactsQueued === undefined || contactsActive === undefined || agentsLoggedIn === undefined) return undefined;
  return {
    vendor: 'cxone',
    org,
    queueId: String(s.skillId),
    at,
    waiting: contactsQueued,
    interacting: contactsActive,
    onQueueAgents: agentsLoggedIn,
    activeAgents: agentsLoggedIn,
    availableAgents: s.agentsAvailable,
  };
}

export function toConversation(org: string, c: CompletedContact): Conversation {
  const start = Date.parse(c.contactStart);
  return {
    vendor: 'cxone',
    org,
    id: c.contactId,
    start,
    end: start + c.totalDurationSeconds * 1000,
    direction: c.isOutbound === true || c.isOutbound === 'true' ? 'outbound' : 'inbound',
    mediaType: media(c.mediaTypeName),
    queueIds: c.skillId === undefined ? [] : [String(c.skillId)],
    agentIds: c.agentId === undefined ? [] : [String(c.agentId)],
    answered: !c.abandoned,
    abandoned: c.abandoned,
    waitMs: c.inQueueSeconds * 1000,
    handleMs: c.abandoned ? undefined : (c.agentSeconds + c.ACWSeconds) * 1000,
    wrapUpCode: c.dispositionName,
    lastUpdated: c.lastUpdateTime ? Date.parse(c.lastUpdateTime) : undefined,
    // The classic completed-contacts report carries no per-segment detail.
    participants: [],
  };
}

type PerformanceSums = Pick<
  AgentInterval,
  'handled' | 'talkMs' | 'holdMs' | 'acwMs' | 'handleMs' | 'onQueueMs' | 'idleMs'
>;

/**
 * CXone's performance times as the model's sums. inboundTime/outboundTime are handle time (talk, hold
 * and after-call work), talk times exclude hold, and no hold time is sent: hold is what the handle
 * time leaves after talk and after-call work. Available time is idle on queue; on queue is idle plus
 * handling. Both stay undefined when CXone sends no presence times.
 */
function performanceSums(row: AgentPerformanceRow | TeamPerformanceRow): PerformanceSums {
  const handleMs = row.inboundTime + row.outboundTime;
  return {
    handled: row.totalHandled,
    talkMs: row.totalTalkTime,
    holdMs: Math.max(0, handleMs - row.totalTalkTime - row.acwTime),
    acwMs: row.acwTime,
    handleMs,
    idleMs: row.availableTime,
    onQueueMs: row.availableTime === undefined ? undefined : row.availableTime + handleMs,
  };
}

/** One agent's agents/performance row over [from, to): the same fields Genesys per-user aggregates fill. */
export function toAgentInterval(org: string, from: number, to: number, row: AgentPerformanceRow): AgentInterval {
  return {
    vendor: 'cxone',
    org,
    agentId: String(row.agentId),
    intervalStart: from,
    intervalEnd: to,
    ...performanceSums(row),
  };
}

/** A team's totals over [from, to), in the units of AgentInterval. */
export interface TeamPerformance extends SourceKey, PerformanceSums {
  teamId: string;
  intervalStart: number;
  intervalEnd: number;
  /** Contacts the team's agents did not take. */
  refused: number;
  /** Time logged in, ms, where CXone says. */
  loginMs: number | undefined;
}

export function toTeamPerformance(org: string, from: number, to: number, row: TeamPerformanceRow): TeamPerformance {
  return {
    vendor: 'cxone',
    org,
    teamId: String(row.teamId),
    intervalStart: from,
    intervalEnd: to,
    ...performanceSums(row),
    refused: row.refused,
    loginMs: row.loginTime,
  };
}

/** A skill's service level over [from, to), in QueueInterval's terms so the two line up. */
export type SkillServiceLevel = Pick<
  QueueInterval,
  'vendor' | 'org' | 'queueId' | 'intervalStart' | 'intervalEnd' | 'serviceLevelNumerator' | 'serviceLevelDenominator'
>;

export function toSkillServiceLevel(org: string, from: number, to: number, s: ServiceLevelSummary): SkillServiceLevel {
  return {
    vendor: 'cxone',
    org,
    queueId: String(s.skillId),
    intervalStart: from,
    intervalEnd: to,
    serviceLevelNumerator: s.contactsWithinSLA,
    serviceLevelDenominator: s.contactsWithinSLA + s.contactsOutOfSLA,
  };
}
