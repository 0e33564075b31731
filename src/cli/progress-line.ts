// One progress line for `ccpulse sync` on stderr: the running stream's windows done/total and rows,
// redrawn in place as pages are written. Only on a terminal: piped or in CI it is never created, so
// captured output holds no escape codes. Log lines go through it, above the line, so they never tear it.
import type { StreamProgress } from '../sync/index.js';

export interface ProgressOutput {
  isTTY?: boolean;
  columns?: number;
  write(chunk: string): unknown;
}

interface ProgressLine {
  /** From the sync: windows done of a stream. */
  progress(p: StreamProgress): void;
  /** From the sync: rows written by a stream (every page). */
  rows(stream: string, n: number): void;
  /** A destination for the logger: each log line is printed above the progress line. */
  readonly log: { write(line: string): void };
  /** Clears the line, before the summary is printed. */
  close(): void;
}

const CLEAR_LINE = '\r\x1b[K';

/** Undefined when `out` is not a terminal: the caller then shows nothing. */
export function createProgressLine(out: ProgressOutput): ProgressLine | undefined {
  if (!out.isTTY) return undefined;
  const streams = new Map<string, { done: number; total: number; rows: number }>();
  let current: string | undefined;
  let shown = false;

  const text = () => {
    const s = current === undefined ? undefined : streams.get(current);
    if (!current || !s) return '';
    const finished = [...streams.entries()].filter(([name, v]) => name !== current && v.done === v.total);
    const earlier = finished.reduce((n, [, v]) => n + v.rows, 0);
    const before = finished.length > 0 ? `  (${finished.length} done, ${count(earlier)} rows)` : '';
    return `sync ${current}  ${s.done}/${s.total} windows  ${count(s.rows)} rows${before}`;
  };
  const draw = () => {
    const line = text();
    // A terminal that does not say its width (0) gets the classic 80 columns.
    const width = Math.max(10, (out.columns || 80) - 1);
    out.write(`${CLEAR_LINE}${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
    shown = line !== '';
  };
  const entry = (stream: string) => {
    let s = streams.get(stream);
    if (!s) {
      s = { done: 0, total: 0, rows: 0 };
      streams.set(stream, s);
    }
    current = stream;
    return s;
  };

  return {
    progress(p) {
      const s = entry(p.stream);
      s.done = p.windowsDone;
      s.total = p.windowsTotal;
      draw();
    },
    rows(stream, n) {
      entry(stream).rows += n;
      draw();
    },
    log: {
      write(line) {
        out.write(shown ? `${CLEAR_LINE}${line}` : line);
        if (shown) draw();
      },
    },
    close() {
      if (shown) out.write(CLEAR_LINE);
      shown = false;
    },
  };
}

const count = (n: number) => n.toLocaleString('en-US');
