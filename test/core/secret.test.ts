import assert from 'node:assert/strict';
import { test } from 'node:test';
import { format, inspect } from 'node:util';
import { createManualClock, redactToken, Secret } from '../../src/core/index.js';

const VALUE = 'eyJhbGciOiJSUzI1NiJ9.payload-that-is-long-enough.signature';

test('a Secret never shows its value through any implicit conversion', () => {
  const secret = new Secret(VALUE);
  for (const text of [
    String(secret),
    `${secret}`,
    JSON.stringify({ secret }),
    inspect(secret),
    format('%s %o', secret, secret),
  ]) {
    assert.ok(!text.includes(VALUE.slice(0, 10)), text);
  }
  assert.equal(secret.reveal(), VALUE);
});

test('redactToken keeps at most four characters', () => {
  assert.equal(redactToken(VALUE), `eyJh…(${VALUE.length} chars)`);
  assert.equal(redactToken('short'), '…(5 chars)');
});

test('the manual clock wakes sleepers in deadline order only when advanced', async () => {
  const clock = createManualClock(0);
  const woke: number[] = [];
  void clock.sleep(200).then(() => woke.push(200));
  void clock.sleep(100).then(() => woke.push(100));
  await clock.advance(50);
  assert.deepEqual(woke, []);
  await clock.advance(200);
  assert.deepEqual(woke, [100, 200]);
  const controller = new AbortController();
  const aborted = clock.sleep(1000, controller.signal);
  controller.abort(new Error('stop'));
  await assert.rejects(aborted, /stop/);
  assert.equal(clock.pending, 0);
});
