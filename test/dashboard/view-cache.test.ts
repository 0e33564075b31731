// The view cache's guarantees on their own: an entry belongs to one user's live state (two users at
// the same version, second and key never share one), lives for one state version and one second, and
// a request that raced behind a newer change neither gets nor clobbers the newer entry.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LiveState } from '../../src/dashboard/live-state.js';
import { createViewCache } from '../../src/dashboard/view-cache.js';

test('two users at the same version, second and key each get their own entry', () => {
  const cache = createViewCache();
  const alice = new LiveState('genesys\u0000org\u0000alice');
  const bob = new LiveState('genesys\u0000org\u0000bob');
  assert.equal(alice.version, bob.version);
  assert.equal(
    cache.get(alice, alice.version, 1000, 'page|today|UTC', () => 'alice'),
    'alice',
  );
  assert.equal(
    cache.get(bob, bob.version, 1000, 'page|today|UTC', () => 'bob'),
    'bob',
  );
  assert.equal(
    cache.get(alice, alice.version, 1000, 'page|today|UTC', () => 'made again'),
    'alice',
  );
});

test('an entry is made once per state version and second; a request behind a newer change is not cached', () => {
  const cache = createViewCache();
  const state = new LiveState('cxone\u0000org\u0000dana');
  let made = 0;
  const get = (version: number, second: number) => cache.get(state, version, second, 'json|today|UTC', () => ++made);
  assert.equal(get(0, 1000), 1);
  assert.equal(get(0, 1000), 1, 'shared within the version and second');
  assert.equal(get(0, 2000), 2, 'a new second');
  state.update(2000, () => undefined);
  assert.equal(get(1, 2000), 3, 'a new version');
  assert.equal(get(0, 2000), 4, 'behind the newer change: its own answer');
  assert.equal(get(1, 2000), 3, 'and the newer entry kept');
});
