// Genesys conversation aggregates computed from the same records the details are rendered from,
// so a day's aggregates equal the sum of its details by construction. A conversation counts in the
// bucket of its start (as the details query selects by conversation start); the real service buckets
// each metric by its emit time, which differs only for conversations crossing a bucket boundary.
import type { SeedOrg } from '../seed-org.js';
import { conversationMetrics, StatsAccumulator, serviceLevelInputs } from './genesys-metrics.js';
import type { SimConversation } from './traffic.js';

export type AggregateDimension = 'queueId' | 'userId' | 'mediaType';

export interface AggregateQuery {
  from: number;
  to: number;
  /** Bucket length in ms (the granularity); `to - from` for one bucket. */
  stepMs: number;
  groupBy: readonly AggregateDimension[];
  metrics: readonly string[];
}

export interface AggregateResult {
  group: Partial<Record<AggregateDimension, string>>;
  data: { interval: string; metrics: ReturnType<StatsAccumulator['toMetrics']> }[];
}

/** `results[]` of a ConversationAggregateQueryResponse; groups with no requested metric are left out, as Genesys does. */
export function aggregateConversations(
  org: SeedOrg,
  conversations: Iterable<SimConversation>,
  query: AggregateQuery,
): AggregateResult[] {
  const queueOf = new Map(org.queues.map((q) => [q.id, q]));
  const byUser = query.groupBy.includes('userId');
  const groups = new Map<string, { group: AggregateResult['group']; buckets: Map<number, StatsAccumulator> }>();
  for (const conv of conversations) {
    if (conv.start < query.from || conv.start >= query.to) continue;
    // Per-user rows carry only what the agent did; an abandoned call has no user to group by.
    if (byUser && !conv.agentId) continue;
    const group: AggregateResult['group'] = {};
    if (query.groupBy.includes('queueId')) group.queueId = conv.queueId;
    if (query.groupBy.includes('mediaType')) group.mediaType = conv.mediaType;
    if (byUser && conv.agentId) group.userId = conv.agentId;
    const key = `${group.queueId}|${group.mediaType}|${group.userId}`;
    let entry = groups.get(key);
    if (!entry) {
      entry = { group, buckets: new Map() };
      groups.set(key, entry);
    }
    const bucket = query.from + Math.floor((conv.start - query.from) / query.stepMs) * query.stepMs;
    let stats = entry.buckets.get(bucket);
    if (!stats) {
      stats = new StatsAccumulator();
      entry.buckets.set(bucket, stats);
    }
    for (const m of conversationMetrics(conv)) if (!byUser || m.on === 'agent') stats.add(m.name, m.value);
    const queue = queueOf.get(conv.queueId);
    if (queue && !byUser) {
      const sl = serviceLevelInputs(conv, queue);
      stats.addServiceLevel(sl.numerator, sl.denominator, queue.serviceLevel.percent / 100);
    }
  }
  const results: AggregateResult[] = [];
  for (const { group, buckets } of groups.values()) {
    const data = [...buckets.entries()]
      .sort(([a], [b]) => a - b)
      .map(([start, stats]) => ({
        interval: `${isoSeconds(start)}/${isoSeconds(Math.min(start + query.stepMs, query.to))}`,
        metrics: stats.toMetrics(query.metrics),
      }))
      .filter((d) => d.metrics.length > 0);
    if (data.length > 0) results.push({ group, data });
  }
  return results;
}

/** Genesys writes interval bounds without milliseconds. */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
