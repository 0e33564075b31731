// Streams pages into the sink with one page of lookahead, so the last page of a window carries the
// window's checkpoint in its own transaction. A crash before that commit leaves the checkpoint where
// it was: the window is fetched again and its rows, upserted by key, end up the same. The next page
// is already being fetched while one is written.
import type { Conversation } from '../model/index.js';
import type { Checkpoint, Sink } from '../store/index.js';
import { prefetched } from './prefetch.js';

export async function writeConversationPages(
  sink: Sink,
  pages: AsyncIterable<Conversation[]>,
  /** The window's done checkpoint, asked for only when the last page is written. */
  checkpoint: () => Checkpoint,
  onRows: (n: number) => void,
): Promise<number> {
  let held: Conversation[] | undefined;
  let total = 0;
  for await (const page of prefetched(pages)) {
    if (held) {
      await sink.writeBatch({ conversations: held });
      onRows(held.length);
    }
    held = page;
    total += page.length;
  }
  await sink.writeBatch({ conversations: held ?? [], checkpoint: checkpoint() });
  if (held) onRows(held.length);
  return total;
}
