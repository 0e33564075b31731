// What the CXone dashboard must show a user, read straight from the emulator's CXone API with that
// user's own token (a separate sign-in), as raw JSON: no ccpulse mapper between the emulator and the
// expectation, so a mapping mistake in the dashboard cannot hide in both. The day is the UTC day
// (a browser that never said its time zone).
import { type CxoneConfig, parseConfig } from '../../src/config/index.js';
import { discoverCxoneApiBase } from '../../src/vendors/cxone/index.js';
import { signInAs } from '../support/login-form.js';
import type { Fixture } from './dashboard-fixture.js';

export interface Row {
  name: string;
  cells: Record<string, string>;
}

interface CxoneExpected {
  live: Row[];
  today: Row[];
  /** Agents table rows by name: state, handled today and AHT. */
  agents: Row[];
}

const DAY = 86_400_000;
const DASH = '–';

function cxoneOrg(f: Fixture): CxoneConfig {
  const org = parseConfig(f.emulator.env()).orgs.find((o): o is CxoneConfig => o.vendor === 'cxone');
  if (!org) throw new Error('the emulator env has no CXone org');
  return org;
}

/** Today in UTC: [midnight, next midnight). */
export const utcDay = (now: number) => ({ from: Math.floor(now / DAY) * DAY, to: Math.floor(now / DAY) * DAY + DAY });

export async function cxoneExpected(f: Fixture, username: string): Promise<CxoneExpected> {
  const org = cxoneOrg(f);
  const tokens = await signInAs(org, username, { clock: f.clock });
  const { apiBase } = await discoverCxoneApiBase(org, 10_000);
  const get = async (path: string, query: Record<string, string>) => {
    const url = new URL(`${apiBase}/${path}`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const response = await fetch(url, { headers: { authorization: `Bearer ${tokens.accessToken.reveal()}` } });
    if (!response.ok) throw new Error(`${path} answered ${response.status}`);
    return response.status === 204 ? {} : ((await response.json()) as Record<string, unknown>);
  };
  const now = f.clock.now();
  const day = utcDay(now);
  const iso = (ms: number) => new Date(ms).toISOString();
  const byName = (a: Row, b: Row) => a.name.localeCompare(b.name);

  type Fields = Record<string, string | number | boolean | null | undefined>;
  const daySkills = (await get('skills/summary', { startDate: iso(day.from), endDate: iso(day.to) }))
    .skillSummaries as Fields[];
  const activity = ((await get('skills/activity', {})).resultSet as { skillActivity: Fields[] }).skillActivity;
  const states = (await get('agents/states', {})).agentStates as Fields[];
  const performance = ((await get('agents/performance', { startDate: iso(day.from), endDate: iso(day.to) }))
    .agentPerformance ?? []) as Fields[];

  const percent = (n: number, d: number) => (d > 0 ? `${Math.round((n / d) * 100)}%` : DASH);
  // A dialer's outbound skill is not a queue: the dashboard lists inbound skills.
  const today = daySkills
    .filter((s) => s.isOutbound !== 'True' && s.isOutbound !== true)
    .map((s) => {
      const offered = Number(s.contactsOffered);
      const handled = Number(s.contactsHandled);
      return {
        name: String(s.skillName),
        cells: {
          offered: String(offered),
          answered: String(handled),
          abandoned: String(s.abandonCount),
          abandonRate: percent(Number(s.abandonCount), offered),
          serviceLevel: percent(Number(s.contactsWithinSLA), Number(s.contactsWithinSLA) + Number(s.contactsOutOfSLA)),
          // No averages before the first contact is handled.
          averageSpeedOfAnswer: handled > 0 ? clock(Number(s.averageSpeedToAnswer)) : DASH,
          averageHandle: handled > 0 ? clock(Number(s.averageHandleTime)) : DASH,
        },
      };
    })
    .sort(byName);
  const live = activity
    .map((s) => {
      const waiting = Number(s.queueCount);
      const earliest = s.earliestQueueTime ? Date.parse(String(s.earliestQueueTime)) : undefined;
      return {
        name: String(s.skillName),
        cells: {
          waiting: String(waiting),
          longestWait: waiting > 0 && earliest !== undefined ? clock((now - earliest) / 1000) : DASH,
          interacting: String(s.contactsActive),
          agentsIdle: String(s.agentsAvailable),
          agentsBusy: String(Number(s.agentsWorking) + Number(s.agentsACW)),
          // CXone has no "not responding" routing status: a dash, not a made-up 0.
          agentsNotResponding: DASH,
          agentsOffQueue: String(s.agentsUnavailable),
        },
      };
    })
    .sort(byName);

  const work = new Map(performance.map((a) => [String(a.agentId), a]));
  const labels: Record<string, string> = {
    Available: 'Available',
    Unavailable: 'Off queue',
    InboundContact: 'On a contact',
    ACW: 'After-call work',
  };
  const agents = states
    .map((s) => {
      const w = work.get(String(s.agentId));
      const handled = Number(w?.totalHandled ?? 0);
      // CXone's handle time is talk (hold included) plus after-call work; inboundTime is not it.
      const seconds = w ? isoSeconds(String(w.totalTalkTime)) + isoSeconds(String(w.acwTime)) : 0;
      const label = labels[String(s.agentStateName)] ?? String(s.agentStateName);
      return {
        name: `${s.firstName} ${s.lastName}`,
        cells: {
          status: label === 'Off queue' && s.outStateDescription ? `${label} (${s.outStateDescription})` : label,
          timeInStatus: clock((now - Date.parse(String(s.startDate))) / 1000),
          handled: String(handled),
          averageHandle: handled > 0 ? clock(seconds / handled) : DASH,
        },
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
export function clock(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
