// `sync --once` with one vendor unreachable (issue #17 item 5): the other org syncs, the exit is
// non-zero, the summary names the org that failed with its own error, and the fix names the real
// cause — a refused connection to the CXone issuer is the network or CXONE_ISSUER, not CXONE_TENANT_ID.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseConfig } from '../../src/config/index.js';
import { createManualClock } from '../../src/core/index.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { openSqliteSink } from '../../src/store/index.js';
import { CxoneIssuerUnavailableError, discoverCxoneApiBase } from '../../src/vendors/cxone/index.js';
import { freePort, runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';
import { startTestServer } from '../support/test-server.js';

const HOUR = 3600_000;
const NOW = Math.floor(Date.now() / HOUR) * HOUR - HOUR;
let emulator: RunningEmulator;
before(async () => {
  emulator = await startEmulator({ seed: 41, clock: createManualClock(NOW), conversationsPerDay: 200 });
});
after(() => emulator.close());

describe('sync --once with one vendor unreachable', () => {
  test('Genesys syncs; exit 1 naming cxone and ECONNREFUSED; the fix names CXONE_ISSUER, not the tenant id', async () => {
    const dir = tempDir('ccpulse-sync-unreachable-');
    const dead = `http://127.0.0.1:${await freePort()}`;
    // A day back, not six hours: the emulator's traffic follows the day, and the night can be empty
    // (seed 41 has no conversation on 2027-05-10 00:00-06:00 UTC: this failed there at 07:xx); a
    // day holds at least 160 of its 200 at any hour.
    const run = runCli(['sync', '--once', '--from', new Date(NOW - 24 * HOUR).toISOString()], {
      ...emulator.env(),
      CXONE_ISSUER: dead,
      CCPULSE_DATA_DIR: dir,
      CCPULSE_LOG_LEVEL: 'warn',
    });
    const { code, stdout, stderr } = await run.done;
    assert.equal(code, 1, run.output());
    // Every Genesys stream ran and succeeded.
    const genesysRows = stdout.split('\n').filter((l) => l.startsWith('genesys:'));
    assert.ok(genesysRows.length >= 3, stdout);
    for (const row of genesysRows) assert.match(row, /\bok\s*$/, row);
    assert.match(stdout, /^cxone:\S+\s.*failed: CXone tenant discovery .* failed \(ECONNREFUSED/m);
    const error = stderr.slice(stderr.indexOf('error:'));
    assert.match(
      error,
      /cxone:\S+: CXone tenant discovery at http:\/\/127\.0\.0\.1:\d+\/\.well-known\/cxone-configuration failed \(ECONNREFUSED/,
    );
    assert.match(error, /fix: .*Check CXONE_ISSUER .*network path/);
    assert.doesNotMatch(error, /CXONE_TENANT_ID/);
    assert.doesNotMatch(run.output(), /unexpected failure|at \S+\.ts:\d+/);
    const sink = await openSqliteSink({ path: join(dir, 'ccpulse.db') });
    try {
      const dump = await sink.dump();
      assert.ok(dump.conversations.length > 0, 'the Genesys org was synced');
      assert.deepEqual(new Set(dump.conversations.map((c) => c.vendor)), new Set(['genesys']));
    } finally {
      await sink.close();
    }
  });

  test('discovery: a refusal and a 5xx blame the issuer or the network; a 404 still names the tenant id', async () => {
    const org = parseConfig({ ...emulator.env() }).orgs.find((o) => o.vendor === 'cxone');
    assert.ok(org && org.vendor === 'cxone');
    const refused = { ...org, issuer: `http://127.0.0.1:${await freePort()}` };
    await assert.rejects(discoverCxoneApiBase(refused, 5_000), (e: unknown) => {
      assert.ok(e instanceof CxoneIssuerUnavailableError);
      assert.equal(e.kind, 'transient');
      assert.match(e.message, /ECONNREFUSED/);
      assert.match(e.hint, /CXONE_ISSUER/);
      assert.doesNotMatch(e.hint, /CXONE_TENANT_ID/);
      return true;
    });
    const failing = await startTestServer((_req, res) => res.writeHead(503).end());
    try {
      await assert.rejects(discoverCxoneApiBase({ ...org, issuer: failing.url }, 5_000), (e: unknown) => {
        assert.ok(e instanceof CxoneIssuerUnavailableError);
        assert.match(e.message, /HTTP 503/);
        assert.doesNotMatch(e.hint, /CXONE_TENANT_ID/);
        return true;
      });
    } finally {
      await failing.close();
    }
    // An issuer that accepts and never answers is given the request deadline, not a fixed time of its own.
    const hanging = await startTestServer(() => undefined);
    try {
      const started = performance.now();
      await assert.rejects(discoverCxoneApiBase({ ...org, issuer: hanging.url }, 300), (e: unknown) => {
        assert.ok(e instanceof CxoneIssuerUnavailableError, String(e));
        assert.doesNotMatch(e.hint, /CXONE_TENANT_ID/);
        return true;
      });
      const waitedMs = performance.now() - started;
      assert.ok(waitedMs < 2_000, `gave up after ${Math.round(waitedMs)} ms`);
    } finally {
      await hanging.close();
    }
    await assert.rejects(discoverCxoneApiBase({ ...org, tenantId: 'no-such-tenant' }, 5_000), (e: unknown) => {
      assert.match((e as Error & { hint: string }).hint, /CXONE_TENANT_ID/);
      return true;
    });
  });
});
