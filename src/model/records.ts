// Vendor-neutral reporting records. Both vendors map into these; the store, the daemon and the
// dashboard read only these. Units: every time is epoch milliseconds (UTC), every duration is
// milliseconds, every count is a plain integer. `undefined` means "the vendor did not say", never 0.
//
// How the vendors map (so neither has to bend):
// - Queue: Genesys routing queue; CXone skill (a skill is CXone's queue).
// - Conversation: Genesys conversation details (participants -> sessions -> segments, flattened);
//   CXone completed contact (one agent + one acd participant built from its fields).
// - QueueInterval: Genesys aggregates grouped by queueId (+ mediaType) per granularity bucket;
//   CXone skills summary over [startDate, endDate) (averages multiplied back into sums).
// - AgentInterval: Genesys aggregates grouped by userId; CXone agents performance.
// - QueueSnapshot: Genesys queue observations; CXone skills summary's live agent/queue counts.
// - AgentState: Genesys routing status (queue members, users' activity pushes); CXone agent states.

export type Vendor = 'genesys' | 'cxone';
export type MediaType = 'voice' | 'chat' | 'email' | 'message' | 'callback' | 'other';

/** Every record names its source: vendor + the configured org's name (`OrgConfig.name`). */
export interface SourceKey {
  vendor: Vendor;
  org: string;
}

export interface Queue extends SourceKey {
  /** Genesys queue id; CXone skill id (as a string). Unique per (vendor, org). */
  id: string;
  name: string;
  /** The one media type the queue serves, when it serves exactly one. */
  mediaType: MediaType | undefined;
  /** Genesys division; CXone has none. */
  divisionId: string | undefined;
}

export interface Agent extends SourceKey {
  /** Genesys user id; CXone agent id (as a string). Unique per (vendor, org). */
  id: string;
  name: string;
  email: string | undefined;
}

/** Where an agent is for routing, in both vendors' terms brought to one list. */
export type AgentRoutingState = 'idle' | 'interacting' | 'acw' | 'not-responding' | 'off-queue' | 'logged-out';

/** One agent's live state. */
export interface AgentState extends SourceKey {
  agentId: string;
  state: AgentRoutingState;
  /** The vendor's own name for it (Genesys routing status; CXone agentStateName). */
  vendorState: string;
  /** Epoch ms the state began (time in status = now - since). */
  since: number;
  /** Why an unavailable agent is unavailable, where the vendor says (CXone unavailable code). */
  reason?: string | undefined;
}

export type ParticipantPurpose = 'customer' | 'agent' | 'acd' | 'ivr' | 'external' | 'other';
export type SegmentType = 'interact' | 'alert' | 'hold' | 'wrapup' | 'ivr' | 'dialing' | 'other';

/** One stretch of a participant's time in a conversation. Ordered by `start` within a participant. */
export interface Segment {
  type: SegmentType;
  /** Epoch ms. */
  start: number;
  /** Epoch ms; undefined while the segment is still open. */
  end: number | undefined;
  queueId: string | undefined;
  /** The agent in this segment, when the vendor names one per segment (else the participant's). */
  userId?: string | undefined;
  /** Vendor's own word (Genesys: client, peer, transfer, endpoint, ...), kept verbatim. */
  disconnectType: string | undefined;
  wrapUpCode: string | undefined;
}

export interface Participant {
  /** Stable within the conversation (Genesys participantId; CXone a derived `agent`/`acd`). */
  id: string;
  purpose: ParticipantPurpose;
  userId: string | undefined;
  queueId: string | undefined;
  segments: Segment[];
}

export interface Conversation extends SourceKey {
  /** Genesys conversationId; CXone contactId (as a string). Unique per (vendor, org). */
  id: string;
  /** Epoch ms. */
  start: number;
  /** Epoch ms; undefined while the conversation is still going. */
  end: number | undefined;
  direction: 'inbound' | 'outbound' | undefined;
  mediaType: MediaType;
  /** Queues the conversation went through, in order. */
  queueIds: string[];
  /** Agents who handled it, in order. */
  agentIds: string[];
  answered: boolean;
  abandoned: boolean;
  /** Time in queue before answer or abandon, ms. */
  waitMs: number | undefined;
  /** Talk + hold + after-call work, ms. */
  handleMs: number | undefined;
  wrapUpCode: string | undefined;
  /** Caller's number (automatic number identification), as the vendor gives it. */
  ani?: string | undefined;
  /** Dialed number (dialed number identification service), as the vendor gives it. */
  dnis?: string | undefined;
  /** Epoch ms when the vendor last changed this record, if it says; drives incremental sync. */
  lastUpdated: number | undefined;
  participants: Participant[];
}

/** A queue's (CXone: a skill's) totals over one interval [intervalStart, intervalEnd). */
export interface QueueInterval extends SourceKey {
  queueId: string;
  /** Epoch ms, inclusive. */
  intervalStart: number;
  /** Epoch ms, exclusive. */
  intervalEnd: number;
  /** Undefined when the interval covers every media type of the queue. */
  mediaType: MediaType | undefined;
  /** Contacts that entered the queue (Genesys nOffered; CXone contactsOffered). */
  offered: number;
  /** Contacts an agent answered (Genesys tAnswered count). */
  answered: number;
  /** Contacts the customer left while waiting (Genesys tAbandon count; CXone abandonCount). */
  abandoned: number;
  /** Contacts an agent finished handling (Genesys tHandle count; CXone contactsHandled). */
  handled?: number | undefined;
  transferred: number;
  /** Sums over the interval, in ms. */
  waitMs: number;
  answerWaitMs: number;
  talkMs: number;
  holdMs: number;
  acwMs: number;
  handleMs: number;
  /** Contacts answered within the threshold / contacts counted. */
  serviceLevelNumerator: number;
  serviceLevelDenominator: number;
  /** The queue's target as a fraction (0.8 = 80 %), when known. */
  serviceLevelTarget: number | undefined;
}

/** One agent's totals over one interval [intervalStart, intervalEnd). */
export interface AgentInterval extends SourceKey {
  agentId: string;
  /** Epoch ms, inclusive. */
  intervalStart: number;
  /** Epoch ms, exclusive. */
  intervalEnd: number;
  /** Contacts handled (count). */
  handled: number;
  /** Sums over the interval, in ms. */
  talkMs: number;
  holdMs: number;
  acwMs: number;
  handleMs: number;
  /** Time on queue (available for routing or interacting), ms, where the vendor gives it. */
  onQueueMs?: number | undefined;
  /** Time on queue but not interacting, ms, where the vendor gives it. */
  idleMs?: number | undefined;
}

/** Live numbers of a queue at one moment. */
export interface QueueSnapshot extends SourceKey {
  queueId: string;
  /** Epoch ms when the numbers were read. */
  at: number;
  /** Contacts waiting in the queue (count). */
  waiting: number;
  /** Contacts with an agent (count). */
  interacting: number;
  /** Agents on queue (count). */
  onQueueAgents: number;
  /** Agents logged in and active (Genesys oActiveUsers; CXone agentsLoggedIn). */
  activeAgents: number;
  /** Agents idle and ready for a contact (count), where the vendor gives it. */
  availableAgents?: number | undefined;
  /**
   * On-queue agents by the vendor's routing status (Genesys: IDLE, INTERACTING, NOT_RESPONDING, ...),
   * adding up to onQueueAgents, where the vendor splits them.
   */
  agentsByRoutingStatus?: Record<string, number> | undefined;
  /** Wait of the oldest waiting contact, ms, where the vendor gives it. */
  longestWaitMs?: number | undefined;
  /** Members logged in but not on queue (Genesys oOffQueueUsers), where the vendor gives it. */
  offQueueAgents?: number | undefined;
}

/** Derived figures a person reads: rates and averages from the sums. */
export function queueIntervalSummary(
  q: Pick<
    QueueInterval,
    | 'offered'
    | 'answered'
    | 'abandoned'
    | 'handleMs'
    | 'answerWaitMs'
    | 'serviceLevelNumerator'
    | 'serviceLevelDenominator'
  >,
) {
  return {
    serviceLevel: q.serviceLevelDenominator > 0 ? q.serviceLevelNumerator / q.serviceLevelDenominator : undefined,
    averageHandleMs: q.answered > 0 ? q.handleMs / q.answered : undefined,
    averageSpeedOfAnswerMs: q.answered > 0 ? q.answerWaitMs / q.answered : undefined,
    abandonRate: q.offered > 0 ? q.abandoned / q.offered : undefined,
  };
}
