// What `POST /api/v2/analytics/queues/observations/query` reports for queues at a moment, in Genesys's
// shape: conversation metrics per `{queueId, mediaType}`; user metrics per `{queueId}`, with
// oOnQueueUsers and oUserRoutingStatuses split by routing status in `qualifier` (zero counts left out;
// an unqualified 0 when no agent has any of them). One function, so a push of the same numbers agrees.
import type { SeedOrg, SeedQueue } from '../seed-org.js';
import { type RoutingStatus, routingStatuses } from '../traffic/agent-status.js';
import { conversationsInProgress, type Traffic } from '../traffic/traffic.js';

/** One conversation behind a conversation metric (`detailMetrics`), as ObservationValue in the SDK. */
export interface ObservationValue {
  observationDate: string;
  conversationId: string;
  direction: 'inbound';
  ani: string;
}

export interface ObservationResult {
  group: Record<string, string>;
  data: { metric: string; qualifier?: string; stats: { count: number }; observations?: ObservationValue[] }[];
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
  detailMetrics: readonly string[] = [],
): ObservationResult[] {
  const conversationMetrics = metrics.filter((m) => CONVERSATION_METRICS.includes(m));
  const userMetrics = metrics.filter((m) => USER_METRICS.includes(m));
  const live = conversationMetrics.length > 0 ? conversationsInProgress(traffic, atMs) : [];
  const statuses = userMetrics.length > 0 ? routingStatuses(org, traffic, atMs) : new Map<string, RoutingStatus>();
  const results: ObservationResult[] = [];
  for (const queue of queues) {
    if (conversationMetrics.length > 0) {
      const byMetric: Record<string, ObservationValue[]> = { oWaiting: [], oAlerting: [], oInteracting: [] };
      for (const { conversation, phase } of live) {
        if (conversation.queueId !== queue.id) continue;
        // After-call work is the agent's, not the customer's: the conversation no longer counts as interacting.
        const metric =
          phase === 'waiting'
            ? 'oWaiting'
            : phase === 'alerting'
              ? 'oAlerting'
              : phase === 'interacting' || phase === 'held'
                ? 'oInteracting'
                : undefined;
        if (!metric) continue;
        // The observation began when the conversation entered this state.
        const enteredAt =
          metric === 'oWaiting'
            ? conversation.start
            : conversation.start + conversation.waitMs + (metric === 'oInteracting' ? conversation.alertMs : 0);
        byMetric[metric]?.push({
          observationDate: new Date(enteredAt).toISOString(),
          conversationId: conversation.id,
          direction: 'inbound',
          ani: conversation.ani,
        });
      }
      results.push({
        group: { queueId: queue.id, mediaType: queue.mediaType },
        data: conversationMetrics.map((metric) => {
          const list = byMetric[metric] ?? [];
          return {
            metric,
            stats: { count: list.length },
            ...(detailMetrics.includes(metric)
              ? { observations: [...list].sort((a, b) => a.observationDate.localeCompare(b.observationDate)) }
              : {}),
          };
        }),
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
