// A CXone user's live feed: CXone has no push, so one poller per user reads the real-time reports
// with `updatedSince` every `pollMs` (on the injected clock) — skill activity (the skills this user's
// security profile shows, their queue and agents), agent states (state, since when, real names) and
// active contacts (the waiting list, for the longest wait) — so each poll carries only changes.
// Windows of figures come from the classic reports: `skills/summary` for a window's totals and per
// bucket, `agents/performance` for each agent's work, named through the Admin API's agent list.
import type { CxoneConfig } from '../config/index.js';
import { dayStart } from '../core/index.js';
import type { QueueInterval } from '../model/index.js';
import {
  type ActiveContact,
  activeContacts,
  agentPerformanceIntervals,
  agentStates,
  listCxoneAgents,
  skillActivity,
  skillSummaryIntervals,
} from '../vendors/cxone/index.js';
import { workOf } from './genesys-live.js';
import type { LiveSource, LiveSourceContext } from './live-source.js';
import { createSettledHalfHours } from './settled-half-hours.js';

/** Poll interval: three small reads per user every 3 s (NICE publishes no per-user limit to plan against). */
const CXONE_POLL_MS = 3000;
/** The agent list is read again for an id it did not name at most this often (new agents are rare). */
const AGENT_LIST_REREAD_MS = 15 * 60_000;
const HALF_HOUR = 30 * 60_000;
/** Buckets read at once for a chart: enough to fill a day quickly, few enough to share a connection pool. */
const PARALLEL_READS = 6;

export function cxoneLiveSource(ctx: LiveSourceContext<CxoneConfig>, options: { pollMs?: number } = {}): LiveSource {
  const { org, state, clock, logger, client: api } = ctx;
  const pollMs = options.pollMs ?? CXONE_POLL_MS;
  const stop = new AbortController();
  const since: { skills?: string; agents?: string; contacts?: string } = {};
  const waiting = new Map<string, ActiveContact>();
  let loop: Promise<void> | undefined;
  let agentNames = new Map<string, string>();
  let agentListReadAt = Number.NEGATIVE_INFINITY;

  /**
   * Names of agents who worked a window: agents/performance carries ids alone, and agents/states
   * names only the agents it lists now. The Admin API's agent list names the rest; it is read when an
   * id is new to both (at most every AGENT_LIST_REREAD_MS), and a user whose token may not read it
   * sees those agents by id.
   */
  const namesOf = async (ids: Iterable<string>): Promise<ReadonlyMap<string, string>> => {
    const unnamed = [...ids].some((id) => !state.agents.has(id) && !agentNames.has(id));
    if (unnamed && clock.now() - agentListReadAt >= AGENT_LIST_REREAD_MS) {
      agentListReadAt = clock.now();
      try {
        const agents = await listCxoneAgents(api, org.name, stop.signal);
        agentNames = new Map(agents.map((a) => [a.id, a.name]));
      } catch (error) {
        if (stop.signal.aborted) throw error;
        logger.warn({ err: describe(error) }, 'dashboard: the CXone agent list could not be read; agents show by id');
      }
    }
    return agentNames;
  };

  /** One poll of the three real-time reports; the first (no `updatedSince`) reads everything. */
  const poll = async () => {
    const now = clock.now();
    const signal = stop.signal;
    const [skills, agents, contacts] = await Promise.all([
      skillActivity(api, org.name, { updatedSince: since.skills, now, signal }),
      agentStates(api, org.name, { updatedSince: since.agents, now, signal }),
      activeContacts(api, { updatedSince: since.contacts, now, signal }),
    ]);
    since.skills = skills.pollTime ?? since.skills;
    since.agents = agents.pollTime ?? since.agents;
    since.contacts = contacts.pollTime ?? since.contacts;
    for (const c of contacts.rows) {
      if (c.state === 'InQueue') waiting.set(c.contactId, c);
      else waiting.delete(c.contactId);
    }
    // A contact that left the queue is simply absent from the next delta: when the skill's count and
    // the tracked list disagree, the list is read again whole.
    const stale = skills.rows.some(
      (s) => [...waiting.values()].filter((c) => c.skillId === s.skill.id).length !== s.snapshot.waiting,
    );
    if (stale) {
      const full = await activeContacts(api, { now, signal });
      waiting.clear();
      for (const c of full.rows) if (c.state === 'InQueue') waiting.set(c.contactId, c);
    }
    if (skills.rows.length + agents.rows.length + contacts.rows.length === 0 && !stale) return;
    state.update(now, () => {
      for (const { skill, serviceLevelTarget, snapshot } of skills.rows) {
        const known = state.queues.get(skill.id);
        state.queues.set(skill.id, { ...skill, serviceLevelTarget: serviceLevelTarget ?? known?.serviceLevelTarget });
        // The waiting list gives the longest wait when the activity row has no earliest queue time.
        const starts = [...waiting.values()].filter((c) => c.skillId === skill.id).map((c) => c.start);
        if (snapshot.longestWaitMs === undefined && snapshot.waiting > 0 && starts.length > 0)
          snapshot.longestWaitMs = Math.max(0, snapshot.at - starts.reduce((a, b) => Math.min(a, b)));
        state.snapshots.set(skill.id, snapshot);
      }
      for (const { agent, state: s } of agents.rows) {
        const known = state.agents.get(agent.id);
        state.agents.set(agent.id, { ...agent, queueIds: known?.queueIds ?? [] });
        state.agentStates.set(agent.id, s);
      }
    });
  };

  const run = async () => {
    while (!stop.signal.aborted) {
      try {
        await clock.sleep(pollMs, stop.signal);
        await poll();
        if (state.status !== 'live') state.update(clock.now(), () => (state.status = 'live'));
      } catch (error) {
        if (stop.signal.aborted) return;
        logger.warn({ err: describe(error) }, 'dashboard: a CXone real-time poll failed; the next one retries');
        if (state.status === 'live') state.update(clock.now(), () => (state.status = 'reconnecting'));
        ctx.onGap();
      }
    }
  };

  // CXone's summary has no interval breakdown: one request per bucket; settled half-hours are kept.
  const halfHours = createSettledHalfHours(clock, { parallel: PARALLEL_READS });
  const buckets = async (from: number, to: number, zone: string, step: 'half-hour' | 'day') => {
    // Buckets that have begun: a day's later half-hours hold nothing yet.
    const until = Math.min(to, clock.now());
    const starts: number[] = [];
    for (let t = from; t < until; t = step === 'day' ? dayStart(t, zone, 1) : t + HALF_HOUR) starts.push(t);
    const end = (t: number) => Math.min(to, step === 'day' ? dayStart(t, zone, 1) : t + HALF_HOUR);
    const read = (t: number) => skillSummaryIntervals(api, org.name, t, end(t), stop.signal);
    // Only today's half-hours are re-read (their owner is the zone's today); earlier windows once.
    const rows = await halfHours.read(step === 'half-hour' ? zoneKey(zone) : {}, starts, read);
    return rows.flat();
  };

  return {
    async start() {
      await poll();
      state.update(clock.now(), () => (state.status = 'live'));
      loop = run();
    },
    async readWindow({ from, to, zone, step }) {
      const [totals, intervals, work] = await Promise.all([
        skillSummaryIntervals(api, org.name, from, to, stop.signal),
        buckets(from, to, zone, step),
        agentPerformanceIntervals(api, org.name, from, to, stop.signal),
      ]);
      const wanted = (i: QueueInterval) => state.queues.size === 0 || state.queues.has(i.queueId);
      const agents = workOf(work);
      return {
        from,
        to,
        intervals: intervals.filter(wanted),
        totals: totals.filter(wanted),
        agents,
        agentNames: await namesOf(agents.keys()),
        readAt: clock.now(),
      };
    },
    async stop() {
      stop.abort();
      await loop;
    },
  };
}

const zoneKeys = new Map<string, object>();
/** One key object per zone, so each zone's today keeps its own settled half-hours. */
function zoneKey(zone: string): object {
  let key = zoneKeys.get(zone);
  if (!key) {
    key = {};
    zoneKeys.set(zone, key);
  }
  return key;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
