// Genesys details pages read straight to table rows: the page's checks and mapping
// (vendors/genesys readDetailsPage), then the rows the sinks write. The decode worker runs this on its
// thread; the details query drops a repeated conversation's rows with `omit`.
// Modules, not the folders' indexes: the decode worker loads this, and the indexes bring the database
// drivers, the HTTP client and the rest, each costing the worker's start and none used there.
import { type ConversationRows, conversationRows, omitConversations } from '../store/record-rows.js';
import { type DetailsPageReader, readDetailsPage } from '../vendors/genesys/details-pages.js';

export const rowsInThread: DetailsPageReader<ConversationRows> = {
  read: async (body, request) => {
    const page = readDetailsPage(body, request);
    if (!page.ok) return page;
    return { ok: true, data: { ...page.data, conversations: conversationRows(page.data.conversations) } };
  },
  omit: omitConversations,
};
