// CXone reporting shapes -> the vendor-neutral model. Skills are CXone's queues.
import type {
  Agent,
  AgentInterval,
  Conversation,
  MediaType,
  Queue,
  QueueInterval,
  SourceKey,
} from '../../model/index.js';
import type {
  AgentListRow,
  AgentPerformanceRow,
  CompletedContact,
  ServiceLevelSummary,
  SkillSummary,
  TeamPerformanceRow,
} from './schemas.js';

/**
 * CXone media types by id, as NICE's agent SDK (MediaTypeId) and public clients list them: 1 E-Mail,
 * 3 Chat, 4 Phone Call, 5 Voice Mail, 6 Work Item, 7 SMS, 8 Social, 9 Digital. Voice mail and work
 * items are not contacts of the model's kinds: they count as `other`.
 */
const MEDIA_BY_ID: Record<number, MediaType> = {
  1: 'email',
  3: 'chat',
  4: 'voice',
  5: 'other',
  6: 'other',
  7: 'message',
  8: 'message',
  9: 'message',
};
/** The same by `mediaTypeName`, for a row that carries only the name. */
const MEDIA_BY_NAME: Record<string, MediaType> = {
  'phone call': 'voice',
  'e-mail': 'email',
  chat: 'chat',
  sms: 'message',
  social: 'message',
  digital: 'message',
  'voice mail': 'other',
  'work item': 'other',
};
const media = (id: number | undefined, name: string | undefined): MediaType =>
  (id === undefined ? undefined : MEDIA_BY_ID[id]) ?? MEDIA_BY_NAME[(name ?? '').trim().toLowerCase()] ?? 'other';

/**
 * The skills that are queues: an outbound skill (isOutbound, "True" on the wire) is a dialer's, whose
 * "offered" contacts are dials — not contacts waiting in a queue.
 */
export const queueSkills = (rows: SkillSummary[]) => rows.filter((s) => !s.isOutbound);

/**
 * A skill summary covers [from, to); averages (seconds) become sums (ms) so intervals add up. CXone's
 * talk time includes hold (averageHandleTime = averageTalkTime + averageWrapTime on recorded rows) and
 * holdTime is the skill's total: the model's talk is talk without hold, as Genesys counts it.
 */
export function toQueueInterval(org: string, from: number, to: number, s: SkillSummary): QueueInterval {
  const handled = s.contactsHandled;
  const sumMs = (averageSeconds: number) => Math.round(averageSeconds * handled * 1000);
  const holdMs = s.holdTime * 1000;
  return {
    vendor: 'cxone',
    org,
    queueId: String(s.skillId),
    intervalStart: from,
    intervalEnd: to,
    mediaType: media(s.mediaTypeId, s.mediaTypeName),
    offered: s.contactsOffered,
    answered: handled,
    abandoned: s.abandonCount,
    handled,
    transferred: 0,
    waitMs: sumMs(s.averageSpeedToAnswer),
    answerWaitMs: sumMs(s.averageSpeedToAnswer),
    talkMs: Math.max(0, sumMs(s.averageTalkTime) - holdMs),
    holdMs,
    acwMs: sumMs(s.averageWrapTime),
    handleMs: sumMs(s.averageHandleTime),
    serviceLevelNumerator: s.contactsWithinSLA,
    serviceLevelDenominator: s.contactsWithinSLA + s.contactsOutOfSLA,
    serviceLevelTarget: s.serviceLevelGoal === undefined ? undefined : s.serviceLevelGoal / 100,
  };
}

/** A skill (CXone's queue) as its reports name it. */
export function toSkillQueue(
  org: string,
  s: {
    skillId: number;
    skillName?: string | undefined;
    mediaTypeId?: number | undefined;
    mediaTypeName?: string | undefined;
  },
): Queue {
  return {
    vendor: 'cxone',
    org,
    id: String(s.skillId),
    name: s.skillName ?? `Skill ${s.skillId}`,
    mediaType: media(s.mediaTypeId, s.mediaTypeName),
    divisionId: undefined,
  };
}

/**
 * An agent's display name as CXone's lists carry it: first and last name (agents/states and the
 * agents list both send them), else the login name, else the id.
 */
export function agentName(
  agentId: string,
  row: { firstName?: string | null; lastName?: string | null; userName?: string | null },
): string {
  return [row.firstName, row.lastName].filter(Boolean).join(' ') || row.userName || `Agent ${agentId}`;
}

/** An agent of the Admin API's agents list, as the model's directory entry. */
export function toAgent(org: string, row: AgentListRow): Agent {
  const id = String(row.agentId);
  return { vendor: 'cxone', org, id, name: agentName(id, row), email: row.emailAddress || undefined };
}

/** Disposition names by id (CXone's `dispositions` list); contacts carry only the ids. */
export type DispositionNames = ReadonlyMap<number, string>;

/**
 * A completed contact. Its wrap-up is the primary disposition (`primaryDispositionId`, 0 = none),
 * named through the dispositions list; an id the list does not have stays visible as `#<id>`. Field
 * names of API v33 (`contactStartDate`, `fromAddress`, `toAddress`) are read as well as the older ones.
 */
export function toConversation(org: string, c: CompletedContact, dispositions?: DispositionNames): Conversation {
  const start = Date.parse(c.contactStart);
  const disposition = c.primaryDispositionId || undefined;
  return {
    vendor: 'cxone',
    org,
    id: c.contactId,
    start,
    end: start + c.totalDurationSeconds * 1000,
    direction: c.isOutbound ? 'outbound' : 'inbound',
    mediaType: media(c.mediaTypeId, c.mediaTypeName),
    queueIds: c.skillId ? [String(c.skillId)] : [],
    agentIds: c.agentId ? [String(c.agentId)] : [],
    answered: !c.abandoned,
    abandoned: c.abandoned,
    waitMs: c.inQueueSeconds * 1000,
    handleMs: c.abandoned ? undefined : (c.agentSeconds + c.ACWSeconds) * 1000,
    wrapUpCode: disposition === undefined ? undefined : (dispositions?.get(disposition) ?? `#${disposition}`),
    ani: c.fromAddr,
    dnis: c.toAddr,
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
 * CXone's performance times as the model's sums. Talk time includes hold, and handle time is talk
 * plus after-call work: on a recorded teams/performance-total row totalAvgHandleTime × totalHandled =
 * totalTalkTime + acwTime to the millisecond, while inboundTime is smaller than inboundTalkTime (so it
 * is not handle time, and ccpulse does not read it). No hold time is sent: hold stays inside talkMs and
 * holdMs is 0. Available time is idle on queue; on queue is idle plus handling; both stay undefined
 * when CXone sends no presence times.
 */
function performanceSums(row: AgentPerformanceRow | TeamPerformanceRow): PerformanceSums {
  const handleMs = row.totalTalkTime + row.acwTime;
  return {
    handled: row.totalHandled,
    talkMs: row.totalTalkTime,
    holdMs: 0,
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
> & { queueName: string | undefined };

export function toSkillServiceLevel(org: string, from: number, to: number, s: ServiceLevelSummary): SkillServiceLevel {
  return {
    vendor: 'cxone',
    org,
    queueId: String(s.skillId),
    queueName: s.skillName,
    intervalStart: from,
    intervalEnd: to,
    serviceLevelNumerator: s.contactsWithinSLA,
    serviceLevelDenominator: s.contactsWithinSLA + s.contactsOutOfSLA,
  };
}
