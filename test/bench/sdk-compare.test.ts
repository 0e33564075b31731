// The ccpulse-vs-Genesys-SDK comparison at a tiny size: both children run against a real emulator,
// read the same data, and report every figure; the data check itself refuses a difference.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DataDigest } from '../../bench/sdk-compare/child-meter.js';
import { DataMismatchError, measureSdkComparison, sameData } from '../../bench/sdk-compare/measure-sdk-comparison.js';
import { createSeedOrg, seedClient } from '../../src/emulator/index.js';

test('ccpulse and the SDK read identical data and every figure is measured', { timeout: 120_000 }, async () => {
  const result = await measureSdkComparison({
    aggregatesQueries: 10,
    conversationsPerDay: 300,
    seed: 3,
    coldStartRuns: 1,
  });

  assert.deepEqual(result.sdk.data, result.ccpulse.data);
  assert.deepEqual(result.data, result.ccpulse.data);
  assert.ok(result.data.aggregateRows > 0 && result.data.offered > 0, 'aggregates returned rows');
  assert.ok(result.data.conversations > 0, 'the details paging returned conversations');
  assert.match(result.data.conversationIdsSha256, /^[0-9a-f]{64}$/);

  for (const side of [result.ccpulse, result.sdk]) {
    for (const figure of [side.wallMs, side.cpuMs, side.peakRssMiB, side.coldStartMs])
      assert.ok(Number.isFinite(figure) && figure > 0, `${side.side}: ${figure}`);
    assert.ok(side.coldStartMs <= side.wallMs, `${side.side}: cold start within the run`);
    // 10 aggregates + at least one details page, each seen once by the client and once by the emulator.
    assert.ok(side.requests >= 11, `${side.side}: ${side.requests} requests`);
    assert.equal(side.emulator.apiRequests, side.requests, `${side.side}: client and emulator agree`);
    assert.equal(side.emulator.tokenRequests, 1, `${side.side}: one login`);
    // Far below 300/min: neither side may be rate-limited or refused.
    assert.equal(side.emulator.status429 + side.emulator.status401, 0);
  }
  assert.ok(result.coldStartMs.ccpulse > 0 && result.coldStartMs.sdk > 0);
  for (const r of [...Object.values(result.ratios), ...Object.values(result.ratiosNetOfRunner)])
    assert.ok(Number.isFinite(r) && r > 0, `ratio ${r}`);

  const { ccpulse, sdk } = result.footprint;
  assert.ok(ccpulse.dependencies > 0 && ccpulse.totalMiB > 0);
  assert.ok(sdk.dependencies > 0 && sdk.ownMiB > 0);
  assert.ok(
    sdk.largest.some((p) => p.name === 'axios'),
    'the SDK closure includes axios',
  );

  // The printed figures carry no credential.
  const secret = seedClient(createSeedOrg({ seed: 3 }), 'genesys', 'daemon').secret;
  assert.ok(!JSON.stringify(result).includes(secret));
});

test('a difference in the data fails the comparison', () => {
  const digest: DataDigest = {
    aggregateRows: 4,
    offered: 10,
    handleMs: 1000,
    conversations: 2,
    conversationIdsSha256: 'a'.repeat(64),
    conversationHandleMs: 500,
  };
  assert.deepEqual(sameData(digest, { ...digest }), digest);
  assert.throws(() => sameData(digest, { ...digest, conversations: 3 }), DataMismatchError);
  assert.throws(() => sameData(digest, { ...digest, conversationIdsSha256: 'b'.repeat(64) }), /conversationIdsSha256/);
  assert.throws(() => sameData({ ...digest, conversations: 0 }, { ...digest, conversations: 0 }), /no data/);
});
