// A Genesys user's live feed: their queues and the agents on them (routing status per member), the
// queues' observations (with the waiting conversations, for the longest wait), then the Notification
// API's pushes — observation changes, half-hour aggregates, each agent's activity — applied as they
// arrive. After any gap in the stream the observations and members are read again and today's
// figures re-read (onGap). A change in a queue's waiting count re-reads that queue's waiting list
// shortly after, so the longest wait stays exact.
import type { GenesysConfig } from '../config/index.js';
import type { AgentInterval, QueueInterval } from '../model/index.js';
import {
  type GenesysPush,
  listQueues,
  NotificationStream,
  queryAgentIntervals,
  queryQueueIntervals,
  queueMembers,
  queueObservations,
  queueObservationTopic,
  readGenesysPush,
  toQueueSnapshots,
  userActivityTopic,
} from '../vendors/genesys/index.js';
import type { LiveSource, LiveSourceContext } from './live-source.js';
import type { AgentWork, LiveAgent } from './live-state.js';

type ObservationResult = Parameters<typeof toQueueSnapshots>[2][number];

/** A changed waiting count is re-read this long after the last change (real time). */
const WAITING_REREAD_MS = 400;

export function genesysLiveSource(ctx: LiveSourceContext<GenesysConfig>): LiveSource {
  const { org, state, clock, logger, client } = ctx;
  /** The last observation results per queue, keyed by group (per media type, and the users group). */
  const observed = new Map<string, Map<string, ObservationResult>>();
  /** When each queue's oldest waiting conversation started waiting. */
  const oldestWaiting = new Map<string, number | undefined>();
  let stream: NotificationStream | undefined;
  let stopped = false;
  const reread = new Set<string>();
  let rereadTimer: NodeJS.Timeout | undefined;

  const snapshotOf = (queueId: string, at: number) => {
    const [snap] = toQueueSnapshots(org.name, at, [...(observed.get(queueId)?.values() ?? [])]);
    if (!snap) return;
    const oldest = snap.waiting > 0 ? oldestWaiting.get(queueId) : undefined;
    snap.longestWaitMs = oldest === undefined ? undefined : Math.max(0, at - oldest);
    state.snapshots.set(queueId, snap);
  };

  /** Reads observations (with each waiting conversation's start) and rebuilds those queues' snapshots. */
  const readObservations = async (queueIds: string[]) => {
    if (queueIds.length === 0) return;
    const results = await queueObservations(client, queueIds, { detailMetrics: ['oWaiting'] });
    const at = clock.now();
    state.update(at, () => {
      for (const queueId of queueIds) observed.set(queueId, new Map());
      for (const r of results) {
        const queueId = r.group.queueId;
        if (!queueId || !state.queues.has(queueId)) continue;
        observed.get(queueId)?.set(JSON.stringify(r.group), r);
      }
      for (const queueId of queueIds) {
        // Waiting lists are per media type: the queue's oldest is the oldest of them all.
        const all = [...(observed.get(queueId)?.values() ?? [])].flatMap(
          (r) => r.data.find((d) => d.metric === 'oWaiting')?.observations ?? [],
        );
        const starts = all.map((o) => Date.parse(o.observationDate)).filter((t) => !Number.isNaN(t));
        oldestWaiting.set(queueId, starts.length > 0 ? starts.reduce((a, b) => Math.min(a, b)) : undefined);
        snapshotOf(queueId, at);
      }
    });
  };

  const scheduleReread = (queueId: string) => {
    reread.add(queueId);
    clearTimeout(rereadTimer);
    rereadTimer = setTimeout(() => {
      const ids = [...reread];
      reread.clear();
      if (!stopped)
        readObservations(ids).catch((error: unknown) =>
          logger.warn({ err: describe(error) }, 'dashboard: re-reading waiting conversations failed'),
        );
    }, WAITING_REREAD_MS);
    rereadTimer.unref();
  };

  const applyPush = (push: GenesysPush) => {
    if (push.kind === 'activity') {
      if (state.agents.has(push.state.agentId)) state.agentStates.set(push.state.agentId, push.state);
      return;
    }
    if (push.kind === 'aggregate') {
      for (const interval of push.intervals) if (state.queues.has(interval.queueId)) state.applyInterval(interval);
      return;
    }
    if (!state.queues.has(push.queueId)) return;
    const groups = observed.get(push.queueId) ?? new Map<string, ObservationResult>();
    observed.set(push.queueId, groups);
    const key = JSON.stringify(push.result.group);
    const before = groups.get(key)?.data.find((d) => d.metric === 'oWaiting')?.stats.count;
    groups.set(key, push.result);
    const after = push.result.data.find((d) => d.metric === 'oWaiting')?.stats.count;
    if (after !== undefined && after !== before) {
      // Someone started waiting: if nobody was, the wait began with this observation.
      if ((before ?? 0) === 0 && after > 0 && oldestWaiting.get(push.queueId) === undefined)
        oldestWaiting.set(push.queueId, push.at);
      if (after === 0) oldestWaiting.set(push.queueId, undefined);
      scheduleReread(push.queueId);
    }
    snapshotOf(push.queueId, push.at);
  };

  const readMembers = async () => {
    const now = clock.now();
    const lists = await Promise.all(
      [...state.queues.keys()].map(async (queueId) => ({
        queueId,
        members: await queueMembers(client, org.name, queueId, { now }),
      })),
    );
    state.update(now, () => {
      const agents = new Map<string, LiveAgent>();
      for (const { queueId, members } of lists) {
        for (const a of members.agents) {
          const known = agents.get(a.id);
          if (known) known.queueIds.push(queueId);
          else agents.set(a.id, { ...a, queueIds: [queueId] });
        }
        for (const s of members.states) state.agentStates.set(s.agentId, s);
      }
      state.agents = agents;
    });
  };

  return {
    async start() {
      const queues = await listQueues(client, org.name);
      state.update(clock.now(), () => {
        state.queues = new Map(queues.map((q) => [q.id, { ...q, serviceLevelTarget: undefined }]));
      });
      await readMembers();
      // Subscribed before the first read, so no change between the two is lost.
      stream = new NotificationStream({
        client,
        clock,
        logger,
        topics: [
          ...[...state.queues.keys()].map(queueObservationTopic),
          ...[...state.agents.keys()].map(userActivityTopic),
        ],
        onEvent: (topic, body) => {
          let pushes: GenesysPush[];
          try {
            pushes = readGenesysPush(org.name, topic, body, clock.now());
          } catch (error) {
            logger.warn({ err: describe(error) }, 'dashboard: a Genesys push was ignored');
            return;
          }
          if (pushes.length > 0) state.update(clock.now(), () => pushes.forEach(applyPush));
        },
        onResync: async () => {
          await Promise.all([readObservations([...state.queues.keys()]), readMembers()]);
          ctx.onGap();
        },
        onState: (s) => {
          state.update(clock.now(), () => {
            state.status = s === 'reconnecting' ? 'reconnecting' : s === 'live' ? 'live' : state.status;
          });
        },
      });
      await stream.start();
      await readObservations([...state.queues.keys()]);
      state.update(clock.now(), () => {
        state.status = 'live';
      });
    },

    async readWindow({ from, to, zone, step }) {
      const queueIds = [...state.queues.keys()];
      if (queueIds.length === 0)
        return { from, to, intervals: [], totals: undefined, agents: new Map(), readAt: clock.now() };
      const granularity = step === 'day' ? 'P1D' : 'PT30M';
      const [intervals, work] = await Promise.all([
        queryQueueIntervals(client, org.name, { from, to, granularity, queueIds, timeZone: zone, byMediaType: true }),
        queryAgentIntervals(client, org.name, { from, to, granularity, queueIds, timeZone: zone }),
      ]);
      // The queues' service-level targets come with their aggregates.
      for (const i of intervals) {
        const q = state.queues.get(i.queueId);
        if (q && i.serviceLevelTarget !== undefined) q.serviceLevelTarget = i.serviceLevelTarget;
      }
      return {
        from,
        to,
        intervals: mine(intervals, queueIds),
        totals: undefined,
        agents: workOf(work),
        readAt: clock.now(),
      };
    },

    async stop() {
      stopped = true;
      clearTimeout(rereadTimer);
      await stream?.stop();
    },
  };
}

function mine(intervals: QueueInterval[], queueIds: string[]): QueueInterval[] {
  const wanted = new Set(queueIds);
  return intervals.filter((i) => wanted.has(i.queueId));
}

/** Agent intervals summed per agent. */
export function workOf(rows: AgentInterval[]): Map<string, AgentWork> {
  const out = new Map<string, AgentWork>();
  for (const r of rows) {
    const w = out.get(r.agentId) ?? { handled: 0, handleMs: 0 };
    w.handled += r.handled;
    w.handleMs += r.handleMs;
    out.set(r.agentId, w);
  }
  return out;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
