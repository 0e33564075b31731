// `ccpulse export` as a loader runs it: CSV with a header, JSON Lines, the next watermark on stderr
// and in --watermark-file, and mistakes as exit 2 with the fix.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { createManualClock } from '../../src/core/index.js';
import { openSqliteSink } from '../../src/store/index.js';
import { fullBatch, T0 } from '../store/sample-records.js';
import { runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

let dir: string;
before(async () => {
  dir = tempDir('ccpulse-export-');
  const sink = await openSqliteSink({ path: join(dir, 'data', 'ccpulse.db'), clock: createManualClock(T0) });
  await sink.writeBatch(fullBatch());
  await sink.close();
});

const exportCli = async (...args: string[]) =>
  await runCli(['export', ...args], { CCPULSE_DATA_DIR: join(dir, 'data') }, dir).done;

describe('ccpulse export', () => {
  test('CSV of a view: header, one line per row, the next watermark on stderr; --watermark-file resumes', async () => {
    const first = await exportCli('v_queue_intervals');
    assert.equal(first.code, 0, first.stderr);
    const lines = first.stdout.trim().split('\n');
    assert.match(
      lines[0] as string,
      /^interval_start,interval_end,vendor,org,queue_id,queue_name,media_type,offered,.*,synced_at$/,
    );
    assert.ok(lines.length > 1);
    assert.match(
      first.stderr,
      new RegExp(
        `exported ${lines.length - 1} rows of v_queue_intervals; next watermark: ${T0} \\(2026-11-24T00:00:00.000Z\\); continue with: ccpulse export v_queue_intervals --since ${T0}`,
      ),
    );
    const file = join(dir, 'conv.wm');
    const a = await exportCli('conversations', '--format', 'jsonl', '--watermark-file', file);
    assert.equal(a.code, 0, a.stderr);
    const rows = a.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.ok(rows.length > 0 && rows.every((r) => typeof r.start_ms === 'number' && typeof r.answered === 'boolean'));
    assert.equal(readFileSync(file, 'utf8').trim(), String(T0));
    // Nothing changed since: the rows stamped at the watermark only (delivered at least once).
    const b = await exportCli('conversations', '--format', 'jsonl', '--watermark-file', file);
    assert.equal(b.code, 0, b.stderr);
    assert.equal(b.stdout.trim().split('\n').length, rows.length);
  });

  for (const [args, message] of [
    [['calls'], /error: .*calls.*\n {2}fix: .*v_queue_intervals/],
    [
      ['conversations', '--since', 'last tuesday'],
      /error: --since 'last tuesday' is not a watermark\n {2}fix: Give the number the previous export printed/,
    ],
    [['checkpoints', '--since', '0'], /error: checkpoints has no change stamp, so --since cannot apply/],
    [
      ['conversations', '--format', 'parquet'],
      /error: --format 'parquet' is not an export format\n {2}fix: Use csv or jsonl/,
    ],
  ] as const) {
    test(`${args.join(' ')}: exit 2 with the fix`, async () => {
      const { code, stdout, stderr } = await exportCli(...args);
      assert.equal(code, 2, stderr);
      assert.equal(stdout, '');
      assert.match(stderr, message);
    });
  }
});
