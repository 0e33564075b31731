// Genesys notification pushes -> the model: a queue observation topic carries StatsNotification
// bodies (an instant interval: observation results, the same shape the observation query answers;
// a half-hour interval: that bucket's aggregates), a user's activity topic their routing status.
// Validated at the edge; a body of another shape is reported, never guessed at.
import { CcpulseError } from '../../core/index.js';
import type { AgentState, QueueInterval } from '../../model/index.js';
import { toAgentState, toQueueIntervals } from './map-to-model.js';
import { agentActivity, type ObservationResult, statsNotification } from './schemas.js';

export type GenesysPush =
  | { kind: 'observation'; queueId: string; at: number; result: ObservationResult }
  | { kind: 'aggregate'; intervals: QueueInterval[] }
  | { kind: 'activity'; state: AgentState };

export const queueObservationTopic = (queueId: string) => `v2.analytics.queues.${queueId}.observations`;
export const userActivityTopic = (userId: string) => `v2.users.${userId}.activity`;

const QUEUE_TOPIC = /^v2\.analytics\.queues\.([^.]+)\.observations$/;
const USER_TOPIC = /^v2\.users\.([^.]+)\.activity$/;

export class UnexpectedPushError extends CcpulseError {
  constructor(topic: string, detail: string) {
    super(
      'UNEXPECTED_PUSH',
      `A Genesys push on ${topic.replace(/\.[^.]{20,}\./, '.{id}.')} had an unexpected shape (${detail})`,
      'The live view keeps its last good numbers and re-reads them on the next resync; if this repeats, Genesys changed the topic: report it with this line.',
    );
  }
}

/** What one push says; an empty list for topics this reader does not follow. */
export function readGenesysPush(org: string, topic: string, body: unknown, now: number): GenesysPush[] {
  const queue = QUEUE_TOPIC.exec(topic);
  if (queue) {
    const parsed = statsNotification.safeParse(body);
    if (!parsed.success) throw new UnexpectedPushError(topic, parsed.error.issues[0]?.message ?? 'invalid');
    const queueId = parsed.data.group.queueId ?? (queue[1] as string);
    const out: GenesysPush[] = [];
    for (const entry of parsed.data.data) {
      const [from, to] = entry.interval.split('/');
      if (from === to) {
        const at = Date.parse(from ?? '');
        out.push({
          kind: 'observation',
          queueId,
          at: Number.isNaN(at) ? now : at,
          result: { group: { ...parsed.data.group, queueId }, data: entry.metrics },
        });
      } else {
        out.push({
          kind: 'aggregate',
          intervals: toQueueIntervals(org, { results: [{ group: { ...parsed.data.group, queueId }, data: [entry] }] }),
        });
      }
    }
    return out;
  }
  if (USER_TOPIC.test(topic)) {
    const parsed = agentActivity.safeParse(body);
    if (!parsed.success) throw new UnexpectedPushError(topic, parsed.error.issues[0]?.message ?? 'invalid');
    const { id, routingStatus, presence } = parsed.data;
    if (!routingStatus) return [];
    const p = presence && {
      systemPresence: presence.presenceDefinition?.systemPresence,
      modifiedDate: presence.modifiedDate,
    };
    return [{ kind: 'activity', state: toAgentState(org, id, routingStatus, p, now) }];
  }
  return [];
}
