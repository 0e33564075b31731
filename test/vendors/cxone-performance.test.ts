import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { seedUser, setCxoneLimits } from '../../src/emulator/index.js';
import { conversationsBetween } from '../../src/emulator/traffic/traffic.js';
import { ApiError, ForbiddenError } from '../../src/http/index.js';
import type { AgentInterval } from '../../src/model/index.js';
import {
  agentPerformanceIntervals,
  CxoneDateRangeError,
  skillServiceLevels,
  skillSummaryIntervals,
  teamPerformanceTotals,
} from '../../src/vendors/cxone/index.js';
import { clientFor } from '../support/connect-client.js';
import { cxoneSuite, DAY_END, DAY_START, NOW } from '../support/cxone-suite.js';

const suite = cxoneSuite(11, 1500);

const sum = <T>(list: readonly T[], f: (x: T) => number) => list.reduce((s, x) => s + f(x), 0);

/**
 * Each agent's sums over the contacts that started that day, straight from the emulator's traffic
 * (CXone's attribution of a contact crossing midnight is not documented; Genesys's aggregates put
 * each figure at its emit time instead, so they are no reference here).
 */
function trafficAgentSums(): Map<string, { handled: number; talk: number; held: number; acw: number; handle: number }> {
  const agentIdOf = new Map(suite.emulator.org.users.map((u) => [u.id, String(u.cxoneAgentId)]));
  const out = new Map<string, { handled: number; talk: number; held: number; acw: number; handle: number }>();
  for (const c of conversationsBetween(suite.emulator.context.traffic, DAY_START, DAY_END, NOW)) {
    if (!c.agentId) continue;
    const id = agentIdOf.get(c.agentId) ?? c.agentId;
    const sums = out.get(id) ?? { handled: 0, talk: 0, held: 0, acw: 0, handle: 0 };
    sums.handled++;
    sums.talk += c.talkMs;
    sums.held += c.holdMs;
    sums.acw += c.acwMs;
    sums.handle += c.talkMs + c.holdMs + c.acwMs;
    out.set(id, sums);
  }
  return out;
}

describe('CXone agent performance, team totals and SLA summaries through the emulator', () => {
  test("agent intervals carry each agent's sums over the contacts of the day, from the traffic", async () => {
    const client = await clientFor(suite.cxone, { clock: suite.clock });
    const agents = await agentPerformanceIntervals(client, 'default', DAY_START, DAY_END);
    const expected = trafficAgentSums();
    const busy = agents.filter((a) => a.handled > 0);
    assert.ok(busy.length >= 10, `${busy.length} agents handled contacts`);
    assert.equal(busy.length, expected.size);
    for (const a of agents) {
      assert.equal(a.vendor, 'cxone');
      assert.equal(a.intervalStart, DAY_START);
      assert.equal(a.intervalEnd, DAY_END);
      const g = expected.get(a.agentId) ?? { handled: 0, talk: 0, held: 0, acw: 0, handle: 0 };
      // CXone's talk time includes hold and it sends no hold of its own: talk = Genesys talk + held.
      assert.deepEqual(
        { handled: a.handled, talkMs: a.talkMs, holdMs: a.holdMs, acwMs: a.acwMs, handleMs: a.handleMs },
        { handled: g.handled, talkMs: g.talk + g.held, holdMs: 0, acwMs: g.acw, handleMs: g.handle },
        `agent ${a.agentId}`,
      );
      // The emulated tenant has no presence data: said as "unknown", not as 0.
      assert.equal(a.idleMs, undefined);
      assert.equal(a.onQueueMs, undefined);
    }
    assert.ok(
      sum(agents, (a) => a.handleMs) > sum(agents, (a) => a.talkMs),
      'handle time is talk (with hold) plus after-call work',
    );
  });

  test('agents handled exactly what the skills summary says was handled', async () => {
    const client = await clientFor(suite.cxone, { clock: suite.clock });
    const agents = await agentPerformanceIntervals(client, 'default', DAY_START, DAY_END);
    const skills = await skillSummaryIntervals(client, 'default', DAY_START, DAY_END);
    assert.equal(
      sum(agents, (a) => a.handled),
      sum(skills, (s) => s.answered),
    );
  });

  test('a window over 31 days goes as 31-day pieces; an end before the start is refused before any request', async () => {
    const client = await clientFor(suite.cxone, { clock: suite.clock });
    const before = suite.emulator.context.stats.apiRequests.length;
    await assert.rejects(
      agentPerformanceIntervals(client, 'default', DAY_END, DAY_START),
      (e) => e instanceof CxoneDateRangeError,
    );
    assert.equal(suite.emulator.context.stats.apiRequests.length, before, 'no request left ccpulse');
    const from = DAY_END - 32 * 86_400_000;
    const pieces = await agentPerformanceIntervals(client, 'default', from, DAY_END);
    assert.deepEqual(
      [...new Set(pieces.map((a) => `${a.intervalStart}/${a.intervalEnd}`))].sort(),
      [`${from}/${from + 31 * 86_400_000}`, `${from + 31 * 86_400_000}/${DAY_END}`].sort(),
    );
    assert.deepEqual(
      suite.emulator.context.stats.apiRequests.slice(before).map((r) => r.status),
      [200, 200],
    );

    // One sent anyway is refused by the emulator, as by CXone.
    const raw = await client
      .request({
        method: 'GET',
        path: 'agents/performance',
        query: { startDate: new Date(from).toISOString(), endDate: new Date(DAY_END).toISOString() },
      })
      .catch((e: unknown) => e);
    assert.ok(raw instanceof ApiError && raw.status === 400, String(raw));
    assert.match(raw.message, /cannot span more than 31 days/);
  });

  test('team totals are the sums of their agents, durations parsed from ISO 8601', async () => {
    const client = await clientFor(suite.cxone, { clock: suite.clock });
    const agents = await agentPerformanceIntervals(client, 'default', DAY_START, DAY_END);
    const teams = await teamPerformanceTotals(client, 'default', DAY_START, DAY_END);
    const teamOf = new Map(suite.emulator.org.users.map((u) => [String(u.cxoneAgentId), String(u.cxoneTeamId)]));
    assert.ok(teams.length >= 2);
    for (const t of teams) {
      const mine = agents.filter((a) => teamOf.get(a.agentId) === t.teamId);
      assert.ok(mine.length > 0);
      for (const field of ['handled', 'talkMs', 'holdMs', 'acwMs', 'handleMs'] as const)
        assert.equal(
          t[field],
          sum(mine, (a: AgentInterval) => a[field]),
          `team ${t.teamId} ${field}`,
        );
      assert.equal(t.loginMs, undefined);
    }
    // Durations really went through the parser: whole-day sums of minutes-long calls.
    assert.ok(sum(teams, (t) => t.talkMs) > 3_600_000);
  });

  test('SLA summaries page through _links.next and agree with the skills summary', async () => {
    const client = await clientFor(suite.cxone, { clock: suite.clock });
    setCxoneLimits(suite.emulator.context, { slaSummaryPageSize: 2 });
    const requestsBefore = suite.emulator.context.stats.apiRequests.length;
    const levels = await skillServiceLevels(client, 'default', DAY_START, DAY_END);
    const pages = suite.emulator.context.stats.apiRequests
      .slice(requestsBefore)
      .filter((r) => r.path.endsWith('/skills/sla-summary')).length;
    setCxoneLimits(suite.emulator.context, { slaSummaryPageSize: 100 });
    assert.equal(pages, Math.ceil(suite.emulator.org.queues.length / 2));
    const skills = await skillSummaryIntervals(client, 'default', DAY_START, DAY_END);
    assert.deepEqual(levels.map((l) => l.queueId).sort(), skills.map((s) => s.queueId).sort());
    for (const l of levels) {
      const s = skills.find((x) => x.queueId === l.queueId);
      assert.equal(l.serviceLevelNumerator, s?.serviceLevelNumerator);
      assert.equal(l.serviceLevelDenominator, s?.offered, 'every offered contact counts for the SLA');
    }
  });

  test('a client without the reporting permission gets ForbiddenError from each new report', async () => {
    const client = await suite.limitedClient();
    for (const report of [agentPerformanceIntervals, teamPerformanceTotals, skillServiceLevels]) {
      const error = await report(client, 'default', DAY_START, DAY_END).catch((e: unknown) => e);
      assert.ok(error instanceof ForbiddenError, String(error));
      assert.equal(error.status, 403);
      // CXone names the permission in the status line / icStatusDescription, with no body.
      assert.equal(error.vendorCode, undefined);
      assert.match(error.message, /reporting:view/);
    }
  });

  test("a supervisor's own token sees only the agents, teams and skills of their queues", async () => {
    const alice = seedUser(suite.emulator.org, 'alice');
    const client = await suite.userClient('alice');
    const mine = new Set(alice.queueIds);
    const members = new Set(suite.emulator.org.queues.filter((q) => mine.has(q.id)).flatMap((q) => q.memberIds));
    const agentIds = new Set(
      suite.emulator.org.users.filter((u) => members.has(u.id)).map((u) => String(u.cxoneAgentId)),
    );

    const agents = await agentPerformanceIntervals(client, 'default', DAY_START, DAY_END);
    assert.deepEqual(new Set(agents.map((a) => a.agentId)), agentIds);
    const skills = await skillSummaryIntervals(client, 'default', DAY_START, DAY_END);
    const skillIds = new Set(suite.emulator.org.queues.filter((q) => mine.has(q.id)).map((q) => String(q.skillId)));
    assert.deepEqual(new Set(skills.map((s) => s.queueId)), skillIds);
    assert.equal(
      sum(agents, (a) => a.handled),
      sum(skills, (s) => s.answered),
    );
    const levels = await skillServiceLevels(client, 'default', DAY_START, DAY_END);
    assert.deepEqual(new Set(levels.map((l) => l.queueId)), skillIds);
    const teams = await teamPerformanceTotals(client, 'default', DAY_START, DAY_END);
    assert.deepEqual(
      teams.map((t) => t.teamId),
      [String(alice.cxoneTeamId)],
    );
  });
});
