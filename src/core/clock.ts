// Time as an injected dependency, so expiry, backoff and schedules are tested without sleeping.

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` of this clock's time; rejects with the signal's reason if aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

export interface ManualClock extends Clock {
  /** Moves time forward, waking every sleeper whose deadline has passed, in deadline order. */
  advance(ms: number): Promise<void>;
  set(epochMs: number): Promise<void>;
  /** Number of sleepers waiting; lets a test wait until code under test has gone to sleep. */
  readonly pending: number;
  /** When the earliest sleeper wakes, if any. */
  nextDeadline(): number | undefined;
}

/** A clock that moves only when told to: for tests and for replaying schedules. */
export function createManualClock(startMs = Date.UTC(2026, 0, 1)): ManualClock {
  let current = startMs;
  const sleepers: { at: number; resolve: () => void }[] = [];
  const wake = async () => {
    sleepers.sort((a, b) => a.at - b.at);
    while (sleepers.length > 0 && (sleepers[0]?.at ?? Number.POSITIVE_INFINITY) <= current) {
      sleepers.shift()?.resolve();
      // Let woken code run (and maybe sleep again) before waking the next one.
      await new Promise((r) => setImmediate(r));
    }
  };
  return {
    now: () => current,
    sleep: (ms, signal) =>
      new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const onAbort = () => {
          const i = sleepers.indexOf(entry);
          if (i >= 0) sleepers.splice(i, 1);
          reject(signal?.reason);
        };
        const entry = {
          at: current + Math.max(0, ms),
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        sleepers.push(entry);
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
    advance: async (ms) => {
      current += ms;
      await wake();
    },
    set: async (epochMs) => {
      current = epochMs;
      await wake();
    },
    get pending() {
      return sleepers.length;
    },
    nextDeadline: () => (sleepers.length === 0 ? undefined : sleepers.reduce((m, s) => Math.min(m, s.at), Infinity)),
  };
}
