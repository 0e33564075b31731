// Prints rows of plain values as an aligned table, JSON lines-free JSON, or RFC 4180 CSV.
export type OutputFormat = 'table' | 'json' | 'csv';
export type Row = Record<string, string | number | boolean | null | undefined>;

export function formatRows(rows: Row[], format: OutputFormat): string {
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: Row[string]) => (v === undefined || v === null ? '' : String(v));
  if (format === 'csv') {
    const quote = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    return `${[columns.map(quote).join(','), ...rows.map((r) => columns.map((c) => quote(cell(r[c]))).join(','))].join('\n')}\n`;
  }
  if (rows.length === 0) return '(no rows)\n';
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const numeric = columns.map((c) => rows.every((r) => typeof r[c] === 'number' || r[c] === undefined));
  const line = (values: string[]) =>
    values
      .map((v, i) => (numeric[i] ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(columns.map((c) => cell(r[c]))))].join('\n')}\n`;
}

export const percent = (v: number | undefined) => (v === undefined ? undefined : `${(v * 100).toFixed(1)}%`);
export const seconds = (ms: number | undefined) => (ms === undefined ? undefined : Math.round(ms / 1000));
