// Which windows a cycle syncs: whole epoch-aligned windows, a last one cut at the freshest aligned
// boundary, the lookback, and the settled mark that keeps a restarted backfill from repeating history.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { planWindows, progressAfter, type StreamCheckpoint } from '../../src/sync/sync-plan.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T = Date.UTC(2026, 10, 20); // a day boundary

const at = (ms: number) => new Date(ms).toISOString().slice(5, 16);
const show = (windows: [number, number][]) => windows.map(([a, b]) => `${at(a)}..${at(b)}`);

describe('planWindows', () => {
  test('first run: whole windows from the backfill start, then the window in progress up to the last aligned boundary', () => {
    const until = T + 13 * HOUR + 47 * MIN + 12_345;
    const windows = planWindows(undefined, {
      backfillFrom: T - DAY,
      lookbackMs: 72 * HOUR,
      windowMs: 6 * HOUR,
      alignMs: MIN,
      until,
    });
    assert.deepEqual(show(windows), [
      '11-19T00:00..11-19T06:00',
      '11-19T06:00..11-19T12:00',
      '11-19T12:00..11-19T18:00',
      '11-19T18:00..11-20T00:00',
      '11-20T00:00..11-20T06:00',
      '11-20T06:00..11-20T12:00',
      '11-20T12:00..11-20T13:47',
    ]);
  });

  test('interval reports stop at their last whole interval, never part of one', () => {
    const windows = planWindows(undefined, {
      backfillFrom: T,
      lookbackMs: 0,
      windowMs: DAY,
      alignMs: 30 * MIN,
      until: T + 9 * HOUR + 29 * MIN,
    });
    assert.deepEqual(show(windows), ['11-20T00:00..11-20T09:00']);
  });

  test('without alignMs only whole windows are synced (the old behaviour, still right for hourly summaries)', () => {
    const windows = planWindows(undefined, {
      backfillFrom: T,
      lookbackMs: 0,
      windowMs: HOUR,
      until: T + 2 * HOUR + 59 * MIN,
    });
    assert.deepEqual(show(windows), ['11-20T00:00..11-20T01:00', '11-20T01:00..11-20T02:00']);
  });

  test('a cycle that re-reads nothing before the watermark reads the window in progress again from its start, and nothing before it', () => {
    const o = { backfillFrom: T - DAY, lookbackMs: 72 * HOUR, rereadMs: 0, windowMs: 6 * HOUR, alignMs: MIN };
    const checkpoint: StreamCheckpoint = { watermark: T + 13 * HOUR + 47 * MIN, settledUntil: T - DAY };
    assert.deepEqual(show(planWindows(checkpoint, { ...o, until: T + 13 * HOUR + 52 * MIN + 1 })), [
      '11-20T12:00..11-20T13:52',
    ]);
    // Across a window boundary: the rest of the finished window, then the new one.
    assert.deepEqual(show(planWindows(checkpoint, { ...o, until: T + 18 * HOUR + 3 * MIN })), [
      '11-20T12:00..11-20T18:00',
      '11-20T18:00..11-20T18:03',
    ]);
    // The full re-read, every few hours, still goes back the whole lookback.
    assert.equal(planWindows(checkpoint, { ...o, rereadMs: undefined, until: T + 14 * HOUR })[0]?.[0], T - DAY);
  });

  test('with a lookback, windows from the watermark minus the lookback, except those already settled', () => {
    const o = { backfillFrom: T - 10 * DAY, lookbackMs: 72 * HOUR, windowMs: DAY, alignMs: 30 * MIN, until: T + HOUR };
    assert.equal(planWindows({ watermark: T + HOUR }, o)[0]?.[0], T - 3 * DAY);
    assert.equal(planWindows({ watermark: T + HOUR, settledUntil: T - DAY }, o)[0]?.[0], T - DAY);
  });

  test('a window size that is not a multiple of the alignment is refused', () => {
    assert.throws(
      () =>
        planWindows(undefined, { backfillFrom: T, lookbackMs: 0, windowMs: HOUR, alignMs: 7 * MIN, until: T + DAY }),
      RangeError,
    );
  });
});

describe('progressAfter', () => {
  test('the settled mark moves over a window only when it was read a lookback after its end', () => {
    const before: StreamCheckpoint = { watermark: T, settledUntil: T };
    const early = progressAfter(before, [T, T + HOUR], T + HOUR + 71 * HOUR, 72 * HOUR);
    assert.deepEqual(early, { watermark: T + HOUR, settledUntil: T });
    const late = progressAfter(before, [T, T + HOUR], T + HOUR + 72 * HOUR, 72 * HOUR);
    assert.deepEqual(late, { watermark: T + HOUR, settledUntil: T + HOUR });
  });

  test('a window read before the lookback has passed (the one in progress, or a frequent cycle) never settles', () => {
    const after = progressAfter({ watermark: T, settledUntil: T }, [T, T + 13 * MIN], T + 13 * MIN, 72 * HOUR);
    assert.deepEqual(after, { watermark: T + 13 * MIN, settledUntil: T });
  });
});
