// Rows packed by column for the decode worker's reply (src/sync/packed-rows.ts) come back equal,
// cell for cell and type for type, whatever a column holds: nulls anywhere, only nulls, booleans,
// texts that repeat, numbers past 2^32, a column of several types, and no rows at all.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import type { ConversationRows } from '../../src/store/index.js';
import { packConversationRows, unpackConversationRows } from '../../src/sync/packed-rows.js';

/** Through a real port, with the buffers transferred, as the worker sends them. */
function roundTrip(rows: ConversationRows): ConversationRows {
  const { port1, port2 } = new MessageChannel();
  const { packed, transfer } = packConversationRows(rows);
  port1.postMessage(packed, transfer);
  const received = receiveMessageOnPort(port2)?.message;
  port1.close();
  return unpackConversationRows(received);
}

test('every kind of column comes back as it went', () => {
  const rows: ConversationRows = {
    keys: [
      ['genesys', 'acme', 'c-1'],
      ['genesys', 'acme', 'c-2'],
    ],
    shapes: [[2, 0], []],
    conversations: [
      ['genesys', 'acme', 'c-1', 1_790_000_000_000, null, 'inbound', true, null, 0, -1.5, 'q-1'],
      ['genesys', 'acme', 'c-2', 1_790_000_060_000, 1_790_000_090_000, null, false, null, null, 2 ** 53, 'q-1'],
    ],
    participants: [
      ['genesys', 'acme', 'c-1', 0, 7, null],
      ['genesys', 'acme', 'c-1', 1, 'seven', true],
    ],
    segments: [],
  };
  const back = roundTrip(rows);
  assert.deepEqual(back, rows);
  // Repeated texts arrive as one string, not a copy per row.
  assert.equal(back.conversations[0]?.[10], back.conversations[1]?.[10]);
});

test('a page with no conversations comes back empty', () => {
  const empty: ConversationRows = { keys: [], shapes: [], conversations: [], participants: [], segments: [] };
  assert.deepEqual(roundTrip(empty), empty);
});
