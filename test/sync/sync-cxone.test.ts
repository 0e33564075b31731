// The CXone contacts stream against CXone's real answers: a cycle in which no contact changed gets
// 204 No Content and is a successful run with no rows (issue #11 item 1).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openSqliteSink, type Sink } from '../../src/store/index.js';
import { type SyncEmulator, startSyncEmulator, syncCycle } from './sync-fixture.js';

let env: SyncEmulator;
let sink: Sink;
before(async () => {
  env = await startSyncEmulator({ seed: 12 });
  sink = await openSqliteSink({ path: ':memory:' });
});
after(async () => {
  await sink.close();
  await env.close();
});

describe('CXone contacts stream', () => {
  test('a cycle with no changed contacts is a successful run with no rows', async () => {
    // From a moment in the quiet span: nothing was updated after it.
    const outcomes = await syncCycle(env, sink, { backfillFrom: env.now + 2000, until: env.now });
    const contacts = outcomes.find((o) => o.stream.endsWith(':contacts') && o.stream.startsWith('cxone:'));
    assert.ok(contacts, outcomes.map((o) => o.stream).join());
    assert.equal(contacts.error, undefined);
    assert.equal(contacts.rows, 0);
  });
});
