// CXone reporting calls: skill summaries for a window and completed contacts changed since a
// watermark, page by page through `_links.next`.
import { type ApiClient, linkedPages } from '../../http/index.js';
import type { Conversation, QueueInterval } from '../../model/index.js';
import { toConversation, toQueueInterval } from './map-to-model.js';
import { completedContacts, skillSummaries } from './schemas.js';

const iso = (ms: number) => new Date(ms).toISOString();

export async function skillSummaryIntervals(
  client: ApiClient,
  org: string,
  from: number,
  to: number,
  signal?: AbortSignal,
): Promise<QueueInterval[]> {
  const { data } = await client.request({
    method: 'GET',
    path: 'skills/summary',
    query: { startDate: iso(from), endDate: iso(to) },
    schema: skillSummaries,
    signal,
  });
  return data.skillSummaries.map((s) => toQueueInterval(org, from, to, s));
}

/** Contacts whose last update is after `updatedSince`, oldest update first (the order a watermark needs). */
export async function* completedContactPages(
  client: ApiClient,
  org: string,
  updatedSince: number,
  options: { top?: number; signal?: AbortSignal } = {},
): AsyncGenerator<Conversation[]> {
  for await (const page of linkedPages(client, 'contacts/completed', completedContacts, {
    query: { updatedSince: iso(updatedSince), orderBy: 'lastUpdateTime asc', top: options.top ?? 10_000 },
    signal: options.signal,
  })) {
    if (page.completedContacts.length > 0) yield page.completedContacts.map((c) => toConversation(org, c));
  }
}
