// Genesys conversation aggregates computed from the same records the details are rendered from:
// every metric lands in the interval of its emit time (the detail metric's emitDate), as Genesys
// documents ("metrics are assigned a single timestamp ... when the metric calculation is complete";
// handle time at the end of after-call work), so an interval's aggregates equal the sum of the detail
// metrics emitted in it — a call that starts at 09:58 is offered at 09:58 and handled at 10:06.
import type { SeedOrg } from '../seed-org.js';
import { conversationMetrics, StatsAccumulator, serviceLevelInputs } from './genesys-metrics.js';
import { LONGEST_CONVERSATION_MS, type SimConversation, type Traffic } from './traffic.js';

export type AggregateDimension = 'queueId' | 'userId' | 'mediaType';

export interface AggregateQuery {
  /** Bucket bounds in order: bucket i is [bounds[i], bounds[i+1]); the first is the interval's start, the last its end. */
  bounds: readonly number[];
  groupBy: readonly AggregateDimension[];
  metrics: readonly string[];
  /** Nothing emitted after this moment is there yet (a waiting call is offered, not yet answered). */
  asOf: number;
  /**
   * What places a metric in a bucket: its emit time (Genesys), or the conversation's start for every
   * metric of it (CXone's agent performance, whose attribution NICE does not document).
   */
  attribution: 'emitted' | 'start';
}

export interface AggregateResult {
  group: Partial<Record<AggregateDimension, string>>;
  data: { interval: string; metrics: ReturnType<StatsAccumulator['toMetrics']> }[];
}

/**
 * The conversations that can have emitted a metric in [from, to) by `asOf`: every one started since
 * the longest conversation before `from`, ended or still under way.
 */
export function conversationsEmittingIn(traffic: Traffic, from: number, to: number, asOf: number): SimConversation[] {
  return traffic.conversationsStarting(from - LONGEST_CONVERSATION_MS, Math.min(to, asOf + 1));
}

/** `results[]` of a ConversationAggregateQueryResponse; groups with no requested metric are left out, as Genesys does. */
export function aggregateConversations(
  org: SeedOrg,
  conversations: Iterable<SimConversation>,
  query: AggregateQuery,
): AggregateResult[] {
  const { bounds } = query;
  const from = bounds[0] ?? 0;
  const to = bounds[bounds.length - 1] ?? 0;
  const queueOf = new Map(org.queues.map((q) => [q.id, q]));
  const byUser = query.groupBy.includes('userId');
  const groups = new Map<string, { group: AggregateResult['group']; buckets: Map<number, StatsAccumulator> }>();
  const statsAt = (conv: SimConversation, emittedAt: number): StatsAccumulator | undefined => {
    if (emittedAt > query.asOf) return undefined;
    const at = query.attribution === 'start' ? conv.start : emittedAt;
    if (at < from || at >= to) return undefined;
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
    const bucket = bucketOf(bounds, at);
    let stats = entry.buckets.get(bucket);
    if (!stats) {
      stats = new StatsAccumulator();
      entry.buckets.set(bucket, stats);
    }
    return stats;
  };
  for (const conv of conversations) {
    // Everything a conversation emits lies within [start, end]: most candidates end before the window.
    if (conv.end < from || conv.start >= to) continue;
    // Per-user rows carry only what the agent did; an abandoned call has no user to group by.
    if (byUser && !conv.agentId) continue;
    for (const m of conversationMetrics(conv))
      if (!byUser || m.on === 'agent') statsAt(conv, m.at)?.add(m.name, m.value);
    const queue = queueOf.get(conv.queueId);
    if (queue && !byUser) {
      const sl = serviceLevelInputs(conv, queue);
      statsAt(conv, sl.at)?.addServiceLevel(sl.numerator, sl.denominator, queue.serviceLevel.percent / 100);
    }
  }
  const results: AggregateResult[] = [];
  for (const { group, buckets } of groups.values()) {
    const data = [...buckets.entries()]
      .sort(([a], [b]) => a - b)
      .map(([i, stats]) => ({
        interval: `${isoSeconds(bounds[i] ?? 0)}/${isoSeconds(bounds[i + 1] ?? 0)}`,
        metrics: stats.toMetrics(query.metrics),
      }))
      .filter((d) => d.metrics.length > 0);
    if (data.length > 0) results.push({ group, data });
  }
  return results;
}

/** Index of the bucket [bounds[i], bounds[i+1]) holding `at` (inside the bounds). */
function bucketOf(bounds: readonly number[], at: number): number {
  let lo = 0;
  let hi = bounds.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((bounds[mid] ?? 0) <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Genesys writes interval bounds without milliseconds. */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
