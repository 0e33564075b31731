// CXone reporting calls over a window [from, to): skill summaries, skill service levels (paged by
// `_links.next`), agent performance (at most 31 days a call) and team performance totals.
import { CcpulseError } from '../../core/index.js';
import type { ApiClient } from '../../http/index.js';
import type { AgentInterval, Queue, QueueInterval, QueueSnapshot } from '../../model/index.js';
import { cxoneGet, cxonePages } from './cxone-pages.js';
import {
  type SkillServiceLevel,
  type TeamPerformance,
  toAgentInterval,
  toQueueInterval,
  toSkillQueue,
  toSkillServiceLevel,
  toSkillSnapshot,
  toTeamPerformance,
} from './map-to-model.js';
import {
  agentPerformance,
  type SkillSummary,
  serviceLevelSummaries,
  skillSummaries,
  teamPerformanceTotal,
} from './schemas.js';

const iso = (ms: number) => new Date(ms).toISOString();
const DAY = 86_400_000;
/** CXone refuses agents/performance over more than 31 days. */
export const AGENT_PERFORMANCE_MAX_DAYS = 31;

export class CxoneDateRangeError extends CcpulseError {
  constructor(report: string, from: number, to: number, maxDays?: number) {
    super(
      'CXONE_DATE_RANGE',
      `${report} for ${iso(from)}..${iso(to)} is not a window CXone accepts` +
        (maxDays === undefined ? ' (the end must be after the start)' : ` (at most ${maxDays} days, end after start)`),
      maxDays === undefined
        ? 'Give an end after the start.'
        : `Split the window into pieces of at most ${maxDays} days and ask for each.`,
    );
  }
}

function checkWindow(report: string, from: number, to: number, maxDays?: number): void {
  if (!(to > from) || (maxDays !== undefined && to - from > maxDays * DAY))
    throw new CxoneDateRangeError(report, from, to, maxDays);
}

async function skillSummaryRows(
  client: ApiClient,
  from: number,
  to: number,
  signal: AbortSignal | undefined,
): Promise<SkillSummary[]> {
  checkWindow('skills/summary', from, to);
  const data = await cxoneGet(client, 'skills/summary', skillSummaries, {
    query: { startDate: iso(from), endDate: iso(to) },
    signal,
  });
  // 204 No Content: no skill had anything in the window.
  return data?.skillSummaries ?? [];
}

export async function skillSummaryIntervals(
  client: ApiClient,
  org: string,
  from: number,
  to: number,
  signal?: AbortSignal,
): Promise<QueueInterval[]> {
  return (await skillSummaryRows(client, from, to, signal)).map((s) => toQueueInterval(org, from, to, s));
}

/** The skills with a summary in [from, to): the ones this token may see (CXone filters by security profile). */
export async function summarySkills(
  client: ApiClient,
  org: string,
  from: number,
  to: number,
  signal?: AbortSignal,
): Promise<Queue[]> {
  return (await skillSummaryRows(client, from, to, signal)).map((s) => toSkillQueue(org, s));
}

/** Each skill's live counts, from the summary of the period [from, to) that holds `at`. */
export async function skillSnapshots(
  client: ApiClient,
  org: string,
  at: number,
  period: { from: number; to: number },
  signal?: AbortSignal,
): Promise<QueueSnapshot[]> {
  const rows = await skillSummaryRows(client, period.from, period.to, signal);
  return rows.flatMap((s) => toSkillSnapshot(org, at, s) ?? []);
}

/** Each skill's contacts within / out of SLA over [from, to), every page. */
export async function skillServiceLevels(
  client: ApiClient,
  org: string,
  from: number,
  to: number,
  signal?: AbortSignal,
): Promise<SkillServiceLevel[]> {
  checkWindow('skills/sla-summary', from, to);
  const out: SkillServiceLevel[] = [];
  for await (const page of cxonePages(client, 'skills/sla-summary', serviceLevelSummaries, {
    query: { startDate: iso(from), endDate: iso(to) },
    signal,
  }))
    out.push(...page.serviceLevelSummaries.map((s) => toSkillServiceLevel(org, from, to, s)));
  return out;
}

/**
 * One AgentInterval per agent over [from, to) (CXone sends totals for the window, so the interval is
 * the window). At most 31 days: a longer window is refused here, before any request.
 */
export async function agentPerformanceIntervals(
  client: ApiClient,
  org: string,
  from: number,
  to: number,
  signal?: AbortSignal,
): Promise<AgentInterval[]> {
  checkWindow('agents/performance', from, to, AGENT_PERFORMANCE_MAX_DAYS);
  const data = await cxoneGet(client, 'agents/performance', agentPerformance, {
    query: { startDate: iso(from), endDate: iso(to) },
    signal,
  });
  if (!data) return [];
  return data.agentPerformance.map((row) => toAgentInterval(org, from, to, row));
}

export async function teamPerformanceTotals(
  client: ApiClient,
  org: string,
  from: number,
  to: number,
  signal?: AbortSignal,
): Promise<TeamPerformance[]> {
  checkWindow('teams/performance-total', from, to);
  const data = await cxoneGet(client, 'teams/performance-total', teamPerformanceTotal, {
    query: { startDate: iso(from), endDate: iso(to) },
    signal,
  });
  if (!data) return [];
  return data.teamPerformanceTotal.map((row) => toTeamPerformance(org, from, to, row));
}
