// Aggregates and details come from the same records: for a day, every aggregate metric (sum and
// count, per queue and per agent, at any granularity) equals the sum of the detail metrics emitted
// that day (emitDate), and each metric sits in the bucket of its own emit time, not of the start.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { conversationDetail } from '../../src/emulator/genesys/conversation-details.js';
import { createSeedOrg } from '../../src/emulator/seed-org.js';
import {
  type AggregateQuery,
  type AggregateResult,
  aggregateConversations,
  conversationsEmittingIn,
} from '../../src/emulator/traffic/aggregate.js';
import { GENESYS_METRICS } from '../../src/emulator/traffic/genesys-metrics.js';
import { createTraffic, type SimConversation } from '../../src/emulator/traffic/traffic.js';

const DAY_START = Date.UTC(2026, 10, 19);
const DAY_END = Date.UTC(2026, 10, 20);
const AS_OF = Date.UTC(2026, 10, 21, 6);
const org = createSeedOrg({ seed: 9 });
const traffic = createTraffic(org, { conversationsPerDay: 2500 });
/** Every conversation that can emit a metric in the day, ended or not by AS_OF. */
const day = conversationsEmittingIn(traffic, DAY_START, DAY_END, AS_OF);
const emitted = (bounds: number[], more: Partial<AggregateQuery> = {}): AggregateQuery => ({
  bounds,
  groupBy: ['queueId'],
  metrics: GENESYS_METRICS,
  asOf: AS_OF,
  attribution: 'emitted',
  ...more,
});
const steps = (from: number, to: number, step: number) =>
  Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);

interface DetailMetric {
  name: string;
  value: number;
  emitDate: string;
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
        const at = Date.parse(m.emitDate);
        if (at < DAY_START || at >= DAY_END || at > AS_OF) continue;
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
      const results = aggregateConversations(org, day, emitted(steps(DAY_START, DAY_END, granularity)));
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
    const results = aggregateConversations(org, day, emitted([DAY_START, DAY_END], { groupBy: ['userId'] }));
    assert.deepEqual(
      sumAggregates(results, (r) => r.group.userId ?? ''),
      sumDetails((_, p) => (p.purpose === 'agent' ? p.userId : undefined)),
    );
  });

  test('service level is answered-within-threshold over offered, per queue', () => {
    const results = aggregateConversations(
      org,
      day,
      emitted([DAY_START, DAY_END], { metrics: ['oServiceLevel', 'nOffered'] }),
    );
    for (const queue of org.queues) {
      // Offered on arrival; the service level is known when the call leaves the queue.
      const list = day.filter((c) => c.queueId === queue.id && c.start >= DAY_START && c.start < DAY_END);
      const left = day.filter((c) => c.queueId === queue.id && inDay(c.start + c.waitMs));
      const within = left.filter((c) => c.answered && c.waitMs <= queue.serviceLevel.thresholdSeconds * 1000).length;
      const metrics = results.find((r) => r.group.queueId === queue.id)?.data[0]?.metrics ?? [];
      const sl = metrics.find((m) => m.metric === 'oServiceLevel')?.stats;
      assert.equal(sl?.numerator, within, queue.name);
      assert.equal(sl?.denominator, left.length, queue.name);
      assert.equal(sl?.target, queue.serviceLevel.percent / 100);
      assert.deepEqual(metrics.find((m) => m.metric === 'nOffered')?.stats, { count: list.length });
    }
  });

  test('only requested metrics, only the window, min and max bound every value', () => {
    const results = aggregateConversations(
      org,
      day,
      emitted([DAY_START + 3600_000, DAY_START + 2 * 3600_000], {
        groupBy: ['queueId', 'mediaType'],
        metrics: ['tHandle'],
      }),
    );
    // Handle time is emitted when after-call work ends.
    const inWindow = day.filter((c) => c.answered && c.end >= DAY_START + 3600_000 && c.end < DAY_START + 7200_000);
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

  test('each metric in the bucket of its emit time: offered at 09:58, answered at 10:00:30, handled at 10:09', () => {
    const queue = org.queues.find((q) => q.memberIds.length > 0 && q.mediaType === 'voice');
    assert.ok(queue);
    const start = DAY_START + 9 * 3600_000 + 58 * 60_000;
    const call: SimConversation = {
      id: '00000000-0000-4000-8000-000000000001',
      queueId: queue.id,
      mediaType: 'voice',
      start,
      waitMs: 145_000,
      answered: true,
      agentId: queue.memberIds[0],
      alertMs: 5_000,
      talkMs: 300_000,
      holdMs: 60_000,
      acwMs: 180_000,
      transferred: false,
      end: start + 145_000 + 5_000 + 300_000 + 60_000 + 180_000,
      wrapUpCode: 'Resolved',
      wrapUpAt: start + 690_000,
      ani: 'tel:+15550000001',
    };
    const half = 30 * 60_000;
    const results = aggregateConversations(
      org,
      [call],
      emitted([start - 28 * 60_000, start + 2 * 60_000, start + 2 * 60_000 + half]),
    );
    const bucket = (iso: string) =>
      results[0]?.data.find((d) => d.interval.startsWith(iso))?.metrics.map((m) => m.metric);
    assert.deepEqual(bucket('2026-11-19T09:30:00Z'), ['nOffered']);
    assert.deepEqual(bucket('2026-11-19T10:00:00Z'), [
      'nConnected',
      'tAcd',
      'tWait',
      'tAnswered',
      'tAlert',
      'tTalk',
      'tHeld',
      'tAcw',
      'tHandle',
      'oServiceLevel',
    ]);
    // Before the end of after-call work the handle time is not there yet; the offer and answer are.
    const midCall = aggregateConversations(
      org,
      [call],
      emitted([start - 28 * 60_000, start + 2 * 60_000 + half], { asOf: start + 150_000 }),
    );
    assert.deepEqual(
      midCall[0]?.data[0]?.metrics.map((m) => m.metric),
      ['nOffered', 'nConnected', 'tAcd', 'tWait', 'tAnswered', 'tAlert', 'oServiceLevel'],
    );
    // CXone's attribution keeps the whole contact on its start.
    const byStart = aggregateConversations(
      org,
      [call],
      emitted([start - 28 * 60_000, start + 2 * 60_000, start + 2 * 60_000 + half], { attribution: 'start' }),
    );
    assert.equal(byStart[0]?.data.length, 1);
  });
});

function inDay(ms: number): boolean {
  return ms >= DAY_START && ms < DAY_END && ms <= AS_OF;
}
