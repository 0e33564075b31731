// Genesys mappers on vendor-shaped fixtures (test/fixtures/vendor/genesys), not on what our emulator makes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createApiClient } from '../../src/http/index.js';
import { listQueues, toQueueSnapshots } from '../../src/vendors/genesys/index.js';
import { json, startTestServer } from '../support/test-server.js';
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

  test('routing queues list every media type in mediaSettings: no single media is guessed from them', async () => {
    const server = await startTestServer((_req, res) => json(res, 200, vendorFixture('genesys/routing-queues.json')));
    try {
      const client = createApiClient({
        vendor: 'genesys',
        baseUrl: server.url,
        tokens: { getToken: async () => 't', invalidate: () => {} },
      });
      const [queue] = await listQueues(client, 'default');
      assert.equal(queue?.name, 'Fixture Support');
      assert.equal(queue?.mediaType, undefined);
      assert.equal(queue?.divisionId, '1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b');
    } finally {
      await server.close();
    }
  });
});
