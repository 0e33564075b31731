// What the CXone dashboard must show a user, read straight from the emulator's CXone API with that
// user's own token (a separate sign-in), as raw JSON: no ccpulse mapper between the emulator and the
// expectation, so a mapping mistake in the dashboard cannot hide in both.
import { type CxoneConfig, parseConfig } from '../../src/config/index.js';
import { todayWindow } from '../../src/dashboard/index.js';
import { discoverCxoneApiBase } from '../../src/vendors/cxone/index.js';
import { signInAs } from '../support/login-form.js';
import type { Fixture } from './dashboard-fixture.js';

export interface Row {
  name: string;
  cells: Record<string, string>;
}

export interface CxoneExpected {
  live: Row[];
  today: Row[];
  /** Agents table rows: `Agent {id}` with handled today and AHT. */
  agents: Row[];
}

const HALF_HOUR = 30 * 60_000;
const DASH = '–';

export function cxoneOrg(f: Fixture): CxoneConfig {
  const org = parseConfig(f.emulator.env()).orgs.find((o): o is CxoneConfig => o.vendor === 'cxone');
  if (!org) throw new Error('the emulator env has no CXone org');
  return org;
}

export async function cxoneExpected(f: Fixture, username: string): Promise<CxoneExpected> {
  const org = cxoneOrg(f);
  const tokens = await signInAs(org, username, { clock: f.clock });
  const { apiBase } = await discoverCxoneApiBase(org);
  const get = async (path: string, query: Record<string, string>) => {
    const url = new URL(`${apiBase}/${path}`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const response = await fetch(url, { headers: { authorization: `Bearer ${tokens.accessToken.reveal()}` } });
    if (!response.ok) throw new Error(`${path} answered ${response.status}`);
    return (await response.json()) as Record<string, unknown>;
  };
  const now = f.clock.now();
  const day = todayWindow(now);
  const period = Math.floor(now / HALF_HOUR) * HALF_HOUR;
  const iso = (ms: number) => new Date(ms).toISOString();
  const byName = (a: Row, b: Row) => a.name.localeCompare(b.name);

  type Summary = Record<string, string | undefined>;
  const daySkills = (await get('skills/summary', { startDate: iso(day.from), endDate: iso(day.to) }))
    .skillSummaries as Summary[];
  const liveSkills = (await get('skills/summary', { startDate: iso(period), endDate: iso(period + HALF_HOUR) }))
    .skillSummaries as Summary[];
  const performance = (await get('agents/performance', { startDate: iso(day.from), endDate: iso(day.to) }))
    .agentPerformance as Record<string, string | number>[];

  // A dialer's outbound skill is not a queue: the dashboard lists inbound skills.
  const inbound = (rows: Summary[]) => rows.filter((s) => s.isOutbound !== 'True');
  const today = inbound(daySkills)
    .map((s) => ({
      name: String(s.skillName),
      cells: {
        offered: String(s.contactsOffered),
        answered: String(s.contactsHandled),
        abandoned: String(s.abandonCount),
        serviceLevel: `${s.serviceLevel}%`,
        // No handle time to average before the first contact is handled.
        averageHandle: Number(s.contactsHandled) > 0 ? clock(Number(s.averageHandleTime)) : DASH,
      },
    }))
    .sort(byName);
  // CXone's live counts; a dash where the summary does not carry them.
  const live = inbound(liveSkills)
    .map((s) => {
      const complete = [s.contactsQueued, s.contactsActive, s.agentsLoggedIn].every((v) => v !== undefined);
      return {
        name: String(s.skillName),
        cells: {
          waiting: complete ? String(s.contactsQueued) : DASH,
          interacting: complete ? String(s.contactsActive) : DASH,
          onQueueAgents: complete ? String(s.agentsLoggedIn) : DASH,
        },
      };
    })
    .sort(byName);

  const agents = performance
    .map((a) => {
      const handled = Number(a.totalHandled);
      // CXone's handle time is talk (hold included) plus after-call work; inboundTime is not it.
      const seconds = isoSeconds(String(a.totalTalkTime)) + isoSeconds(String(a.acwTime));
      return {
        name: `Agent ${a.agentId}`,
        cells: { handled: String(handled), averageHandle: handled > 0 ? clock(seconds / handled) : DASH },
      };
    })
    .sort(byName);
  return { live, today, agents };
}

/** Seconds in an ISO 8601 `PT#H#M#S` duration, as CXone's performance reports write them. */
function isoSeconds(duration: string): number {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(duration);
  if (!m) throw new Error(`not an ISO 8601 duration: ${duration}`);
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

/** m:ss (h:mm:ss past an hour) of a number of seconds, rounded to the second. */
function clock(seconds: number): string {
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
