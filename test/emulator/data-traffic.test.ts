// The emulator's synthetic traffic as plain data: determinism, volume and shape, the timeline of each
// record, what "as of now" hides (unfinished conversations, late wrap-up codes), and a 100k day.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createSeedOrg } from '../../src/emulator/seed-org.js';
import {
  conversationsBetween,
  conversationsInProgress,
  createTraffic,
  LATEST_CHANGE_AFTER_END_MS,
  LONGEST_CONVERSATION_MS,
  phaseAt,
  type SimConversation,
} from '../../src/emulator/traffic/traffic.js';

const HOUR = 3600_000;
const DAY_START = Date.UTC(2026, 10, 19);
const DAY_END = DAY_START + 24 * HOUR;
const org = createSeedOrg({ seed: 5 });

describe('synthetic traffic', () => {
  test('the same seed gives the same conversations; another seed gives others', () => {
    const a = createTraffic(createSeedOrg({ seed: 5 })).conversationsStarting(DAY_START, DAY_END);
    const b = createTraffic(createSeedOrg({ seed: 5 })).conversationsStarting(DAY_START, DAY_END);
    const c = createTraffic(createSeedOrg({ seed: 6 })).conversationsStarting(DAY_START, DAY_END);
    assert.deepEqual(a, b);
    const ids = new Set(a.map((x) => x.id));
    assert.equal(c.filter((x) => ids.has(x.id)).length, 0);
  });

  test('a day holds the configured volume across every queue, busier by day than by night', () => {
    const traffic = createTraffic(org, { conversationsPerDay: 3000 });
    const day = traffic.conversationsStarting(DAY_START, DAY_END);
    assert.ok(Math.abs(day.length - 3000) <= org.queues.length, `${day.length} conversations`);
    assert.deepEqual(new Set(day.map((c) => c.queueId)), new Set(org.queues.map((q) => q.id)));
    const inHour = (h: number) =>
      day.filter((c) => c.start >= DAY_START + h * HOUR && c.start < DAY_START + (h + 1) * HOUR);
    assert.ok(inHour(10).length > 4 * inHour(3).length, `10:00 ${inHour(10).length} vs 03:00 ${inHour(3).length}`);
    for (let i = 1; i < day.length; i++)
      assert.ok((day[i - 1] as SimConversation).start <= (day[i] as SimConversation).start);
  });

  test('each record is a consistent timeline: abandons, answers by queue members, holds, transfers, wrap-ups', () => {
    const day = createTraffic(org).conversationsStarting(DAY_START, DAY_END);
    const members = new Map(org.queues.map((q) => [q.id, new Set(q.memberIds)]));
    for (const c of day) {
      assert.equal(c.end, c.start + c.waitMs + c.alertMs + c.talkMs + c.holdMs + c.acwMs, c.id);
      if (c.answered) {
        assert.ok(c.agentId && members.get(c.queueId)?.has(c.agentId), `agent of ${c.id} is a member of its queue`);
        assert.ok(c.talkMs > 0 && c.acwMs > 0 && c.alertMs > 0 && c.wrapUpCode);
      } else {
        assert.equal(c.agentId, undefined);
        assert.equal(c.talkMs + c.holdMs + c.acwMs + c.alertMs, 0);
        assert.equal(c.wrapUpCode, undefined);
      }
      assert.ok(c.wrapUpAt >= c.end && c.wrapUpAt - c.end <= LATEST_CHANGE_AFTER_END_MS);
      assert.ok(c.end - c.start < LONGEST_CONVERSATION_MS);
    }
    const share = (f: (c: SimConversation) => boolean) => day.filter(f).length / day.length;
    assert.ok(share((c) => !c.answered) > 0.01, 'some abandon');
    assert.ok(share((c) => c.holdMs > 0) > 0.05, 'some are held');
    assert.ok(share((c) => c.transferred) > 0.005, 'some are transferred');
    assert.ok(share((c) => c.wrapUpAt > c.end) > 0.03, 'some get their wrap-up code late');
  });

  test('conversationsBetween leaves out what has not ended at asOf; in-progress has the rest', () => {
    const traffic = createTraffic(org);
    const now = DAY_START + 14 * HOUR + 17 * 60_000;
    const started = traffic.conversationsStarting(now - 2 * HOUR, now + 1);
    const ended = conversationsBetween(traffic, now - 2 * HOUR, now + 1, now);
    const live = conversationsInProgress(traffic, now);
    assert.ok(ended.every((c) => c.end <= now));
    assert.ok(live.length > 0 && live.every(({ conversation: c }) => c.start <= now && now < c.end));
    const liveRecent = live.filter(({ conversation: c }) => c.start >= now - 2 * HOUR);
    assert.equal(ended.length + liveRecent.length, started.length);
    for (const { conversation, phase } of live) assert.equal(phaseAt(conversation, now), phase);
    assert.ok(live.some((l) => l.phase === 'waiting') && live.some((l) => l.phase === 'interacting'));
  });

  test('a late wrap-up code is absent as of the end and present once it arrives; lastUpdated follows', () => {
    const traffic = createTraffic(org);
    const late = traffic.conversationsStarting(DAY_START, DAY_END).find((c) => c.wrapUpAt > c.end);
    assert.ok(late);
    const atEnd = traffic.asOf(late, late.end);
    assert.equal(atEnd?.wrapUpCode, undefined);
    assert.equal(traffic.lastUpdated(late, late.end), late.end);
    assert.equal(traffic.asOf(late, late.wrapUpAt)?.wrapUpCode, late.wrapUpCode);
    assert.equal(traffic.lastUpdated(late, late.wrapUpAt + HOUR), late.wrapUpAt);
    assert.equal(traffic.asOf(late, late.end - 1), undefined, 'not ended yet: not a history record');
    const before = conversationsBetween(traffic, late.start, late.start + 1, late.end).find((c) => c.id === late.id);
    const after = conversationsBetween(traffic, late.start, late.start + 1, late.wrapUpAt).find(
      (c) => c.id === late.id,
    );
    assert.equal(before?.wrapUpCode, undefined);
    assert.equal(after?.wrapUpCode, late.wrapUpCode);
  });

  test('windows compose: a day equals its hours, and a window reads the same before and after others', () => {
    const traffic = createTraffic(org);
    const asOf = DAY_END + 3 * 24 * HOUR;
    const hours: SimConversation[] = [];
    for (let h = 0; h < 24; h++)
      hours.push(...conversationsBetween(traffic, DAY_START + h * HOUR, DAY_START + (h + 1) * HOUR, asOf));
    const fresh = createTraffic(org);
    assert.deepEqual(hours, conversationsBetween(fresh, DAY_START, DAY_END, asOf));
  });

  test('a 100,000-conversation day generates in bounded time and memory (figures reported, not asserted)', (t) => {
    const traffic = createTraffic(org, { conversationsPerDay: 100_000 });
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const day = traffic.conversationsStarting(DAY_START, DAY_END);
    const generatedMs = performance.now() - started;
    const hourStarted = performance.now();
    const hour = conversationsBetween(traffic, DAY_START + 10 * HOUR, DAY_START + 11 * HOUR, DAY_END + HOUR);
    const hourMs = performance.now() - hourStarted;
    const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
    assert.ok(Math.abs(day.length - 100_000) <= org.queues.length);
    assert.ok(hour.length > 5000);
    t.diagnostic(
      `100k day: generated in ${generatedMs.toFixed(0)} ms, one cached hour read in ${hourMs.toFixed(1)} ms, heap +${heapMb.toFixed(0)} MB`,
    );
  });
});
