import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createManualClock, type ManualClock } from '../../src/core/index.js';
import { type RateBudget, WindowBudget } from '../../src/http/index.js';
import { driveClock } from '../support/drive-clock.js';
import { mostInAnyWindow, type RequestTrace as Trace } from '../support/window-oracle.js';

/** Workers sending one request after another, each answered after a latency drawn from `latency`. */
async function run(
  clock: ManualClock,
  budget: RateBudget,
  options: { workers: number; requests: number; latency: () => number },
): Promise<Trace[]> {
  const traces: Trace[] = [];
  let next = 0;
  const worker = async () => {
    while (next < options.requests) {
      next++;
      const release = await budget.acquire();
      const sent = clock.now();
      await clock.sleep(options.latency());
      traces.push({ sent, answered: clock.now() });
      release();
    }
  };
  await driveClock(clock, Promise.all(Array.from({ length: options.workers }, worker)));
  return traces;
}

/** A small deterministic generator (mulberry32), so a failure repeats. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('WindowBudget', () => {
  test('no window ever holds more than the limit, whatever the latencies (manual clock)', async () => {
    for (const seed of [1, 2, 3]) {
      const clock = createManualClock(Date.UTC(2026, 10, 1));
      const random = seeded(seed);
      const budget = new WindowBudget({ perMinute: 50, clock });
      // Latencies from 1 ms to 4 s, so answers come back out of order and arrivals could bunch up.
      const traces = await run(clock, budget, {
        workers: 12,
        requests: 400,
        latency: () => 1 + Math.floor(random() ** 3 * 4000),
      });
      assert.equal(traces.length, 400);
      assert.ok(mostInAnyWindow(traces, 60_000) <= 50, `seed ${seed}: ${mostInAnyWindow(traces, 60_000)} > 50`);
      // ...and it spends the window: 400 requests need 7 more windows after the first 50.
      const elapsed = Math.max(...traces.map((t) => t.answered)) - Math.min(...traces.map((t) => t.sent));
      assert.ok(elapsed < 8 * 60_000 + 8_000, `seed ${seed}: ${elapsed} ms`);
    }
  });

  test('the window check counts a request from its send to its answer', () => {
    // The first answer came 50 ms after the third request's window began: it may have arrived then.
    const traces = [
      { sent: 0, answered: 100 },
      { sent: 30_000, answered: 30_001 },
      { sent: 60_050, answered: 60_060 },
    ];
    assert.equal(mostInAnyWindow(traces, 60_000), 3);
    assert.equal(mostInAnyWindow([{ sent: 0, answered: 40 }, ...traces.slice(1)], 60_000), 2);
  });

  test('no sleeping while the window has room: 300 at once, the 301st exactly when the first answer is a minute old', async () => {
    const clock = createManualClock(0);
    const budget = new WindowBudget({ perMinute: 300, clock });
    const releases = await Promise.all(Array.from({ length: 300 }, () => budget.acquire()));
    assert.equal(clock.now(), 0, 'no time passed');
    assert.equal(clock.pending, 0, 'nobody slept');
    assert.equal(budget.available(), 0);
    await clock.advance(250);
    for (const release of releases) release();
    let at: number | undefined;
    const next = budget.acquire().then(() => {
      at = clock.now();
    });
    await driveClock(clock, next);
    // Answered at 250 ms, so it may have reached the server then: its minute ends at 60.25 s.
    assert.equal(at, 60_250);
  });

  test('a request still out holds its place until its answer: it may not have reached the server yet', async () => {
    const clock = createManualClock(0);
    const budget = new WindowBudget({ perMinute: 1, clock });
    const first = await budget.acquire();
    await clock.advance(61_000);
    let granted = false;
    const second = budget.acquire().then(() => {
      granted = true;
    });
    await clock.advance(5_000);
    assert.equal(granted, false, 'the first request is still out');
    first();
    await clock.advance(0);
    await new Promise((r) => setImmediate(r));
    assert.equal(granted, false, 'its answer just came: it may have arrived a moment ago');
    await driveClock(clock, second);
    assert.equal(clock.now(), 66_000 + 60_000);
  });

  test('a pause (429 Retry-After) holds everyone, then the window rules again', async () => {
    const clock = createManualClock(0);
    const budget = new WindowBudget({ perMinute: 300, clock });
    (await budget.acquire())();
    budget.pauseUntil(2_000);
    const next = budget.acquire();
    await driveClock(clock, next);
    assert.equal(clock.now(), 2_000);
  });
});
