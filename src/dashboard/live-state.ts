// One signed-in user's live picture, held in memory and fed by the vendor (Genesys pushes, CXone
// polls) with that user's own token: their queues, each queue's live numbers, their agents and each
// agent's state, and the figures of whole days in the time zones their pages ask for. Pages and
// the event stream read it; nothing on the request path asks the vendor once it is filled.
import type { Agent, AgentState, Queue, QueueInterval, QueueSnapshot } from '../model/index.js';

/** Figures of one agent over a window: contacts handled and their handle time. */
export interface AgentWork {
  handled: number;
  handleMs: number;
}

/**
 * What one window of days says: per queue its intervals (half-hours for a day, days for a week),
 * per queue its totals (the vendor's own where summing intervals would differ), per agent their work.
 */
export interface WindowFigures {
  from: number;
  to: number;
  intervals: QueueInterval[];
  totals: QueueInterval[] | undefined;
  agents: Map<string, AgentWork>;
  /**
   * Names of the agents in `agents`, where the vendor's work report carries ids alone and the live
   * list may not have them all (CXone: from its agent list).
   */
  agentNames?: ReadonlyMap<string, string>;
  /** When it was read (epoch ms). */
  readAt: number;
}

interface LiveQueue extends Queue {
  /** The queue's service-level target as a fraction, when the vendor says. */
  serviceLevelTarget: number | undefined;
}

export interface LiveAgent extends Agent {
  /** The user's queues this agent works. */
  queueIds: string[];
}

export type LiveStatus = 'loading' | 'live' | 'reconnecting';

export class LiveState {
  queues = new Map<string, LiveQueue>();
  snapshots = new Map<string, QueueSnapshot>();
  agents = new Map<string, LiveAgent>();
  agentStates = new Map<string, AgentState>();
  /** Today per time zone: half-hour intervals, totals and agents' work since the zone's midnight. */
  readonly today = new Map<string, WindowFigures>();
  /** Earlier windows per `${zone}|${from}|${to}`, read once (they no longer change). */
  readonly history = new Map<string, WindowFigures>();
  status: LiveStatus = 'loading';
  /** When the vendor last told us something (epoch ms). */
  updatedAt = 0;
  /** Bumped on every change; the event stream sends a view per version. */
  version = 0;
  private readonly listeners = new Set<() => void>();

  constructor(readonly key: string) {}

  /** Runs `change` and tells every listener once. */
  update(at: number, change: () => void): void {
    change();
    this.updatedAt = Math.max(this.updatedAt, at);
    this.version++;
    for (const l of this.listeners) l();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listening(): number {
    return this.listeners.size;
  }

  /** Replaces a pushed half-hour (same queue, start and media type) in every zone's today. */
  applyInterval(interval: QueueInterval): void {
    for (const day of this.today.values()) {
      if (interval.intervalStart < day.from || interval.intervalStart >= day.to) continue;
      const i = day.intervals.findIndex(
        (x) =>
          x.queueId === interval.queueId &&
          x.intervalStart === interval.intervalStart &&
          x.mediaType === interval.mediaType,
      );
      if (i >= 0) day.intervals[i] = interval;
      else day.intervals.push(interval);
      // A pushed bucket makes the vendor's day totals (if any) stale until the next read.
      day.totals = undefined;
    }
  }
}
