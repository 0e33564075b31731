import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TokenManager } from '../../src/auth/index.js';
import { type CxoneConfig, findOrg, type GenesysConfig, parseConfig } from '../../src/config/index.js';
import { Secret } from '../../src/core/index.js';
import { seedClient, seedUser, setCxoneLimits } from '../../src/emulator/index.js';
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
import { cxoneSuite, DAY_END, DAY_START } from '../support/cxone-suite.js';
import { signInAs } from '../support/login-form.js';

const suite = cxoneSuite(11, 1500);
const genesys = (): GenesysConfig => findOrg(parseConfig(suite.emulator.env()), 'genesys');

const sum = <T>(list: readonly T[], f: (x: T) => number) => list.reduce((s, x) => s + f(x), 0);

/** Genesys per-user aggregates of the same day, keyed by the user's CXone agent id. */
async function genesysAgentSums(): Promise<
  Map<string, { handled: number; talk: number; held: number; acw: number; handle: number }>
> {
  const { data } = await (await clientFor(genesys(), { clock: suite.clock })).request<{
    results?: {
      group: { userId: string };
      data: { metrics: { metric: string; stats: { count: number; sum?: number } }[] }[];
    }[];
  }>({
    method: 'POST',
    path: '/api/v2/analytics/conversations/aggregates/query',
    body: {
      interval: `${new Date(DAY_START).toISOString()}/${new Date(DAY_END).toISOString()}`,
      granularity: 'P1D',
      groupBy: ['userId'],
      metrics: ['tTalk', 'tHeld', 'tAcw', 'tHandle'],
    },
    idempotent: true,
  });
  const agentIdOf = new Map(suite.emulator.org.users.map((u) => [u.id, String(u.cxoneAgentId)]));
  const out = new Map<string, { handled: number; talk: number; held: number; acw: number; handle: number }>();
  for (const { group, data: buckets } of data.results ?? []) {
    const stat = (name: string) => buckets.flatMap((b) => b.metrics).find((m) => m.metric === name)?.stats;
    out.set(agentIdOf.get(group.userId) ?? group.userId, {
      handled: stat('tHandle')?.count ?? 0,
      talk: stat('tTalk')?.sum ?? 0,
      held: stat('tHeld')?.sum ?? 0,
      acw: stat('tAcw')?.sum ?? 0,
      handle: stat('tHandle')?.sum ?? 0,
    });
  }
  return out;
}

describe('CXone agent performance, team totals and SLA summaries through the emulator', () => {
  test('agent intervals carry the same numbers as the Genesys per-user aggregates of the same traffic', async () => {
    const client = await clientFor(suite.cxone, { clock: suite.clock });
    const agents = await agentPerformanceIntervals(client, 'default', DAY_START, DAY_END);
    const genesysSums = await genesysAgentSums();
    const busy = agents.filter((a) => a.handled > 0);
    assert.ok(busy.length >= 10, `${busy.length} agents handled contacts`);
    assert.equal(busy.length, genesysSums.size);
    for (const a of agents) {
      assert.equal(a.vendor, 'cxone');
      assert.equal(a.intervalStart, DAY_START);
      assert.equal(a.intervalEnd, DAY_END);
      const g = genesysSums.get(a.agentId) ?? { handled: 0, talk: 0, held: 0, acw: 0, handle: 0 };
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
    const limited = seedClient(suite.emulator.org, 'cxone', 'limited');
    const org: CxoneConfig = {
      ...suite.cxone,
      clientId: limited.id,
      clientSecret: new Secret(limited.secret),
      daemonGrant: 'client-credentials',
    };
    const client = await clientFor(org, { clock: suite.clock });
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
    const tokens = await signInAs(suite.cxone, 'alice', { clock: suite.clock });
    const client = await clientFor(suite.cxone, {
      clock: suite.clock,
      tokens: new TokenManager({ key: 'alice', clock: suite.clock, obtain: async () => tokens }),
    });
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
