// Reading ahead (src/sync/prefetch.ts): the next item is asked for before the current one is handed
// out, and with `underWay` the current one waits until the next is being worked on elsewhere — or has
// come, or failed — so a caller that blocks its thread does not hold the next one back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prefetched } from '../../src/sync/prefetch.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

test('with underWay, an item is handed out only once the next one is under way', async () => {
  const events: string[] = [];
  let started = () => {};
  async function* source() {
    for (const item of ['a', 'b', 'c']) {
      events.push(`fetch ${item}`);
      await tick();
      if (item !== 'a') started();
      events.push(`decode ${item}`);
      await tick();
      yield item;
    }
  }
  const underWay = () =>
    new Promise<void>((resolve) => {
      started = resolve;
    });
  for await (const item of prefetched(source(), underWay)) events.push(`write ${item}`);
  // Each write comes after the next item's decode has started, never before.
  assert.deepEqual(events, [
    'fetch a',
    'decode a',
    'fetch b',
    'decode b',
    'write a',
    'fetch c',
    'decode c',
    'write b',
    'write c',
  ]);
});

test('with underWay, the last item and a failing next one are not waited for forever', async () => {
  async function* failing() {
    yield 1;
    throw new Error('next page failed');
  }
  const never = () => new Promise<void>(() => undefined);
  const got: number[] = [];
  await assert.rejects(
    (async () => {
      for await (const n of prefetched(failing(), never)) got.push(n);
    })(),
    /next page failed/,
  );
  assert.deepEqual(got, [1]);
  async function* one() {
    yield 1;
  }
  const last: number[] = [];
  for await (const n of prefetched(one(), never)) last.push(n);
  assert.deepEqual(last, [1]);
});
