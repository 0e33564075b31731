// Details pages (the query's, and an async job's results) from body to conversations. Where the
// reading runs is the caller's choice: in this thread as Conversation records, or on a worker thread
// in a form of the caller's (the sync's table rows). Either way the same checks run in the same order
// — JSON, schema, then the page's size — so a bad page gives the same error wherever it was read.
// http's module, not its index: the sync's decode worker loads this, and the index brings the client.
import { type Decoded, decodeJsonBody, overfullDetail } from '../../http/decode-body.js';
import type { Conversation } from '../../model/index.js';
import { toConversation } from './map-to-model.js';
import { detailsResponse, jobResults } from './schemas.js';

export interface DetailsPageRequest {
  /** The details query's page, or a job's results page. */
  shape: 'query' | 'job';
  org: string;
  /** The page size asked for: a page with more conversations is refused. */
  pageSize: number;
}

export interface DetailsPage<P> {
  /** The page's conversation ids, in the vendor's order. */
  ids: string[];
  conversations: P;
  /** A job's results: where the next page starts; absent on the last page. */
  cursor?: string | undefined;
}

export interface DetailsPageReader<P> {
  read(body: Buffer, request: DetailsPageRequest, signal?: AbortSignal): Promise<Decoded<DetailsPage<P>>>;
  /** The conversations without these ids (read already from an earlier page of the same query). */
  omit(conversations: P, ids: ReadonlySet<string>): P;
  /** A reader that decodes elsewhere: resolves once it has a page in hand (at once when it has). */
  working?(): Promise<void>;
}

/** A details page's body to Conversation records: what every reader of details pages runs. */
export function readDetailsPage(body: Uint8Array, request: DetailsPageRequest): Decoded<DetailsPage<Conversation[]>> {
  const decoded = request.shape === 'query' ? decodeJsonBody(body, detailsResponse) : decodeJsonBody(body, jobResults);
  if (!decoded.ok) return decoded;
  const list = decoded.data.conversations;
  // Only a job's results page on: the query pages by number.
  const cursor = ('cursor' in decoded.data && decoded.data.cursor) || undefined;
  if (list.length > request.pageSize) return { ok: false, invalid: overfullDetail(list.length, request.pageSize) };
  const ids: string[] = [];
  const conversations: Conversation[] = [];
  for (const c of list) {
    ids.push(c.conversationId);
    conversations.push(toConversation(request.org, c));
  }
  return { ok: true, data: { ids, conversations, cursor } };
}

/** Pages read where they arrive, as Conversation records. */
export const conversationsInThread: DetailsPageReader<Conversation[]> = {
  read: async (body, request) => readDetailsPage(body, request),
  omit: (conversations, ids) => conversations.filter((c) => !ids.has(c.id)),
};
