// Runs a promise to completion under a manual clock: whenever the code under test sleeps, time jumps
// to the earliest wake-up. Real I/O keeps running in between, so nothing actually waits.
import type { ManualClock } from '../../src/core/index.js';

export async function driveClock<T>(clock: ManualClock, work: Promise<T>): Promise<T> {
  let settled = false;
  const done = work.finally(() => {
    settled = true;
  });
  done.catch(() => undefined);
  while (!settled) {
    await new Promise((r) => setTimeout(r, 1));
    const next = clock.nextDeadline();
    if (next !== undefined) await clock.advance(Math.max(0, next - clock.now()));
  }
  return done;
}

/** Records every sleep a clock is asked for. */
export function recordingClock(clock: ManualClock): ManualClock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return Object.assign(Object.create(clock) as ManualClock, {
    sleeps,
    now: () => clock.now(),
    sleep: (ms: number, signal?: AbortSignal) => {
      sleeps.push(ms);
      return clock.sleep(ms, signal);
    },
  });
}
