// Deterministic model records for store tests: both vendors, two orgs, ids and names whose order
// differs between a locale collation and code-unit order (upper/lower case, accents, punctuation).
import type {
  Agent,
  AgentInterval,
  Conversation,
  Queue,
  QueueInterval,
  QueueSnapshot,
  Vendor,
} from '../../src/model/index.js';
import type { Batch } from '../../src/store/index.js';

export const T0 = Date.UTC(2026, 10, 24, 0, 0, 0);
const HOUR = 3_600_000;

const sources: { vendor: Vendor; org: string }[] = [
  { vendor: 'genesys', org: 'acme' },
  { vendor: 'cxone', org: 'Acme-EU' },
];
const queueIds = ['q-B', 'q-a', 'Q_ä', 'q.1'];
const agentIds = ['u-Z', 'u-a', 'u_é'];

export function queues(): Queue[] {
  return sources.flatMap((s) =>
    queueIds.map((id, i) => ({
      ...s,
      id,
      name: `Queue ${id} «${i}»`,
      mediaType: i % 2 ? 'voice' : undefined,
      divisionId: s.vendor === 'genesys' ? 'div-1' : undefined,
    })),
  );
}

function agents(): Agent[] {
  return sources.flatMap((s) =>
    agentIds.map((id) => ({ ...s, id, name: `Agent ${id}`, email: id === 'u-a' ? undefined : `${id}@example.com` })),
  );
}

export function conversation(
  source: { vendor: Vendor; org: string },
  id: string,
  start: number,
  agentsInOrder: string[],
): Conversation {
  const queueId = 'q-a';
  const agentParticipants = agentsInOrder.map((userId, i) => ({
    id: `p-agent-${i}`,
    purpose: 'agent' as const,
    userId,
    queueId,
    segments: [
      {
        type: 'alert' as const,
        start: start + 30_000 + i * 60_000,
        end: start + 35_000 + i * 60_000,
        queueId,
        userId,
        disconnectType: undefined,
        wrapUpCode: undefined,
      },
      {
        type: 'interact' as const,
        start: start + 35_000 + i * 60_000,
        end: start + 90_000 + i * 60_000,
        queueId,
        userId,
        disconnectType: i === agentsInOrder.length - 1 ? 'client' : 'transfer',
        wrapUpCode: i === agentsInOrder.length - 1 ? 'Resolved' : undefined,
      },
    ],
  }));
  return {
    ...source,
    id,
    start,
    end: start + 30_000 + agentsInOrder.length * 60_000,
    direction: 'inbound',
    mediaType: 'voice',
    queueIds: [queueId],
    agentIds: agentsInOrder,
    answered: agentsInOrder.length > 0,
    abandoned: agentsInOrder.length === 0,
    waitMs: 30_000,
    handleMs: agentsInOrder.length * 55_000,
    wrapUpCode: agentsInOrder.length ? 'Resolved' : undefined,
    ani: 'tel:+15551230000',
    dnis: undefined,
    lastUpdated: start + HOUR,
    participants: [
      {
        id: 'p-customer',
        purpose: 'customer',
        userId: undefined,
        queueId: undefined,
        segments: [
          {
            type: 'interact',
            start,
            end: undefined,
            queueId: undefined,
            disconnectType: undefined,
            wrapUpCode: undefined,
          },
        ],
      },
      {
        id: 'p-acd',
        purpose: 'acd',
        userId: undefined,
        queueId,
        segments: [
          {
            type: 'interact',
            start,
            end: start + 30_000,
            queueId,
            disconnectType: 'transfer',
            wrapUpCode: undefined,
          },
        ],
      },
      ...agentParticipants,
    ],
  };
}

export function conversations(count: number): Conversation[] {
  return Array.from({ length: count }, (_, i) => {
    const source = sources[i % sources.length] as (typeof sources)[number];
    const handled = agentIds.slice(0, i % 3) as string[];
    return conversation(source, `c-${String(i).padStart(5, '0')}`, T0 + i * 10_000, handled);
  });
}

export function queueIntervals(hours: number): QueueInterval[] {
  return sources.flatMap((s) =>
    queueIds.flatMap((queueId, qi) =>
      Array.from({ length: hours }, (_, h) => ({
        ...s,
        queueId,
        intervalStart: T0 + h * HOUR,
        intervalEnd: T0 + (h + 1) * HOUR,
        mediaType: qi === 0 ? undefined : ('voice' as const),
        offered: 10 + h,
        answered: 8 + h,
        abandoned: 2,
        handled: s.vendor === 'cxone' ? 8 + h : undefined,
        transferred: h % 3,
        waitMs: 120_000 + h,
        answerWaitMs: 90_000,
        talkMs: 1_800_000,
        holdMs: 60_000,
        acwMs: 240_000,
        handleMs: 2_100_000,
        serviceLevelNumerator: 7,
        serviceLevelDenominator: 10,
        serviceLevelTarget: qi === 1 ? undefined : 0.8,
      })),
    ),
  );
}

export function agentIntervals(hours: number): AgentInterval[] {
  return sources.flatMap((s) =>
    agentIds.flatMap((agentId) =>
      Array.from({ length: hours }, (_, h) => ({
        ...s,
        agentId,
        intervalStart: T0 + h * HOUR,
        intervalEnd: T0 + (h + 1) * HOUR,
        handled: 4 + h,
        talkMs: 600_000,
        holdMs: 30_000,
        acwMs: 120_000,
        handleMs: 750_000,
        onQueueMs: s.vendor === 'genesys' ? 3_000_000 : undefined,
        idleMs: s.vendor === 'genesys' ? 2_250_000 : undefined,
      })),
    ),
  );
}

export function snapshots(at: number): QueueSnapshot[] {
  return sources.flatMap((s) =>
    queueIds.map((queueId, i) => ({
      ...s,
      queueId,
      at,
      waiting: i,
      interacting: i + 1,
      onQueueAgents: 5,
      activeAgents: 6,
      availableAgents: s.vendor === 'cxone' ? 2 : undefined,
      longestWaitMs: i ? i * 1000 : undefined,
    })),
  );
}

/** Everything at once, with a checkpoint. */
export function fullBatch(): Batch {
  return {
    queues: queues(),
    agents: agents(),
    conversations: conversations(30),
    queueIntervals: queueIntervals(6),
    agentIntervals: agentIntervals(6),
    queueSnapshots: snapshots(T0 + 6 * HOUR),
    checkpoint: { stream: 'genesys:acme:conversations', value: { watermark: T0 + 6 * HOUR, jobId: null } },
  };
}
