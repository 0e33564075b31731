// Absurd flag values are refused with the allowed range instead of being taken (issue #15 item 2):
// look-back hours, --from/--until outside what the vendors keep or in the wrong order or the future,
// and schedule kinds that do not exist; `*=` in a schedule really sets every stream.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CliInputError, parseLookbackHours, parseSyncRange } from '../../src/cli/cli-input.js';
import { DEFAULT_SCHEDULE, parseSchedule, ScheduleError } from '../../src/daemon/index.js';
import { runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

const NOW = Date.UTC(2026, 10, 25, 12);
const refused = (f: () => unknown, pattern: RegExp) =>
  assert.throws(f, (e: unknown) => e instanceof CliInputError && pattern.test(`${e.message} | ${e.hint}`));

describe('--lookback-hours', () => {
  test('0 to 720 hours, nothing else', () => {
    assert.equal(parseLookbackHours('72'), 72 * 3600_000);
    assert.equal(parseLookbackHours('0'), 0);
    assert.equal(parseLookbackHours('720'), 720 * 3600_000);
    for (const bad of ['1e9', '1e308', '721', '-1', 'NaN', 'Infinity', '', ' ', 'abc'])
      refused(() => parseLookbackHours(bad), /from 0 to 720/);
  });
});

describe('--from / --until', () => {
  test('in the past, in order, within five years', () => {
    assert.deepEqual(parseSyncRange('2026-11-20', '2026-11-21', NOW), {
      backfillFrom: Date.UTC(2026, 10, 20),
      until: Date.UTC(2026, 10, 21),
    });
    assert.deepEqual(parseSyncRange(undefined, undefined, NOW), { backfillFrom: undefined, until: undefined });
    refused(() => parseSyncRange('2026-12-01', undefined, NOW), /--from 2026-12-01T00:00:00Z is in the future/);
    refused(
      () => parseSyncRange(undefined, '2099-01-01', NOW),
      /--until 2099-01-01T00:00:00Z is in the future.*bounded backfill ends by now/,
    );
    refused(() => parseSyncRange('2026-11-21', '2026-11-20', NOW), /--until .* is not after --from/);
    refused(() => parseSyncRange('2026-11-21', '2026-11-21', NOW), /is not after --from/);
    for (const ancient of ['0', '1970-01-01', '2021-11-01'])
      refused(
        () => parseSyncRange(ancient, undefined, NOW),
        /older than the vendors keep data.*5 years.*30 days.*from 2021-11-26 on/,
      );
    refused(() => parseSyncRange('yesterday', undefined, NOW), /not a date or time/);
  });
});

describe('--schedule', () => {
  test('a misspelled kind is refused with the nearest real one', () => {
    assert.throws(
      () => parseSchedule('conversation=1m'),
      (e: unknown) =>
        e instanceof ScheduleError &&
        /'conversation' is not a stream kind \(did you mean conversations\?\)/.test(e.message),
    );
    assert.throws(
      () => parseSchedule('everything=1m'),
      (e: unknown) => e instanceof ScheduleError && /the kinds are conversations, contacts/.test(e.message),
    );
  });

  test("'*=10m' sets every stream; kinds named beside it win whatever the order", () => {
    const all = parseSchedule('*=10m');
    for (const kind of DEFAULT_SCHEDULE.keys()) assert.equal(all.get(kind), 600_000, kind);
    const mixed = parseSchedule('conversations=2m,*=10m');
    assert.equal(mixed.get('conversations'), 120_000);
    assert.equal(mixed.get('directory'), 600_000);
  });
});

describe('on the command line', () => {
  const env = { GENESYS_CLIENT_ID: 'id', GENESYS_CLIENT_SECRET: 'secret' };
  for (const [args, pattern] of [
    [['sync', '--once', '--lookback-hours', '1e9'], /--lookback-hours '1e9' is not a number of hours from 0 to 720/],
    [['sync', '--once', '--until', '2099-01-01'], /--until 2099-01-01T00:00:00Z is in the future/],
    [['sync', '--once', '--from', '1970-01-01'], /older than the vendors keep data/],
    [['daemon', '--schedule', 'conversation=1m'], /did you mean conversations\?/],
    [['query', 'genesys', 'queues', '--from', '2099-01-01'], /--from 2099-01-01T00:00:00.000Z is in the future/],
  ] as const) {
    test(`${args.join(' ')}: exit 2, nothing started`, async () => {
      const run = runCli([...args], env, tempDir('ccpulse-flags-'));
      const { code, stderr } = await run.done;
      assert.equal(code, 2, run.output());
      assert.match(stderr, pattern);
      assert.match(stderr, /fix: /);
    });
  }
});
