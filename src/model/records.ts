// Vendor-neutral reporting records. Both vendors map into these; the store, the daemon and the
// dashboard read only these. Times are epoch milliseconds (UTC); durations are milliseconds.

export type Vendor = 'genesys' | 'cxone';
export type MediaType = 'voice' | 'chat' | 'email' | 'message' | 'callback' | 'other';

/** Every record names its source: vendor + the configured org's name + the vendor's own id. */
export interface SourceKey {
  vendor: Vendor;
  org: string;
}

export interface Queue extends SourceKey {
  /** Genesys queue id; CXone skill id (as a string). */
  id: string;
  name: string;
  mediaType: MediaType | undefined;
  divisionId: string | undefined;
}

export interface Agent extends SourceKey {
  id: string;
  name: string;
  email: string | undefined;
}

export type ParticipantPurpose = 'customer' | 'agent' | 'acd' | 'ivr' | 'external' | 'other';
export type SegmentType = 'interact' | 'alert' | 'hold' | 'wrapup' | 'ivr' | 'dialing' | 'other';

export interface Segment {
  type: SegmentType;
  start: number;
  end: number | undefined;
  queueId: string | undefined;
  disconnectType: string | undefined;
  wrapUpCode: string | undefined;
}

export interface Participant {
  /** Stable within the conversation. */
  id: string;
  purpose: ParticipantPurpose;
  userId: string | undefined;
  queueId: string | undefined;
  segments: Segment[];
}

export interface Conversation extends SourceKey {
  id: string;
  start: number;
  end: number | undefined;
  direction: 'inbound' | 'outbound' | undefined;
  mediaType: MediaType;
  /** Queues the conversation went through, in order. */
  queueIds: string[];
  /** Agents who handled it, in order. */
  agentIds: string[];
  answered: boolean;
  abandoned: boolean;
  waitMs: number | undefined;
  handleMs: number | undefined;
  wrapUpCode: string | undefined;
  /** When the vendor last changed this record, if it says; drives incremental sync. */
  lastUpdated: number | undefined;
  participants: Participant[];
}

/** A queue's (CXone: a skill's) totals over one interval. */
export interface QueueInterval extends SourceKey {
  queueId: string;
  intervalStart: number;
  intervalEnd: number;
  mediaType: MediaType | undefined;
  offered: number;
  answered: number;
  abandoned: number;
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

export interface AgentInterval extends SourceKey {
  agentId: string;
  intervalStart: number;
  intervalEnd: number;
  handled: number;
  talkMs: number;
  holdMs: number;
  acwMs: number;
  handleMs: number;
}

/** Live numbers of a queue at one moment. */
export interface QueueSnapshot extends SourceKey {
  queueId: string;
  at: number;
  waiting: number;
  interacting: number;
  onQueueAgents: number;
  activeAgents: number;
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
