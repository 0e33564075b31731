// CXone agent and team performance on the emulator: `agents/performance` -> `agentPerformance` (at most
// 31 days per call) and `teams/performance-total` -> `teamPerformanceTotal`, durations as ISO 8601.
// The per-agent sums are the Genesys per-user aggregates of the same traffic (aggregateConversations,
// each contact on the day it started: NICE does not say how it attributes a contact crossing midnight),
// so both vendors report the same agent numbers and they add up to skills/summary's contactsHandled.
// Time fields as CXone means them (performanceFields). The traffic has no presence model, so
// login/available/unavailable times and the rates built on them are null (CXone's schema allows null)
// rather than invented.
import type { Hono } from 'hono';
import type { EmulatorContext, Principal } from '../emulator-context.js';
import { CXONE_PERMISSIONS, type SeedUser } from '../seed-org.js';
import { aggregateConversations } from '../traffic/aggregate.js';
import { conversationsBetween } from '../traffic/traffic.js';
import { authorizeCxone, dateRange, reportRows } from './cxone-request.js';
import { isoDuration } from './iso-duration.js';

/** CXone refuses agents/performance over more than 31 days. */
const AGENT_PERFORMANCE_MAX_DAYS = 31;
const METRICS = ['nConnected', 'tTalk', 'tAcw', 'tHandle'] as const;

interface AgentSums {
  handled: number;
  talkMs: number;
  acwMs: number;
  /** Talk + hold + after-call work: hold is what is left after talk and after-call work. */
  handleMs: number;
}
const ZERO: AgentSums = { handled: 0, talkMs: 0, acwMs: 0, handleMs: 0 };

export function mountCxonePerformance(app: Hono, ctx: EmulatorContext): void {
  const { org, traffic } = ctx;
  const base = '/inContactAPI/services/:version';

  /** Agents who work a skill the caller may see, each with their sums over [from, to). */
  const agentSums = (principal: Principal, from: number, to: number): { agent: SeedUser; sums: AgentSums }[] => {
    const visible = principal.visibleQueueIds;
    const now = ctx.clock.now();
    const ended = conversationsBetween(traffic, from, to, now).filter((conv) => visible.has(conv.queueId));
    const results = aggregateConversations(org, ended, {
      bounds: [from, to],
      groupBy: ['userId'],
      metrics: METRICS,
      asOf: now,
      attribution: 'start',
    });
    const byUser = new Map<string, AgentSums>();
    for (const { group, data } of results) {
      const sums = { ...ZERO };
      for (const { metrics } of data)
        for (const { metric, stats } of metrics) {
          if (metric === 'nConnected') sums.handled += stats.count;
          if (metric === 'tTalk') sums.talkMs += stats.sum ?? 0;
          if (metric === 'tAcw') sums.acwMs += stats.sum ?? 0;
          if (metric === 'tHandle') sums.handleMs += stats.sum ?? 0;
        }
      if (group.userId) byUser.set(group.userId, sums);
    }
    const members = new Set(org.queues.filter((q) => visible.has(q.id)).flatMap((q) => q.memberIds));
    return org.users.filter((u) => members.has(u.id)).map((agent) => ({ agent, sums: byUser.get(agent.id) ?? ZERO }));
  };

  app.get(`${base}/agents/performance`, (c) => {
    const principal = authorizeCxone(ctx, c, CXONE_PERMISSIONS.reporting);
    if (principal instanceof Response) return principal;
    const range = dateRange(c, {
      days: AGENT_PERFORMANCE_MAX_DAYS,
      // CXone's own wording for this report is not known; the limit is.
      message: `startDate and endDate cannot span more than ${AGENT_PERFORMANCE_MAX_DAYS} days`,
    });
    if (range instanceof Response) return range;
    const agentPerformance = agentSums(principal, range.from, range.to).map(({ agent, sums }) => ({
      agentId: agent.cxoneAgentId,
      teamId: agent.cxoneTeamId,
      ...performanceFields(sums),
    }));
    return reportRows(c, agentPerformance, { agentPerformance });
  });

  app.get(`${base}/teams/performance-total`, (c) => {
    const principal = authorizeCxone(ctx, c, CXONE_PERMISSIONS.reporting);
    if (principal instanceof Response) return principal;
    const range = dateRange(c);
    if (range instanceof Response) return range;
    const byTeam = new Map<number, AgentSums>();
    for (const { agent, sums } of agentSums(principal, range.from, range.to)) {
      const team = byTeam.get(agent.cxoneTeamId) ?? { ...ZERO };
      team.handled += sums.handled;
      team.talkMs += sums.talkMs;
      team.acwMs += sums.acwMs;
      team.handleMs += sums.handleMs;
      byTeam.set(agent.cxoneTeamId, team);
    }
    const teamPerformanceTotal = [...byTeam.entries()]
      .sort(([a], [b]) => a - b)
      .map(([teamId, sums]) => {
        // This report sends its counts as strings, as skills/summary does.
        const fields = performanceFields(sums);
        return Object.fromEntries(
          Object.entries({ teamId, ...fields }).map(([k, v]) => [k, typeof v === 'number' ? String(v) : v]),
        );
      });
    return reportRows(c, teamPerformanceTotal, { teamPerformanceTotal });
  });
}

/**
 * The performance fields both reports share, for one agent or one team, with CXone's meanings as a
 * recorded teams/performance-total row shows them: talk times include hold, totalAvgHandleTime ×
 * totalHandled = totalTalkTime + acwTime, and inboundTime is not handle time (on that row it is less
 * than inboundTalkTime; its exact meaning is not documented — the emulator sends talk without hold).
 */
function performanceFields(s: AgentSums) {
  const talkWithHold = s.handleMs - s.acwMs;
  const avg = (ms: number) => isoDuration(s.handled ? ms / s.handled : 0);
  return {
    agentOffered: s.handled,
    inboundHandled: s.handled,
    inboundTime: isoDuration(s.talkMs),
    inboundTalkTime: isoDuration(talkWithHold),
    inboundAvgTalkTime: avg(talkWithHold),
    outboundHandled: 0,
    outboundTime: 'PT0S',
    outboundTalkTime: 'PT0S',
    outboundAvgTalkTime: 'PT0S',
    totalHandled: s.handled,
    totalTalkTime: isoDuration(talkWithHold),
    totalAvgTalkTime: avg(talkWithHold),
    totalAvgHandleTime: avg(s.handleMs),
    consultTime: 'PT0S',
    acwTime: isoDuration(s.acwMs),
    refused: 0,
    percentRefused: 0,
    availableTime: null,
    unavailableTime: null,
    avgAvailableTime: null,
    avgUnavailableTime: null,
    loginTime: null,
    workingRate: null,
    occupancy: null,
  };
}
