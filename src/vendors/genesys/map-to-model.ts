// Genesys analytics shapes -> the vendor-neutral model.
import type {
  Agent,
  AgentInterval,
  AgentRoutingState,
  AgentState,
  Conversation,
  MediaType,
  Participant,
  ParticipantPurpose,
  Queue,
  QueueInterval,
  QueueSnapshot,
  Segment,
  SegmentType,
} from '../../model/index.js';
import type { AggregateResponse, ConversationDetail, ObservationResult } from './schemas.js';

const MEDIA: Record<string, MediaType> = {
  voice: 'voice',
  call: 'voice',
  chat: 'chat',
  email: 'email',
  message: 'message',
  callback: 'callback',
};
const PURPOSES = new Set(['customer', 'agent', 'acd', 'ivr', 'external']);
const SEGMENTS = new Set(['interact', 'alert', 'hold', 'wrapup', 'ivr', 'dialing']);

const time = (iso: string | undefined) => (iso ? Date.parse(iso) : undefined);
const media = (value: string | undefined): MediaType => (value ? (MEDIA[value] ?? 'other') : 'other');

/**
 * One pass over the record (this runs for each of millions of conversations): segments, each
 * participant's first queue, and the five metrics the model reads, summed per participant purpose.
 */
export function toConversation(org: string, d: ConversationDetail): Conversation {
  const participants: Participant[] = [];
  const queueIds = new Set<string>();
  const agentIds = new Set<string>();
  let wrapUpCode: string | undefined;
  let connected = false;
  let tAnswered = false;
  let abandoned = false;
  let waitMs: number | undefined;
  let handleMs: number | undefined;
  for (const p of d.participants) {
    const agent = p.purpose === 'agent';
    const acd = p.purpose === 'acd';
    const segments: Segment[] = [];
    let queueId: string | undefined;
    for (const s of p.sessions) {
      for (const seg of s.segments) {
        segments.push({
          type: (SEGMENTS.has(seg.segmentType ?? '') ? seg.segmentType : 'other') as SegmentType,
          start: Date.parse(seg.segmentStart),
          end: time(seg.segmentEnd),
          queueId: seg.queueId,
          disconnectType: seg.disconnectType,
          wrapUpCode: seg.wrapUpCode,
        });
        if (!queueId && seg.queueId) queueId = seg.queueId;
        if (agent && p.userId && !wrapUpCode && seg.wrapUpCode) wrapUpCode = seg.wrapUpCode;
      }
      if (agent)
        for (const m of s.metrics) {
          if (m.name === 'nConnected') connected = true;
          else if (m.name === 'tHandle') handleMs = (handleMs ?? 0) + m.value;
        }
      else if (acd)
        for (const m of s.metrics) {
          if (m.name === 'tAnswered') tAnswered = true;
          else if (m.name === 'tAbandon') abandoned = true;
          else if (m.name === 'tAcd') waitMs = (waitMs ?? 0) + m.value;
        }
    }
    if (acd && queueId) queueIds.add(queueId);
    if (agent && p.userId) agentIds.add(p.userId);
    participants.push({
      id: p.participantId,
      purpose: (PURPOSES.has(p.purpose) ? p.purpose : 'other') as ParticipantPurpose,
      userId: p.userId,
      queueId,
      segments,
    });
  }
  return {
    vendor: 'genesys',
    org,
    id: d.conversationId,
    start: Date.parse(d.conversationStart),
    end: time(d.conversationEnd),
    direction:
      d.originatingDirection === 'outbound' ? 'outbound' : d.originatingDirection === 'inbound' ? 'inbound' : undefined,
    mediaType: media(d.participants[0]?.sessions[0]?.mediaType),
    queueIds: [...queueIds],
    agentIds: [...agentIds],
    answered: connected || tAnswered,
    abandoned,
    waitMs,
    handleMs,
    wrapUpCode,
    lastUpdated: undefined,
    participants,
  };
}

/** Aggregates grouped by queueId (and optionally mediaType) -> one QueueInterval per group and interval. */
export function toQueueIntervals(org: string, response: AggregateResponse): QueueInterval[] {
  const out: QueueInterval[] = [];
  for (const result of response.results) {
    const queueId = result.group.queueId;
    if (!queueId) continue;
    for (const bucket of result.data) {
      const [a, b] = bucket.interval.split('/');
      const stat = statsByMetric(bucket.metrics);
      const sum = (name: string) => stat(name)?.sum ?? 0;
      const count = (name: string) => stat(name)?.count ?? 0;
      const sl = stat('oServiceLevel');
      out.push({
        vendor: 'genesys',
        org,
        queueId,
        intervalStart: Date.parse(a ?? ''),
        intervalEnd: Date.parse(b ?? ''),
        mediaType: result.group.mediaType ? media(result.group.mediaType) : undefined,
        offered: count('nOffered'),
        answered: count('tAnswered'),
        abandoned: count('tAbandon'),
        transferred: count('nTransferred'),
        waitMs: sum('tAcd'),
        answerWaitMs: sum('tAnswered'),
        talkMs: sum('tTalk'),
        holdMs: sum('tHeld'),
        acwMs: sum('tAcw'),
        handleMs: sum('tHandle'),
        serviceLevelNumerator: sl?.numerator ?? 0,
        serviceLevelDenominator: sl?.denominator ?? 0,
        serviceLevelTarget: sl?.target,
      });
    }
  }
  return out;
}

/** One pass over a bucket's metrics, then lookups: a day of half hours per queue is 100k+ buckets. */
function statsByMetric<S>(metrics: { metric: string; stats: S }[]): (name: string) => S | undefined {
  const byName = new Map<string, S>();
  for (const m of metrics) byName.set(m.metric, m.stats);
  return (name) => byName.get(name);
}

/** Aggregates grouped by userId -> one AgentInterval per user and interval. */
export function toAgentIntervals(org: string, response: AggregateResponse): AgentInterval[] {
  const out: AgentInterval[] = [];
  for (const result of response.results) {
    const agentId = result.group.userId;
    if (!agentId) continue;
    for (const bucket of result.data) {
      const [a, b] = bucket.interval.split('/');
      const stat = statsByMetric(bucket.metrics);
      const sum = (name: string) => stat(name)?.sum ?? 0;
      out.push({
        vendor: 'genesys',
        org,
        agentId,
        intervalStart: Date.parse(a ?? ''),
        intervalEnd: Date.parse(b ?? ''),
        handled: stat('tHandle')?.count ?? 0,
        talkMs: sum('tTalk'),
        holdMs: sum('tHeld'),
        acwMs: sum('tAcw'),
        handleMs: sum('tHandle'),
      });
    }
  }
  return out;
}

/**
 * Queue observations -> one snapshot per queue. Conversation metrics (oWaiting, oInteracting) come per
 * `{queueId, mediaType}` and are summed over the media types; user metrics come per `{queueId}`, and
 * oOnQueueUsers is split by routing status in `qualifier` (IDLE, INTERACTING, NOT_RESPONDING, ...):
 * the on-queue count is the sum of its parts, which are kept as `agentsByRoutingStatus`.
 */
export function toQueueSnapshots(org: string, at: number, results: ObservationResult[]): QueueSnapshot[] {
  const byQueue = new Map<string, QueueSnapshot>();
  for (const r of results) {
    const queueId = r.group.queueId;
    if (!queueId) continue;
    const snap: QueueSnapshot = byQueue.get(queueId) ?? {
      vendor: 'genesys',
      org,
      queueId,
      at,
      waiting: 0,
      interacting: 0,
      onQueueAgents: 0,
      activeAgents: 0,
    };
    for (const { metric, qualifier, stats, observations } of r.data) {
      const count = stats.count ?? 0;
      if (metric === 'oWaiting' && observations) {
        // A loop, not a spread into Math.min: a long waiting list would overflow the call stack.
        let oldest = Number.POSITIVE_INFINITY;
        for (const o of observations) oldest = Math.min(oldest, Date.parse(o.observationDate));
        if (Number.isFinite(oldest)) snap.longestWaitMs = Math.max(snap.longestWaitMs ?? 0, Math.max(0, at - oldest));
      }
      if (metric === 'oWaiting') snap.waiting += count;
      else if (metric === 'oInteracting') snap.interacting += count;
      else if (metric === 'oActiveUsers') snap.activeAgents += count;
      else if (metric === 'oOffQueueUsers') snap.offQueueAgents = (snap.offQueueAgents ?? 0) + count;
      else if (metric === 'oOnQueueUsers') {
        snap.onQueueAgents += count;
        // Genesys leaves zero counts out: each on-queue status it has is present, 0 when absent.
        snap.agentsByRoutingStatus ??= { IDLE: 0, INTERACTING: 0, NOT_RESPONDING: 0 };
        if (qualifier) {
          const split = snap.agentsByRoutingStatus ?? {};
          split[qualifier] = (split[qualifier] ?? 0) + count;
          snap.agentsByRoutingStatus = split;
          if (qualifier === 'IDLE') snap.availableAgents = (snap.availableAgents ?? 0) + count;
        }
      }
    }
    byQueue.set(queueId, snap);
  }
  return [...byQueue.values()];
}

export function toQueue(
  org: string,
  q: { id: string; name: string; division?: { id?: string } | undefined; mediaSettings?: unknown },
): Queue {
  const settings = q.mediaSettings && typeof q.mediaSettings === 'object' ? Object.keys(q.mediaSettings) : [];
  return {
    vendor: 'genesys',
    org,
    id: q.id,
    name: q.name,
    mediaType: settings.length === 1 ? media(settings[0]) : undefined,
    divisionId: q.division?.id,
  };
}

export function toAgent(org: string, u: { id: string; name: string; email?: string | undefined }): Agent {
  return { vendor: 'genesys', org, id: u.id, name: u.name, email: u.email };
}

const ROUTING_STATES: Record<string, AgentRoutingState> = {
  IDLE: 'idle',
  INTERACTING: 'interacting',
  COMMUNICATING: 'interacting',
  NOT_RESPONDING: 'not-responding',
  OFF_QUEUE: 'off-queue',
};

/** A routing status (queue members, users' activity) as an AgentState; Offline presence is logged out. */
export function toAgentState(
  org: string,
  agentId: string,
  routingStatus: { status: string; startTime?: string | undefined },
  presence: { systemPresence?: string | undefined; modifiedDate?: string | undefined } | undefined,
  now: number,
): AgentState {
  const offline = presence?.systemPresence?.toUpperCase() === 'OFFLINE';
  const started = Date.parse((offline ? presence?.modifiedDate : routingStatus.startTime) ?? '');
  return {
    vendor: 'genesys',
    org,
    agentId,
    state: offline ? 'logged-out' : (ROUTING_STATES[routingStatus.status] ?? 'off-queue'),
    vendorState: offline ? 'OFFLINE' : routingStatus.status,
    since: Number.isNaN(started) ? now : started,
  };
}
