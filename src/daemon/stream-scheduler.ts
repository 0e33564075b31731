// Which stream a worker runs next, and when. In one process a map of due times is enough; with
// DATABASE_URL several replicas share the schedule and lease streams through PostgreSQL
// (pg-stream-leases.ts), so each stream runs on exactly one replica at a time.

export interface StreamScheduler {
  /** Adds streams (first due at `dueAt`); streams already known keep their schedule. */
  register(streams: string[], dueAt: number): Promise<void>;
  /** The most overdue of `streams` that nobody is running, now leased to this worker. */
  claim(streams: string[], now: number): Promise<string | undefined>;
  /** Extends this worker's lease; false when it was lost (another replica took the stream over). */
  renew(stream: string, now: number): Promise<boolean>;
  /** Ends the lease; the stream is next due at `nextRunAt`. */
  release(stream: string, nextRunAt: number): Promise<void>;
  /** When to look again: the earliest due time (or lease expiry) among `streams`. */
  nextWake(streams: string[], now: number): Promise<number>;
  close(): Promise<void>;
}

export function createLocalScheduler(): StreamScheduler {
  const due = new Map<string, number>();
  const running = new Set<string>();
  return {
    async register(streams, dueAt) {
      for (const s of streams) if (!due.has(s)) due.set(s, dueAt);
    },
    async claim(streams, now) {
      const ready = streams
        .filter((s) => !running.has(s) && (due.get(s) ?? now) <= now)
        .sort((a, b) => (due.get(a) ?? 0) - (due.get(b) ?? 0));
      const next = ready[0];
      if (next !== undefined) running.add(next);
      return next;
    },
    renew: async (stream) => running.has(stream),
    async release(stream, nextRunAt) {
      running.delete(stream);
      due.set(stream, nextRunAt);
    },
    async nextWake(streams, now) {
      const times = streams.filter((s) => !running.has(s)).map((s) => due.get(s) ?? now);
      return times.length > 0 ? times.reduce((a, b) => Math.min(a, b)) : now + 60_000;
    },
    close: async () => undefined,
  };
}
