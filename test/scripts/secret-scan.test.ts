// The test run's secret scan (scripts/secret-scan.ts) finds each kind of secret it promises to.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findLeaks } from '../../scripts/secret-scan.js';
import { createSeedOrg } from '../../src/emulator/seed-org.js';

test('finds seeded secrets, JWTs, bearer values, token fields and dashboard ids; passes clean text', () => {
  const org = createSeedOrg({ seed: 4 });
  const id = 'Ab_-'.repeat(10).concat('xyz');
  const samples = [
    `client_secret=${org.genesys.clients[0]?.secret}`,
    'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXZhbHVl',
    'Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345',
    '{"refresh_token":"abcdefghijklmnopqrstuvwxyz"}',
    `{"key":"ccps_${id}"}`,
    `cookie: __Host-ccpulse-login=ccpl_${id}`,
  ];
  for (const sample of samples) assert.equal(findLeaks(sample).length, 1, sample);
  for (const found of findLeaks(samples.join('\n'))) assert.ok(!found.includes(id), 'the report repeats a secret');
  assert.deepEqual(findLeaks('{"key":"session:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}'), []);
});
