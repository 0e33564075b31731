// CXone reporting calls over a window [from, to): skill summaries (also the skills a token may see
// and their live counts), skill service levels (paged by `_links.next`), agent performance and team
// performance totals. Where CXone limits a call's span, a longer window is split into pieces it
// accepts (each piece its own interval): skills/summary 30 days (400 "Invalid date range. Max 30
// days."), agents/performance 31 days. No limit is documented for skills/sla-summary or
// teams/performance-total: they go as one window.
import { CcpulseError } from '../../core/index.js';
import type { ApiClient } from '../../http/index.js';
import type { AgentInterval, Queue, QueueInterval } from '../../model/index.js';
import { cxoneGet, cxonePages } from './cxone-pages.js';
import {
  queueSkills,
  type SkillServiceLevel,
  type TeamPerformance,
  toAgentInterval,
  toQueueInterval,
  toSkillQueue,
  toSkillServiceLevel,
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
/** CXone refuses skills/summary over more than 30 days. */
const SKILL_SUMMARY_MAX_DAYS = 30;
/** CXone refuses agents/performance over more than 31 days. */
export const AGENT_PERFORMANCE_MAX_DAYS = 31;

export class CxoneDateRangeError extends CcpulseError {
  constructor(report: string, from: number, to: number) {
    super(
      'CXONE_DATE_RANGE',
      `${report} for ${iso(from)}..${iso(to)} is not a window CXone accepts (the end must be after the start)`,
      'Give an end after the start.',
    );
  }
}

function checkWindow(report: string, from: number, to: number): void {
  if (!(to > from)) throw new CxoneDateRangeError(report, from, to);
}

/** [from, to) in consecutive pieces of at most `maxDays`. */
function splitWindow(from: number, to: number, maxDays: number): [number, number][] {
  const pieces: [number, number][] = [];
  for (let a = from; a < to; a += maxDays * DAY) pieces.push([a, Math.min(a + maxDays * DAY, to)]);
  return pieces;
}

/** One skills/summary call (at most 30 days), the skills that are queues. */
async function skillSummaryRows(
  client: ApiClient,
  from: number,
  to: number,
  signal: AbortSignal | undefined,
): Promise<SkillSummary[]> {
  const data = await cxoneGet(client, 'skills/summary', skillSummaries, {
    query: { startDate: iso(from), endDate: iso(to) },
    signal,
  });
  // 204 No Content: no skill had anything in the window.
  return queueSkills(data?.skillSummaries ?? []);
}

export async function skillSummaryIntervals(
  client: ApiClient,
  org: string,
  from: number,
  to: number,
  signal?: AbortSignal,
): Promise<QueueInterval[]> {
  return (await skillSummaryWindow(client, org, from, to, signal)).intervals;
}

/** The window's intervals and the skills they name (CXone's summary is where a skill's name comes from). */
export async function skillSummaryWindow(
  client: ApiClient,
  org: string,
  from: number,
  to: number,
  signal?: AbortSignal,
): Promise<{ intervals: QueueInterval[]; skills: Queue[] }> {
  checkWindow('skills/summary', from, to);
  const intervals: QueueInterval[] = [];
  const skills = new Map<string, Queue>();
  for (const [a, b] of splitWindow(from, to, SKILL_SUMMARY_MAX_DAYS))
    for (const s of await skillSummaryRows(client, a, b, signal)) {
      intervals.push(toQueueInterval(org, a, b, s));
      skills.set(String(s.skillId), toSkillQueue(org, s));
    }
  return { intervals, skills: [...skills.values()] };
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
    for (const s of page.serviceLevelSummaries) out.push(toSkillServiceLevel(org, from, to, s));
  return out;
}

/**
 * One AgentInterval per agent and piece of [from, to) (CXone sends totals for the window asked, so
 * the interval is that window; a window over 31 days is asked for in 31-day pieces).
 */
export async function agentPerformanceIntervals(
  client: ApiClient,
  org: string,
  from: number,
  to: number,
  signal?: AbortSignal,
): Promise<AgentInterval[]> {
  checkWindow('agents/performance', from, to);
  const out: AgentInterval[] = [];
  for (const [a, b] of splitWindow(from, to, AGENT_PERFORMANCE_MAX_DAYS)) {
    const data = await cxoneGet(client, 'agents/performance', agentPerformance, {
      query: { startDate: iso(a), endDate: iso(b) },
      signal,
    });
    for (const row of data?.agentPerformance ?? []) out.push(toAgentInterval(org, a, b, row));
  }
  return out;
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
