// What `POST /api/v2/analytics/queues/observations/query` reports for queues at a moment, in Genesys's
// shape: conversation metrics per `{queueId, mediaType}`; user metrics per `{queueId}`, with
// oOnQueueUsers and oUserRoutingStatuses split by routing status in `qualifier` (zero counts left out;
// an unqualified 0 when no agent has any of them). One function, so a push of the same numbers agrees.
import type { SeedOrg, SeedQueue } from '../seed-org.js';
import { type RoutingStatus, routingStatuses } from '../traffic/agent-status.js';
import { conversationsInProgress, type Traffic } from '../traffic/traffic.js';

export interface ObservationResult {
  group: Record<string, string>;
  data: { metric: string; qualifier?: string; stats: { count: number } }[];
}

const CONVERSATION_METRICS = ['oWaiting', 'oAlerting', 'oInteracting'];
const USER_METRICS = ['oOnQueueUsers', 'oOffQueueUsers', 'oActiveUsers', 'oMemberUsers', 'oUserRoutingStatuses'];
const ON_QUEUE: RoutingStatus[] = ['IDLE', 'INTERACTING', 'NOT_RESPONDING'];

export function observeQueues(
  org: SeedOrg,
  traffic: Traffic,
  atMs: number,
  queues: readonly SeedQueue[],
  metrics: readonly string[],
): ObservationResult[] {
  const conversationMetrics = metrics.filter((m) => CONVERSATION_METRICS.includes(m));
  const userMetrics = metrics.filter((m) => USER_METRICS.includes(m));
  const live = conversationMetrics.length > 0 ? conversationsInProgress(traffic, atMs) : [];
  const statuses = userMetrics.length > 0 ? routingStatuses(org, traffic, atMs) : new Map<string, RoutingStatus>();
  const results: ObservationResult[] = [];
  for (const queue of queues) {
    if (conversationMetrics.length > 0) {
      const counts: Record<string, number> = { oWaiting: 0, oAlerting: 0, oInteracting: 0 };
      const add = (metric: string) => {
        counts[metric] = (counts[metric] ?? 0) + 1;
      };
      for (const { conversation, phase } of live) {
        if (conversation.queueId !== queue.id) continue;
        if (phase === 'waiting') add('oWaiting');
        else if (phase === 'alerting') add('oAlerting');
        // After-call work is the agent's, not the customer's: the conversation no longer counts as interacting.
        else if (phase === 'interacting' || phase === 'held') add('oInteracting');
      }
      results.push({
        group: { queueId: queue.id, mediaType: queue.mediaType },
        data: conversationMetrics.map((metric) => ({ metric, stats: { count: counts[metric] ?? 0 } })),
      });
    }
    if (userMetrics.length > 0) {
      const members = queue.memberIds.map((id) => statuses.get(id) ?? 'OFF_QUEUE');
      const data: ObservationResult['data'] = [];
      for (const metric of userMetrics) {
        if (metric === 'oOnQueueUsers' || metric === 'oUserRoutingStatuses') {
          const qualifiers = metric === 'oOnQueueUsers' ? ON_QUEUE : [...ON_QUEUE, 'OFF_QUEUE' as const];
          const split = qualifiers
            .map((qualifier) => ({ qualifier, count: members.filter((s) => s === qualifier).length }))
            .filter((x) => x.count > 0);
          if (split.length === 0) data.push({ metric, stats: { count: 0 } });
          for (const { qualifier, count } of split) data.push({ metric, qualifier, stats: { count } });
        } else {
          const count =
            metric === 'oOffQueueUsers' ? members.filter((s) => s === 'OFF_QUEUE').length : queue.memberIds.length;
          data.push({ metric, stats: { count } });
        }
      }
      results.push({ group: { queueId: queue.id }, data });
    }
  }
  return results;
}
