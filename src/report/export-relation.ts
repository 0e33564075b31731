// Bulk export of one table or view for a warehouse loader: rows changed at or after a watermark
// (the change stamp every data row carries), streamed page by page so memory stays flat however many
// rows match, and the watermark to ask from next time. Delivery is at least once: the next watermark
// trails the export's start (a batch still committing with an earlier stamp is never skipped), so
// rows near it come again; load them by key (upsert).
import { type Cell, RELATIONS, relationNamed, type Sink, UnknownRelationError } from '../store/index.js';
import { ReportInputError } from './report-input-error.js';

/** How far the next watermark trails the export's start: longer than any write transaction takes. */
const WATERMARK_LAG_MS = 10 * 60_000;

interface ExportRequest {
  relation: string;
  /** Epoch ms; every row when absent. */
  since?: number | undefined;
  /** Receives each page of rows in the catalog's column order; may wait (backpressure). */
  write(columns: readonly string[], rows: readonly Record<string, Cell>[]): Promise<void> | void;
  /** The export's start, epoch ms (injected for tests). */
  now: number;
  pageSize?: number;
}

interface ExportResult {
  rows: number;
  /** Pass as --since next time; undefined for a relation without change stamps (export it whole). */
  nextWatermark: number | undefined;
}

/** `1764000000000` (what an export printed) or an ISO-8601 instant. */
export function parseWatermark(text: string): number {
  const trimmed = text.trim();
  const ms = /^\d{1,16}$/.test(trimmed)
    ? Number(trimmed)
    : /(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed)
      ? Date.parse(trimmed)
      : NaN;
  if (Number.isNaN(ms))
    throw new ReportInputError(
      `--since '${text}' is not a watermark`,
      'Give the number the previous export printed (epoch ms), or an instant such as 2026-11-24T00:00:00Z.',
    );
  return ms;
}

export async function exportRelation(sink: Sink, request: ExportRequest): Promise<ExportResult> {
  const relation = relationNamed(request.relation);
  if (!relation)
    throw new UnknownRelationError(
      request.relation,
      RELATIONS.map((r) => r.name),
    );
  const stamp = relation.columns.find((c) => c.name === 'synced_at_ms' || c.name === 'synced_at');
  if (!stamp && request.since !== undefined)
    throw new ReportInputError(
      `${relation.name} has no change stamp, so --since cannot apply`,
      `Export ${relation.name} whole (drop --since): it is small and rewritten as it changes.`,
    );
  const asValue = (ms: number) => (stamp?.kind === 'timestamp' ? new Date(ms).toISOString() : ms);
  const where =
    stamp && request.since !== undefined
      ? [{ column: stamp.name, op: '>=' as const, value: asValue(request.since) }]
      : [];
  const columns = relation.columns.map((c) => c.name);
  let rows = 0;
  let newest: number | undefined;
  // In storage order: sorting a million rows by stamp would cost the database a sort for nothing,
  // since the next watermark comes from the whole export, not from its last row.
  for await (const page of sink.rows({ relation: relation.name, where }, request.pageSize)) {
    rows += page.length;
    if (stamp)
      for (const r of page) {
        const v = r[stamp.name];
        const ms = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : undefined;
        if (ms !== undefined && (newest === undefined || ms > newest)) newest = ms;
      }
    await request.write(columns, page);
  }
  if (!stamp) return { rows, nextWatermark: undefined };
  const floor = request.since ?? 0;
  return { rows, nextWatermark: Math.max(floor, Math.min(newest ?? floor, request.now - WATERMARK_LAG_MS)) };
}
