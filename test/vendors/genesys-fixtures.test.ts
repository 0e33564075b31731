// Genesys mappers on vendor-shaped fixtures (test/fixtures/vendor/genesys), not on what our emulator makes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toQueueSnapshots } from '../../src/vendors/genesys/index.js';
import { vendorFixture } from '../support/vendor-fixture.js';

type Observations = { results: Parameters<typeof toQueueSnapshots>[2] };

describe('Genesys mappers on vendor-shaped payloads', () => {
  test('queue observations: on-queue agents are the sum of the routing-status qualifiers, kept split', () => {
    const { results } = vendorFixture<Observations>('genesys/queue-observations.json');
    const [snap] = toQueueSnapshots('default', 1, results);
    assert.ok(snap);
    // IDLE 3 + INTERACTING 2: the first qualifier alone (3) under-counts.
    assert.equal(snap.onQueueAgents, 5);
    // Statuses Genesys leaves out (zero counts) are present as 0, so the split always has its columns.
    assert.deepEqual(snap.agentsByRoutingStatus, { IDLE: 3, INTERACTING: 2, NOT_RESPONDING: 0 });
    assert.equal(snap.availableAgents, 3);
    assert.equal(snap.activeAgents, 7);
    // Conversation metrics come per media type: summed over voice and callback.
    assert.equal(snap.waiting, 5);
    assert.equal(snap.interacting, 2);
  });
});
