// Which vendor, org and queues a report covers, from what a person typed: a queue by its id or its
// name (any case). A name that matches nothing is an error listing the names it is close to, never
// an empty report that looks like a quiet day.
import { isVendor, VENDORS } from '../config/index.js';
import { editDistance } from '../core/index.js';
import type { Sink } from '../store/index.js';
import { ReportInputError } from './report-input-error.js';

interface ScopeInput {
  vendor?: string | undefined;
  org?: string | undefined;
  /** Queue ids or names. */
  queues?: readonly string[] | undefined;
}

export interface QueueRef {
  vendor: string;
  org: string;
  queueId: string;
}

export interface Scope {
  vendor?: string;
  org?: string;
  /** Only these queues; every queue when absent. */
  queues?: QueueRef[];
}

const queueKey = (q: QueueRef) => `${q.vendor}\u0000${q.org}\u0000${q.queueId}`;

/** Does a row of any view (vendor, org, queue_id) fall in the scope's queues? */
export function inQueues(scope: Scope): (row: Readonly<Record<string, unknown>>) => boolean {
  if (!scope.queues) return () => true;
  const keys = new Set(scope.queues.map(queueKey));
  return (row) =>
    keys.has(queueKey({ vendor: String(row.vendor), org: String(row.org), queueId: String(row.queue_id) }));
}

/** The names within a few edits of `text` (or of its start), or containing it, nearest first. */
/** `--queue 'x' matches no queue; close names: …`: the one sentence for a queue name that matched nothing. */
export function noQueueMatches(text: string, names: Iterable<string>): string {
  const close = closeNames(text, names);
  return `--queue '${text}' matches no queue${close.length > 0 ? `; close names: ${close.join(', ')}` : ''}`;
}

function closeNames(text: string, names: Iterable<string>, max = 5): string[] {
  const wanted = text.toLowerCase();
  const scored: { name: string; score: number }[] = [];
  for (const name of new Set(names)) {
    const lower = name.toLowerCase();
    // A name typed without its tail ("Support" for "Support EU") is close too.
    const distance = Math.min(editDistance(wanted, lower), editDistance(wanted, lower.slice(0, wanted.length)));
    const contains = lower.includes(wanted) || wanted.includes(lower);
    if (contains || distance <= Math.max(2, Math.floor(wanted.length / 3)))
      scored.push({ name, score: contains ? Math.min(distance, 1) : distance });
  }
  return scored
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, max)
    .map((s) => s.name);
}

export async function resolveScope(sink: Sink, input: ScopeInput): Promise<Scope> {
  const scope: Scope = {};
  if (input.vendor !== undefined) {
    if (!isVendor(input.vendor))
      throw new ReportInputError(`--vendor '${input.vendor}' is not a vendor`, `Use one of ${VENDORS.join(', ')}.`);
    scope.vendor = input.vendor;
  }
  const where = scope.vendor ? [{ column: 'vendor', op: '=' as const, value: scope.vendor }] : [];
  const queues: { vendor: string; org: string; queue_id: string; queue_name: string }[] = [];
  for await (const page of sink.rows({ relation: 'v_queues', where, orderBy: ['vendor', 'org', 'queue_id'] }))
    for (const r of page)
      queues.push({
        vendor: String(r.vendor),
        org: String(r.org),
        queue_id: String(r.queue_id),
        queue_name: String(r.queue_name),
      });
  if (input.org !== undefined) {
    const orgs = new Set(queues.map((q) => q.org));
    if (!orgs.has(input.org) && orgs.size > 0)
      throw new ReportInputError(
        `--org '${input.org}' has no data in this database`,
        `Use one of ${[...orgs].sort().join(', ')} (the org names of GENESYS_ORGS/CXONE_ORGS; \`default\` for the unnamed one).`,
      );
    scope.org = input.org;
  }
  if (input.queues && input.queues.length > 0) {
    const candidates = queues.filter((q) => scope.org === undefined || q.org === scope.org);
    const found: QueueRef[] = [];
    for (const text of input.queues) {
      const matches = candidates.filter(
        (q) => q.queue_id === text || q.queue_name.toLowerCase() === text.toLowerCase(),
      );
      if (matches.length === 0) {
        if (candidates.length === 0)
          throw new ReportInputError(
            `--queue '${text}': no queues are in this database yet`,
            'Sync first (`ccpulse sync --once`, or let the daemon run), then ask again.',
          );
        throw new ReportInputError(
          noQueueMatches(
            text,
            candidates.map((q) => q.queue_name),
          ),
          'Give a queue id or its full name (any case); `ccpulse report queues` lists them all.',
        );
      }
      for (const q of matches) found.push({ vendor: q.vendor, org: q.org, queueId: q.queue_id });
    }
    scope.queues = found;
  }
  return scope;
}
