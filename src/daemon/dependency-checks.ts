// What the daemon needs besides the vendors (PostgreSQL, Redis), checked when /healthz or /metrics
// asks: each check gets a short deadline and its answer is reused for a moment, so a scrape never
// waits long on a dead dependency and a burst of scrapes sends one probe, not many.
import { describeError } from '../core/index.js';

export interface DependencyCheck {
  /** As an operator names it: "PostgreSQL", "Redis". */
  name: string;
  /** Resolves when the dependency answers; rejects (or outlasts the deadline) when it does not. */
  check(): Promise<void>;
}

export interface DependencyState {
  name: string;
  up: boolean;
  /** Why it is down. */
  detail?: string;
}

interface DependencyMonitor {
  /** Checks every dependency (or reuses an answer younger than `reuseMs`). */
  refresh(): Promise<DependencyState[]>;
  /** The last answers, without checking (up until first checked). */
  current(): DependencyState[];
}

export function createDependencyMonitor(
  checks: readonly DependencyCheck[],
  options: { timeoutMs?: number; reuseMs?: number } = {},
): DependencyMonitor {
  const timeoutMs = options.timeoutMs ?? 2000;
  const reuseMs = options.reuseMs ?? 1000;
  let states: DependencyState[] = checks.map((c) => ({ name: c.name, up: true }));
  let checkedAt = Number.NEGATIVE_INFINITY;
  let inflight: Promise<DependencyState[]> | undefined;

  // Real time, not the daemon's clock: a deadline on a socket is a wall-clock matter.
  const within = (check: DependencyCheck): Promise<DependencyState> =>
    new Promise((resolve) => {
      const timer = setTimeout(
        () => resolve({ name: check.name, up: false, detail: `no answer within ${timeoutMs} ms` }),
        timeoutMs,
      );
      timer.unref();
      check.check().then(
        () => {
          clearTimeout(timer);
          resolve({ name: check.name, up: true });
        },
        (error: unknown) => {
          clearTimeout(timer);
          resolve({ name: check.name, up: false, detail: describeError(error) });
        },
      );
    });

  return {
    refresh() {
      if (Date.now() - checkedAt < reuseMs) return Promise.resolve(states);
      inflight ??= Promise.all(checks.map(within)).then((result) => {
        states = result;
        checkedAt = Date.now();
        inflight = undefined;
        return result;
      });
      return inflight;
    },
    current: () => states,
  };
}
