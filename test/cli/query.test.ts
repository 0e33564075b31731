import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { runCli } from '../support/run-cli.js';

let emulator: RunningEmulator;
before(async () => {
  emulator = await startEmulator({ seed: 8 });
});
after(() => emulator.close());

describe('ccpulse query', () => {
  test('query genesys queue-intervals prints one CSV row per queue for a day, with real numbers', async () => {
    const run = runCli(
      ['query', 'genesys', 'queue-intervals', '--from', '2026-11-20', '--granularity', 'P1D', '--format', 'csv'],
      emulator.env(),
    );
    const { code, stdout } = await run.done;
    assert.equal(code, 0, run.output());
    const [header, ...rows] = stdout.trim().split('\n');
    assert.equal(header, 'interval_start,queue,offered,answered,abandoned,service_level,aht_s,asa_s');
    assert.equal(rows.length, emulator.org.queues.length);
    const offered = rows.reduce((s, r) => s + Number(r.split(',')[2]), 0);
    assert.equal(
      offered,
      emulator.context.traffic.conversationsStarting(Date.UTC(2026, 10, 20), Date.UTC(2026, 10, 21)).length,
    );
  });

  test('query refuses a malformed window with the fix', async () => {
    const run = runCli(['query', 'genesys', 'conversations', '--from', 'yesterday-ish'], emulator.env());
    const { code, stderr } = await run.done;
    assert.equal(code, 2, 'a usage mistake is exit 2');
    assert.match(stderr, /--from 'yesterday-ish' is not a date or time\n {2}fix: Use ISO 8601/);
  });
});
