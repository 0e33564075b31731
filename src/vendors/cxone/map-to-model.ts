// CXone reporting shapes -> the vendor-neutral model. Skills are CXone's queues.
import type { Conversation, MediaType, QueueInterval } from '../../model/index.js';
import type { CompletedContact, SkillSummary } from './schemas.js';

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
