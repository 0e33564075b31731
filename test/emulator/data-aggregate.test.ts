// Aggregates and details come from the same records: for a day, every aggregate metric (sum and
// count, per queue and per agent, at any granularity) equals the sum over that day's detail records.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { conversationDetail } from '../../src/emulator/genesys/conversation-details.js';
import { createSeedOrg } from '../../src/emulator/seed-org.js';
import { type AggregateResult, aggregateConversations } from '../../src/emulator/traffic/aggregate.js';
import { GENESYS_METRICS } from '../../src/emulator/traffic/genesys-metrics.js';
import { conversationsBetween, createTraffic } from '../../src/emulator/traffic/traffic.js';

const DAY_START = Date.UTC(2026, 10, 19);
const DAY_END = Date.UTC(2026, 10, 20);
const AS_OF = Date.UTC(2026, 10, 21, 6);
const org = createSeedOrg({ seed: 9 });
const traffic = createTraffic(org, { conversationsPerDay: 2500 });
const day = conversationsBetween(traffic, DAY_START, DAY_END, AS_OF);

interface DetailMetric {
  name: string;
  value: number;
}
interface DetailShape {
  participants: {
    purpose: string;
    userId?: string;
    sessions: { segments: { queueId?: string }[]; metrics?: DetailMetric[] }[];
  }[];
}

/** Sums of detail metrics by key, read from the rendered Genesys detail records only. */
function sumDetails(keyOf: (d: DetailShape, p: DetailShape['participants'][number]) => string | undefined) {
  const sums = new Map<string, { sum: number; count: number }>();
  for (const conv of day) {
    const detail = conversationDetail(org, conv) as unknown as DetailShape;
    for (const p of detail.participants) {
      const key = keyOf(detail, p);
      if (key === undefined) continue;
      for (const m of p.sessions.flatMap((s) => s.metrics ?? [])) {
        const s = sums.get(`${key}|${m.name}`) ?? { sum: 0, count: 0 };
        s.sum += m.value;
        s.count++;
        sums.set(`${key}|${m.name}`, s);
      }
    }
  }
  return sums;
}

/** Sums of aggregate metrics by key over every interval of every group. */
function sumAggregates(results: AggregateResult[], keyOf: (r: AggregateResult) => string) {
  const sums = new Map<string, { sum: number; count: number }>();
  for (const r of results)
    for (const d of r.data)
      for (const m of d.metrics) {
        if (m.metric === 'oServiceLevel') continue;
        const s = sums.get(`${keyOf(r)}|${m.metric}`) ?? { sum: 0, count: 0 };
        // Count metrics carry only `count`: each occurrence has value 1.
        s.sum += m.stats.sum ?? m.stats.count;
        s.count += m.stats.count;
        sums.set(`${keyOf(r)}|${m.metric}`, s);
      }
  return sums;
}

const queueOfDetail = (d: DetailShape) =>
  d.participants.find((p) => p.purpose === 'acd')?.sessions[0]?.segments[0]?.queueId;

describe('aggregates from the traffic', () => {
  for (const granularity of [30 * 60_000, 3600_000, 86_400_000]) {
    test(`per queue at ${granularity / 60_000} min buckets: aggregates equal the sum of the day's details`, () => {
      const results = aggregateConversations(org, day, {
        from: DAY_START,
        to: DAY_END,
        stepMs: granularity,
        groupBy: ['queueId'],
        metrics: GENESYS_METRICS,
      });
      const fromAggregates = sumAggregates(results, (r) => r.group.queueId ?? '');
      const fromDetails = sumDetails((d) => queueOfDetail(d));
      assert.ok(fromDetails.size > 40, `${fromDetails.size} queue x metric sums`);
      assert.deepEqual(fromAggregates, fromDetails);
      for (const r of results)
        for (const d of r.data) {
          const [from, to] = d.interval.split('/').map((x) => Date.parse(x ?? '')) as [number, number];
          assert.ok(from >= DAY_START && to <= DAY_END && to - from === granularity, d.interval);
        }
    });
  }

  test("per agent: each agent's aggregate equals the metrics on their own participant records", () => {
    const results = aggregateConversations(org, day, {
      from: DAY_START,
      to: DAY_END,
      stepMs: DAY_END - DAY_START,
      groupBy: ['userId'],
      metrics: GENESYS_METRICS,
    });
    assert.deepEqual(
      sumAggregates(results, (r) => r.group.userId ?? ''),
      sumDetails((_, p) => (p.purpose === 'agent' ? p.userId : undefined)),
    );
  });

  test('service level is answered-within-threshold over offered, per queue', () => {
    const results = aggregateConversations(org, day, {
      from: DAY_START,
      to: DAY_END,
      stepMs: DAY_END - DAY_START,
      groupBy: ['queueId'],
      metrics: ['oServiceLevel', 'nOffered'],
    });
    for (const queue of org.queues) {
      const list = day.filter((c) => c.queueId === queue.id);
      const within = list.filter((c) => c.answered && c.waitMs <= queue.serviceLevel.thresholdSeconds * 1000).length;
      const metrics = results.find((r) => r.group.queueId === queue.id)?.data[0]?.metrics ?? [];
      const sl = metrics.find((m) => m.metric === 'oServiceLevel')?.stats;
      assert.equal(sl?.numerator, within, queue.name);
      assert.equal(sl?.denominator, list.length, queue.name);
      assert.equal(sl?.target, queue.serviceLevel.percent / 100);
      assert.deepEqual(metrics.find((m) => m.metric === 'nOffered')?.stats, { count: list.length });
    }
  });

  test('only requested metrics, only the window, min and max bound every value', () => {
    const results = aggregateConversations(org, day, {
      from: DAY_START + 3600_000,
      to: DAY_START + 2 * 3600_000,
      stepMs: 3600_000,
      groupBy: ['queueId', 'mediaType'],
      metrics: ['tHandle'],
    });
    const inWindow = day.filter((c) => c.answered && c.start >= DAY_START + 3600_000 && c.start < DAY_START + 7200_000);
    assert.equal(
      results.reduce((s, r) => s + (r.data[0]?.metrics[0]?.stats.count ?? 0), 0),
      inWindow.length,
    );
    for (const r of results) {
      assert.equal(r.group.mediaType, org.queues.find((q) => q.id === r.group.queueId)?.mediaType);
      const [m] = r.data[0]?.metrics ?? [];
      assert.equal(m?.metric, 'tHandle');
      assert.equal(r.data[0]?.metrics.length, 1);
      const handles = inWindow.filter((c) => c.queueId === r.group.queueId).map((c) => c.talkMs + c.holdMs + c.acwMs);
      assert.equal(m?.stats.min, Math.min(...handles));
      assert.equal(m?.stats.max, Math.max(...handles));
    }
  });
});
