// Streams pages into the sink: the details query's in batches of up to BATCH conversations, so the
// window's last rows carry its checkpoint in their own transaction; an async job's a page per
// transaction, each with the checkpoint that resumes after it. A crash before a commit leaves the
// checkpoint where it was: the pages are fetched again and their rows, upserted by key, end up the
// same. The next page is already being fetched (and decoded) while one is written, and a job's next
// page handed to the sink while one is being committed.
import { type Checkpoint, type ConversationRows, mergeConversationRows, type Sink } from '../store/index.js';
import { prefetched } from './prefetch.js';

/**
 * Conversations per transaction. The details query pages 100 at a time (Genesys's maximum): a
 * commit each cost more than the rows (SQLite wrote the same index pages to its WAL page after page).
 */
const BATCH = 1000;

export async function writeConversationPages(
  sink: Sink,
  /** Pages read to rows; no conversation on two pages (the details query drops repeats). */
  pages: AsyncIterable<{ conversations: ConversationRows }>,
  /** The window's done checkpoint, asked for only when the last page is written. */
  checkpoint: () => Checkpoint,
  onRows: (n: number) => void,
): Promise<number> {
  let held: ConversationRows[] = [];
  let count = 0;
  let total = 0;
  const write = async (last?: Checkpoint) => {
    await sink.writeBatch({ conversationRows: mergeConversationRows(held), checkpoint: last });
    if (count > 0) onRows(count);
    held = [];
    count = 0;
  };
  for await (const { conversations } of prefetched(pages)) {
    const n = conversations.keys.length;
    if (count > 0 && count + n > BATCH) await write();
    held.push(conversations);
    count += n;
    total += n;
  }
  await write(checkpoint());
  return total;
}

/**
 * A job's pages, each written with `checkpointAfter(its next cursor)`; undefined after the last page.
 * The next page is handed to the sink while the one before it is still being written (Batch.after):
 * PostgreSQL works on both at once and commits them in order; SQLite's write is done by the time
 * it returns. At most two are out at once.
 */
export async function writeJobPages(
  sink: Sink,
  pages: AsyncIterable<{ conversations: ConversationRows; next: string | undefined }>,
  checkpointAfter: (next: string | undefined) => Checkpoint,
  onRows: (n: number) => void,
  /** The reader's `working`: each page is written once the next is being decoded (on a worker). */
  nextUnderWay?: () => Promise<void>,
): Promise<number> {
  let total = 0;
  let latest: Promise<void> | undefined;
  let latestIds = new Set<string>();
  try {
    for await (const { conversations, next } of prefetched(pages, nextUnderWay)) {
      const n = conversations.keys.length;
      // A conversation on both pages would deadlock their transactions (this one waiting for the
      // other's commit, that one for this one's lock on the row): such a page waits its turn.
      if (conversations.keys.some(([, , id]) => latestIds.has(id))) await latest;
      const write = sink
        .writeBatch({ conversationRows: conversations, checkpoint: checkpointAfter(next), after: latest })
        .then(() => {
          onRows(n);
          total += n;
        });
      // Its failure is reported where it is awaited: below, or as the next page's `after`.
      write.catch(() => undefined);
      const previous = latest;
      [latest, latestIds] = [write, new Set(conversations.keys.map(([, , id]) => id))];
      await previous;
    }
    await latest;
  } catch (error) {
    // The page still out settles (it rolls back when the one before failed) before the caller goes on.
    await latest?.catch(() => undefined);
    throw error;
  }
  return total;
}
