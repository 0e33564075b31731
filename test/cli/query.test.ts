import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { runCli } from '../support/run-cli.js';

let emulator: RunningEmulator;
before(async () => {
  emulator = await startEmulator({ seed: 8 });
});
after(() => emulator.close());

/** `query genesys queue-intervals` for 2026-11-20 in `zone`, one row per queue for the day. */
const queueIntervalsOfTheDay = (zone: string, ...more: string[]) =>
  runCli(
    ['query', 'genesys', 'queue-intervals', '--from', '2026-11-20', '--tz', zone, '--granularity', 'P1D', ...more],
    emulator.env(),
  );

describe('ccpulse query', () => {
  test('query genesys queue-intervals prints one CSV row per queue for a day, with real numbers', async () => {
    const run = queueIntervalsOfTheDay('UTC', '--format', 'csv');
    const { code, stdout } = await run.done;
    assert.equal(code, 0, run.output());
    const [header, ...rows] = stdout.trim().split('\n');
    // The columns of `ccpulse report queues`: ids and names, numbers as numbers.
    assert.equal(
      header,
      'period_start,period_end,vendor,org,queue_id,queue_name,offered,answered,abandoned,transferred,abandon_rate,service_level,asa_s,aht_s,handle_s',
    );
    assert.equal(rows.length, emulator.org.queues.length);
    const offered = rows.reduce((s, r) => s + Number(r.split(',')[6]), 0);
    assert.equal(
      offered,
      emulator.context.traffic.conversationsStarting(Date.UTC(2026, 10, 20), Date.UTC(2026, 10, 21)).length,
    );
  });

  test('query refuses a malformed window with the fix', async () => {
    const run = runCli(['query', 'genesys', 'conversations', '--from', 'yesterday-ish'], emulator.env());
    const { code, stderr } = await run.done;
    assert.equal(code, 2, 'a usage mistake is exit 2');
    assert.match(stderr, /--from 'yesterday-ish' is not a date or time\n {2}fix: Use a date such as 2026-03-08/);
  });

  test('--queue by name (any case) or id, --tz for the day and the printed times; a wrong name lists close ones', async () => {
    const queue = emulator.org.queues[1];
    assert.ok(queue);
    const run = queueIntervalsOfTheDay('America/New_York', '--queue', queue.name.toUpperCase(), '--format', 'jsonl');
    const { code, stdout } = await run.done;
    assert.equal(code, 0, run.output());
    const rows = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(rows.length, 1);
    assert.deepEqual(
      [rows[0].queue_id, rows[0].queue_name, rows[0].period_start, rows[0].period_end],
      [queue.id, queue.name, '2026-11-20T00:00:00-05:00', '2026-11-21T00:00:00-05:00'],
    );
    assert.equal(typeof rows[0].service_level, 'number');
    const wrong = runCli(
      ['query', 'genesys', 'conversations', '--queue', `${queue.name.slice(0, -1)}x`],
      emulator.env(),
    );
    const refused = await wrong.done;
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, new RegExp(`matches no queue; close names: .*${queue.name}`));
  });
});
