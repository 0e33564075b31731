import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Hono } from 'hono';
import { createDaemonTokenManager } from '../../src/auth/index.js';
import { findOrg, parseConfig } from '../../src/config/index.js';
import { createManualClock } from '../../src/core/index.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { createApiClient, ResponseShapeError } from '../../src/http/index.js';
import { agentPerformanceIntervals, parseIsoDuration, teamPerformanceTotals } from '../../src/vendors/cxone/index.js';
import { parseCsv } from '../../src/vendors/cxone/parse-csv.js';

describe('CXone data formats', () => {
  test('ISO 8601 durations read into milliseconds', () => {
    const cases: [string, number | undefined][] = [
      ['PT0S', 0],
      ['PT1M30S', 90_000],
      ['PT1H2M3.456S', 3_723_456],
      ['PT0.5S', 500],
      ['PT1,5S', 1500],
      ['PT36H', 36 * 3_600_000],
      ['P1DT2H', 26 * 3_600_000],
      ['P1W', 7 * 86_400_000],
      ['PT', undefined],
      ['P', undefined],
      ['P1DT', undefined],
      ['PT1M30', undefined],
      ['00:01:30', undefined],
      ['P1Y', undefined],
      ['P1M', undefined],
      ['-PT5S', undefined],
    ];
    for (const [text, ms] of cases) assert.equal(parseIsoDuration(text), ms, text);
  });

  test('RFC 4180 CSV: quotes, doubled quotes, line breaks in fields, CRLF, byte-order mark', () => {
    assert.deepEqual(
      parseCsv('\uFEFFACD Call ID,Disposition\r\n1,"Sale, upsell"\r\n2,"said ""no"""\r\n3,"two\nlines"\r\n'),
      [
        ['ACD Call ID', 'Disposition'],
        ['1', 'Sale, upsell'],
        ['2', 'said "no"'],
        ['3', 'two\nlines'],
      ],
    );
    assert.deepEqual(parseCsv('a,b\n1,'), [
      ['a', 'b'],
      ['1', ''],
    ]);
    assert.deepEqual(parseCsv(''), []);
  });
});

describe('CXone performance answers ccpulse cannot use', () => {
  const clock = createManualClock(Date.UTC(2026, 10, 20, 15));
  let emulator: RunningEmulator;
  // A tenant API that sends a duration in a form ccpulse does not read, and a count that is no number.
  const odd = (app: Hono) => {
    app.get('/odd/inContactAPI/services/:version/teams/performance-total', (c) =>
      c.json({ teamPerformanceTotal: [{ teamId: '101', totalHandled: '3', totalTalkTime: '00:01:30' }] }),
    );
    app.get('/odd/inContactAPI/services/:version/agents/performance', (c) =>
      c.json({ agentPerformance: [{ agentId: 'x', totalHandled: 'many' }] }),
    );
  };
  before(async () => {
    emulator = await startEmulator({ seed: 15, clock, mounts: { cxone: [odd] } });
  });
  after(() => emulator.close());

  test('a duration that is not ISO 8601, or a count that is no number, is a ResponseShapeError naming the field', async () => {
    const cxone = findOrg(parseConfig(emulator.env()), 'cxone');
    const client = createApiClient({
      vendor: 'cxone',
      baseUrl: `${emulator.cxoneUrl}/odd/inContactAPI/services/v${cxone.apiVersion}`,
      tokens: createDaemonTokenManager(cxone, { clock }),
      clock,
    });
    const from = Date.UTC(2026, 10, 19);
    const to = Date.UTC(2026, 10, 20);
    await assert.rejects(
      teamPerformanceTotals(client, 'default', from, to),
      (e) => e instanceof ResponseShapeError && /totalTalkTime/.test(e.message) && /00:01:30/.test(e.message),
    );
    await assert.rejects(
      agentPerformanceIntervals(client, 'default', from, to),
      (e) => e instanceof ResponseShapeError && /agentId|totalHandled/.test(e.message),
    );
  });
});
