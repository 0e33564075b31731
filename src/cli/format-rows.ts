// Prints rows of plain values as an aligned table, JSON, JSON Lines or RFC 4180 CSV. In CSV and JSON
// numbers stay numbers (ratios 0-1, durations in seconds) for a machine to read; only the table,
// which a person reads, shows ratios as percentages and durations rounded.
import { CliInputError } from './cli-input.js';

export const OUTPUT_FORMATS = ['table', 'csv', 'json', 'jsonl'] as const;
type OutputFormat = (typeof OUTPUT_FORMATS)[number];
export type Row = Record<string, string | number | boolean | null | undefined>;

/** How a column reads in the table: `ratio` 0-1 shown as a percentage, `seconds` rounded. */
type DisplayKind = 'text' | 'int' | 'ratio' | 'seconds' | 'time' | 'bool';
interface Column {
  name: string;
  kind: DisplayKind;
}

export function parseOutputFormat(value: string): OutputFormat {
  if ((OUTPUT_FORMATS as readonly string[]).includes(value)) return value as OutputFormat;
  throw new CliInputError(`--format '${value}' is not a format`, `Use one of ${OUTPUT_FORMATS.join(', ')}.`);
}

const text = (v: Row[string]) => (v === undefined || v === null ? '' : String(v));

/** One CSV field: quoted when it holds a comma, a quote or a line break. */
const csvField = (v: Row[string]): string => {
  const s = text(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export const csvLine = (values: readonly Row[string][]): string => `${values.map(csvField).join(',')}\n`;

function display(v: Row[string], kind: DisplayKind): string {
  if (typeof v !== 'number') return text(v);
  if (kind === 'ratio') return `${(v * 100).toFixed(1)}%`;
  if (kind === 'seconds') return v.toFixed(1);
  return String(v);
}

/** `columns` fixes the order (and the CSV header of an empty result); else every key seen, in order. */
export function formatRows(rows: Row[], format: OutputFormat, columns?: readonly Column[]): string {
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  if (format === 'jsonl') return rows.map((r) => `${JSON.stringify(r)}\n`).join('');
  const cols: Column[] = columns
    ? [...columns]
    : [...new Set(rows.flatMap((r) => Object.keys(r)))].map((name) => ({ name, kind: 'text' as const }));
  if (format === 'csv')
    return [csvLine(cols.map((c) => c.name)), ...rows.map((r) => csvLine(cols.map((c) => r[c.name])))].join('');
  if (rows.length === 0) return '(no rows)\n';
  const cells = rows.map((r) => cols.map((c) => display(r[c.name], c.kind)));
  const widths = cols.map((c, i) => cells.reduce((w, r) => Math.max(w, (r[i] ?? '').length), c.name.length));
  const numeric = cols.map((c) => rows.every((r) => typeof r[c.name] === 'number' || r[c.name] == null));
  const line = (values: string[]) =>
    values
      .map((v, i) => (numeric[i] ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[line(cols.map((c) => c.name)), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n')}\n`;
}
