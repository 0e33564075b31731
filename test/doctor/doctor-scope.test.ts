// What the doctor covers: a permission probe for every stream the daemon syncs (so a new stream
// cannot go unchecked), every configured vendor when none is named, and an --env file that is not there.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { findOrg, parseConfig } from '../../src/config/index.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { createApiClient } from '../../src/http/index.js';
import { cxoneStreams, genesysStreams } from '../../src/sync/index.js';
import { CXONE_PROBES } from '../../src/vendors/cxone/index.js';
import { GENESYS_PROBES } from '../../src/vendors/genesys/index.js';
import { assertNoSecrets, doctorJson, runDoctorCli } from './doctor-run.js';

let emulator: RunningEmulator;
before(async () => {
  emulator = await startEmulator({ seed: 13 });
});
after(() => emulator.close());

describe('ccpulse doctor: scope', () => {
  test('every sync stream of each vendor has a permission probe, and every probe a stream', () => {
    const config = parseConfig(emulator.env());
    const unused = { getToken: () => Promise.reject(new Error('not called')), invalidate: () => {} };
    for (const [vendor, probes, streams] of [
      [
        'genesys',
        GENESYS_PROBES,
        genesysStreams(
          findOrg(config, 'genesys'),
          createApiClient({ vendor: 'genesys', baseUrl: emulator.genesysUrl, tokens: unused }),
        ),
      ],
      [
        'cxone',
        CXONE_PROBES,
        cxoneStreams(
          findOrg(config, 'cxone'),
          createApiClient({ vendor: 'cxone', baseUrl: emulator.cxoneUrl, tokens: unused }),
        ),
      ],
    ] as const) {
      const streamNames = streams.map((s) => s.name.replace(`${vendor}:default:`, '')).sort();
      assert.deepEqual([...new Set(probes.map((p) => p.stream))].sort(), streamNames, vendor);
    }
  });

  test('with no vendor named, checks every configured one', async () => {
    const run = await runDoctorCli([], emulator.env());
    assert.equal(run.code, 0, run.output);
    assert.deepEqual(run.stdout.match(/^ccpulse doctor: \w+/gm), [
      'ccpulse doctor: genesys',
      'ccpulse doctor: cxone',
      'ccpulse doctor: storage',
    ]);
    assert.deepEqual(run.stdout.match(/^All \d+ checks passed\.$/gm)?.length, 2);
    assertNoSecrets(run.output, [emulator]);
  });

  test('an --env file that does not exist fails the first check; the environment still counts', async () => {
    const { run, report } = await doctorJson('genesys', undefined, ['--env', 'prod.env'], emulator.env());
    const [envFile, variables] = report.checks;
    assert.equal(envFile?.status, 'fail');
    assert.equal(envFile?.detail, `the env file ${join(run.cwd, 'prod.env')} does not exist`);
    assert.equal(variables?.status, 'pass');
    assert.deepEqual(
      report.checks.filter((c) => c.status === 'fail').map((c) => c.id),
      ['env-file'],
    );
    assert.equal(report.ok, false);
    assertNoSecrets(run.output, [emulator]);
  });
});
