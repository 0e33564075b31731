// `ccpulse report` as a person runs it: numbers as numbers in CSV/JSON, names and ids, a queue by
// name, the freshness warning, and every mistake as one line with the fix and exit 2.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { openSqliteSink } from '../../src/store/index.js';
import { fullBatch, T0 } from '../store/sample-records.js';
import { runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

let dir: string;
const env = () => ({ CCPULSE_DATA_DIR: join(dir, 'data') });

before(async () => {
  dir = tempDir('ccpulse-report-');
  const sink = await openSqliteSink({ path: join(dir, 'data', 'ccpulse.db') });
  await sink.writeBatch(fullBatch());
  // Synced until 06:00 of the sample day: a report of the whole day must say so.
  await sink.writeBatch({
    checkpoint: { stream: 'genesys:acme:queue-intervals', value: { watermark: T0 + 6 * 3600_000, settledUntil: T0 } },
    streamRuns: [
      {
        stream: 'genesys:acme:queue-intervals',
        startedAt: T0,
        finishedAt: T0 + 6 * 3600_000 + 60_000,
        windows: 1,
        rows: 8,
      },
    ],
  });
  await sink.close();
});

const report = async (...args: string[]) => await runCli(['report', ...args], env(), dir).done;

describe('ccpulse report', () => {
  test('CSV: numbers are numbers (ratios 0-1), ids and names both, a queue picked by its name', async () => {
    const { code, stdout, stderr } = await report(
      'queues',
      '--from',
      '2026-11-24',
      '--tz',
      'UTC',
      '--vendor',
      'genesys',
      '--queue',
      'QUEUE Q-A «1»',
      '--format',
      'csv',
    );
    assert.equal(code, 0, stderr);
    const [header, ...lines] = stdout.trim().split('\n');
    assert.equal(
      header,
      'period_start,period_end,vendor,org,queue_id,queue_name,offered,answered,abandoned,transferred,abandon_rate,service_level,asa_s,aht_s,handle_s',
    );
    assert.equal(lines.length, 1);
    const cells = (lines[0] as string).split(',');
    assert.deepEqual(cells.slice(0, 6), [
      '2026-11-24T00:00:00Z',
      '2026-11-25T00:00:00Z',
      'genesys',
      'acme',
      'q-a',
      'Queue q-a «1»',
    ]);
    for (const n of cells.slice(6)) assert.match(n, /^\d+(\.\d+)?$/, 'a plain number');
    assert.ok(Number(cells[11]) > 0 && Number(cells[11]) <= 1, 'service level as a ratio');
    assert.match(
      stderr,
      /warning: genesys:acme:queue-intervals is synced until 2026-11-24T06:00:00Z but the period runs to 2026-11-25T00:00:00Z/,
    );
    assert.match(
      stderr,
      /data: genesys:acme:queue-intervals: synced until 2026-11-24T06:00:00Z, final until 2026-11-24T00:00:00Z; last run 2026-11-24T06:01:00Z \(8 rows\)/,
    );
  });

  test('JSON Lines and the table in another zone: local bounds, percentages only in the table', async () => {
    const jsonl = await report(
      'service-levels',
      '--from',
      '2026-11-24T01:00',
      '--to',
      '2026-11-24T05:00',
      '--tz',
      'Europe/Berlin',
      '--by',
      'hour',
      '--format',
      'jsonl',
    );
    assert.equal(jsonl.code, 0, jsonl.stderr);
    const rows = jsonl.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.ok(rows.length > 0);
    assert.ok(
      rows.every((r) => /^2026-11-24T0[1-4]:00:00\+01:00$/.test(r.period_start) && typeof r.service_level === 'number'),
    );
    const table = await report('queues', '--from', '2026-11-24', '--tz', 'UTC', '--vendor', 'genesys');
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^Queues, 2026-11-24T00:00:00Z to 2026-11-25T00:00:00Z \(UTC\), by day:/);
    assert.match(table.stdout, /\d+\.\d%/);
    assert.match(table.stdout, /\nData:\n {2}genesys:acme:queue-intervals: synced until/);
  });

  for (const [args, message] of [
    [
      ['queues', '--queue', 'Queue q-z'],
      /error: --queue 'Queue q-z' matches no queue; close names: Queue q-a «1», .*\n {2}fix: Give a queue id or its full name/,
    ],
    [
      ['queues', '--tz', 'Mars/Olympus'],
      /error: --tz 'Mars\/Olympus' is not a time zone this system knows\n {2}fix: Use an IANA name/,
    ],
    [
      ['queues', '--period', 'last-week'],
      /error: --period 'last-week' is not a period\n {2}fix: Use one of today, yesterday, last-7-days, this-month/,
    ],
    [['queues', '--by', 'month'], /error: --by 'month' is not a bucket/],
    [['queues', '--from', '2026-02-30'], /error: --from '2026-02-30' is not a date or time/],
    [['queues', '--from', '2026-11-25', '--to', '2026-11-24'], /is not after --from/],
    [['queues', '--format', 'xml'], /error: --format 'xml' is not a format/],
    [['queues', '--vendor', 'avaya'], /error: --vendor 'avaya' is not a vendor/],
    [
      ['queues', '--org', 'nope'],
      /error: --org 'nope' has no data in this database\n {2}fix: Use one of Acme-EU, acme/,
    ],
    [['conversations', '--by', 'day'], /--by does not apply to the conversations report/],
    [['calls'], /error: 'calls' is not a report\n {2}fix: Use one of queues, agents, conversations, service-levels/],
  ] as const) {
    test(`${args.join(' ')}: exit 2, one line with the fix`, async () => {
      const { code, stdout, stderr } = await report(...args);
      assert.equal(code, 2, stderr);
      assert.equal(stdout, '');
      assert.match(stderr, message);
    });
  }

  test('no database yet: exit 2 and nothing created', async () => {
    const empty = tempDir('ccpulse-report-none-');
    const { code, stderr } = await runCli(['report', 'queues'], { CCPULSE_DATA_DIR: join(empty, 'data') }, empty).done;
    assert.equal(code, 2);
    assert.match(stderr, /error: no database at .*ccpulse\.db\n {2}fix: Sync first/);
  });
});
