// CXone completed contacts changed since a watermark, oldest update first (the order a watermark
// needs), through every `_links.next` page. One query reaches at most 10,000 records however it is
// paged; when it matched more (totalRecords says so), the rest is asked for again from the last update
// seen, until a query comes back whole. Nothing is lost and nothing is yielded twice.
// CXone refuses an `updatedSince` more than 30 days back (400 "must be 30 days or less"; the public
// singer tap clamps the same way): an older start is clamped, and the caller is told the gap it cannot
// read here (the Data Extraction API reaches older history).
import { CcpulseError } from '../../core/index.js';
import { type ApiClient, ForbiddenError, NotFoundError } from '../../http/index.js';
import type { Conversation } from '../../model/index.js';
import { cxonePages } from './cxone-pages.js';
import { type DispositionNames, toConversation } from './map-to-model.js';
import { type CompletedContact, completedContacts, dispositionList } from './schemas.js';

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

/** How far back contacts/completed takes `updatedSince`. */
export const CONTACTS_UPDATED_SINCE_MAX_DAYS = 30;
/** Kept clear of the limit, so request latency and a little clock skew never cross it. */
const CLAMP_MARGIN_MS = 5 * 60_000;

/** Changes contacts/completed cannot return any more: [from, to) lies beyond its 30 days. */
export interface UnreachableSpan {
  from: number;
  to: number;
}

/** The earliest `updatedSince` CXone accepts at `now`, and what an earlier one would have missed. */
export function clampUpdatedSince(updatedSince: number, now: number): { since: number; gap?: UnreachableSpan } {
  const earliest = now - CONTACTS_UPDATED_SINCE_MAX_DAYS * 86_400_000 + CLAMP_MARGIN_MS;
  return updatedSince >= earliest
    ? { since: updatedSince }
    : { since: earliest, gap: { from: updatedSince, to: earliest } };
}

/**
 * Disposition names by id from CXone's `dispositions` list (contacts carry only the ids); undefined
 * when this token may not read the list, so the contacts show the ids instead of failing.
 */
async function dispositionNames(client: ApiClient, signal?: AbortSignal): Promise<DispositionNames | undefined> {
  const names = new Map<number, string>();
  try {
    for await (const page of cxonePages(client, 'dispositions', dispositionList, { signal }))
      for (const d of page.dispositions) names.set(d.dispositionId, d.dispositionName);
  } catch (error) {
    if (error instanceof ForbiddenError || error instanceof NotFoundError) return undefined;
    throw error;
  }
  return names;
}

/** A contact's version: the same contact updated later is a new change, not a duplicate. */
const versionKey = (c: Conversation) => `${c.id}@${c.lastUpdated ?? ''}`;

export async function* completedContactPages(
  client: ApiClient,
  org: string,
  updatedSince: number,
  options: {
    top?: number;
    signal?: AbortSignal;
    /**
     * Now, for the 30-day clamp: the caller's clock, never a default — a real-clock default clamped
     * a reader on an injected clock 30 days on to after its own now, and it read nothing.
     */
    now: number;
    /** Called once when `updatedSince` was older than CXone reaches, with the span left unread. */
    onUnreachable?: (span: UnreachableSpan) => void;
  },
): AsyncGenerator<Conversation[]> {
  const clamped = clampUpdatedSince(updatedSince, options.now);
  if (clamped.gap) options.onUnreachable?.(clamped.gap);
  let since = clamped.since;
  // Read when the first contact with a disposition arrives, and once more if an id is not in it
  // (a disposition created since).
  let names: DispositionNames | undefined;
  let lookups = 0;
  const toModel = async (raw: CompletedContact[]) => {
    const ids = raw.map((c) => c.primaryDispositionId).filter((id): id is number => !!id);
    if (ids.length > 0 && lookups < 2 && (lookups === 0 || ids.some((id) => names && !names.has(id)))) {
      lookups++;
      names = await dispositionNames(client, options.signal);
    }
    return raw.map((c) => toConversation(org, c, names));
  };
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
      const contacts = (await toModel(page.completedContacts)).filter((c) => !overlap.has(versionKey(c)));
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
