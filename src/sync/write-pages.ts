// Streams pages into the sink in batches of up to BATCH conversations, so the window's last rows
// carry its checkpoint in their own transaction. A crash before that commit leaves the checkpoint
// where it was: the window is fetched again and its rows, upserted by key, end up the same. The next
// page is already being fetched while one is written.
import type { Conversation } from '../model/index.js';
import type { Checkpoint, Sink } from '../store/index.js';
import { prefetched } from './prefetch.js';

/**
 * Conversations per transaction. The details query pages 100 at a time (Genesys's maximum): a
 * commit each cost more than the rows (SQLite wrote the same index pages to its WAL page after page).
 */
const BATCH = 1000;

export async function writeConversationPages(
  sink: Sink,
  pages: AsyncIterable<Conversation[]>,
  /** The window's done checkpoint, asked for only when the last page is written. */
  checkpoint: () => Checkpoint,
  onRows: (n: number) => void,
): Promise<number> {
  let held: Conversation[] = [];
  let total = 0;
  for await (const page of prefetched(pages)) {
    if (held.length > 0 && held.length + page.length > BATCH) {
      await sink.writeBatch({ conversations: held });
      onRows(held.length);
      held = [];
    }
    for (const c of page) held.push(c);
    total += page.length;
  }
  await sink.writeBatch({ conversations: held, checkpoint: checkpoint() });
  if (held.length > 0) onRows(held.length);
  return total;
}
