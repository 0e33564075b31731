// The decode worker's thread: Genesys details pages from body to table rows, exactly as the sync's
// own thread would read them (details-rows.ts), so the thread that writes the database only receives
// rows, packed by column (packed-rows.ts). Started by details-decoder.ts; one message in and one out per page.
import { parentPort } from 'node:worker_threads';
import type { DecodeReply, DecodeRequest } from './details-decoder.js';
import { rowsInThread } from './details-rows.js';
import { packConversationRows } from './packed-rows.js';

const port = parentPort;
if (!port) throw new Error('details-decode-worker runs as a worker thread');
port.on('message', async ({ id, body, request }: DecodeRequest) => {
  let reply: DecodeReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const decoded = await rowsInThread.read(Buffer.from(body.buffer, body.byteOffset, body.byteLength), request);
    if (decoded.ok) {
      const packed = packConversationRows(decoded.data.conversations);
      transfer = packed.transfer;
      reply = { id, decoded: { ok: true, data: { ...decoded.data, conversations: packed.packed } } };
    } else reply = { id, decoded };
  } catch (error) {
    // A page the checks passed and the mapping still choked on: the caller gets the error, not a hang.
    reply = { id, thrown: error instanceof Error ? error : new Error(String(error)) };
  }
  port.postMessage(reply, transfer);
});
const ready: DecodeReply = { ready: true };
port.postMessage(ready);
