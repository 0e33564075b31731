// CXone completed contacts changed since a watermark, oldest update first (the order a watermark
// needs), through every `_links.next` page. One query reaches at most 10,000 records however it is
// paged; when it matched more (totalRecords says so), the rest is asked for again from the last update
// seen, until a query comes back whole. Nothing is lost and nothing is yielded twice.
import { CcpulseError } from '../../core/index.js';
import type { ApiClient } from '../../http/index.js';
import type { Conversation } from '../../model/index.js';
import { cxonePages } from './cxone-pages.js';
import { toConversation } from './map-to-model.js';
import { completedContacts } from './schemas.js';

/** Records one contacts/completed query reaches across all its pages. */
export const COMPLETED_CONTACTS_CAP = 10_000;

export class CompletedContactsStuckError extends CcpulseError {
  constructor(updatedAt: number) {
    super(
      'CXONE_CONTACTS_STUCK',
      `More completed contacts than one CXone query returns share the update time ${new Date(updatedAt).toISOString()}, so narrowing by updatedSince cannot reach them all`,
      'Report this with the time: a bulk update touched that many contacts at once. Read that span through the Data Extraction API instead.',
    );
  }
}

/** A contact's version: the same contact updated later is a new change, not a duplicate. */
const versionKey = (c: Conversation) => `${c.id}@${c.lastUpdated ?? ''}`;

export async function* completedContactPages(
  client: ApiClient,
  org: string,
  updatedSince: number,
  options: { top?: number; signal?: AbortSignal } = {},
): AsyncGenerator<Conversation[]> {
  let since = updatedSince;
  // Versions already yielded that the next, overlapping query returns again.
  let overlap = new Set<string>();
  for (;;) {
    let received = 0;
    let matched = 0;
    let fresh = 0;
    let lastUpdated = since;
    const recent: Conversation[] = [];
    for await (const page of cxonePages(client, 'contacts/completed', completedContacts, {
      query: {
        updatedSince: new Date(since).toISOString(),
        orderBy: 'lastUpdateTime asc',
        top: options.top ?? COMPLETED_CONTACTS_CAP,
      },
      signal: options.signal,
    })) {
      received += page.completedContacts.length;
      matched = Math.max(matched, page.totalRecords ?? 0);
      const contacts = page.completedContacts
        .map((c) => toConversation(org, c))
        .filter((c) => !overlap.has(versionKey(c)));
      for (const c of contacts) {
        lastUpdated = Math.max(lastUpdated, c.lastUpdated ?? lastUpdated);
        recent.push(c);
      }
      fresh += contacts.length;
      if (contacts.length > 0) yield contacts;
    }
    // Without totalRecords, a query that returned a whole cap is taken as cut off.
    const truncated = matched > 0 ? received < matched : received >= COMPLETED_CONTACTS_CAP;
    if (!truncated) return;
    if (fresh === 0) throw new CompletedContactsStuckError(lastUpdated);
    // Ask again from just before the last update seen: contacts updated in that same millisecond
    // may lie on both sides of the cut. The ones already yielded are skipped by version.
    since = lastUpdated - 1;
    overlap = new Set(recent.filter((c) => (c.lastUpdated ?? 0) >= since).map(versionKey));
  }
}
